"""Every rule the check of the plan's targets and statistics can report, in one registry (ID, severity, category,
purpose, message and hint templates): :mod:`generator.loading.plan`, :mod:`generator.loading.statistics` and
:mod:`generator.model.plan_semantics` raise them with :func:`plan_finding`, so a rule's words live here only."""
from __future__ import annotations

from ..findings import ERROR, WARNING, Finding, Location, Rule, RuleSet

TARGETS, STATISTICS = "目标", "统计数据"
RULES = RuleSet(
    "实施方案的目标与统计数据",
    # -- the parts of the plan --------------------------------------------------------------------------------------
    Rule("PLAN_PART_MISSING", ERROR, TARGETS, "统计指标、目标和统计数据三部分只提供了一部分", "缺少{what}：{path}",
         "实施方案的目标与统计数据由三部分组成：indicators.yaml（统计指标）、targets/（目标，每个文件一项）和 "
         "statistics/（每季度一个 CSV 文件及其数据包描述 datapackage.json），三者要一起提供"),
    Rule("SOURCE_NOT_FOUND", ERROR, TARGETS, "引文所依据的原文文件不存在", "找不到原文文件“{source}”",
         "请把公开文件的全文放到 policy/sources/ 下，并写对文件名"),
    Rule("QUOTE_NOT_IN_SOURCE", ERROR, TARGETS, "目标或指标引用的原文不在原文文件中（没有逐字照录，或各段的先后与原文不同）",
         "引文的第 {number} 段不在原文中（或不在前一段之后）：“{passage}”",
         "quote 必须逐字照录 {source}，标点和数字也要一样；原文在分页处断开的句子分成两段写，"
         "中间省略的部分不写，各段按原文的先后排列"),
    # -- indicators and targets -------------------------------------------------------------------------------------
    Rule("INDICATOR_RATIO_UNIT", ERROR, TARGETS, "比例指标的单位不是 %", "指标“{label}”是比例（有分子和分母），单位应为“%”，实际是“{unit}”",
         "写 unit: \"%\"；数值为分子除以分母乘以 100"),
    Rule("TARGET_FILE_NAME", ERROR, TARGETS, "目标文件名不能用作目标的标识（网址）", "目标文件名“{name}”不能用作目标的标识",
         "文件名只用英文小写字母、数字和连字符，例如 community-coverage.yaml；发布后不要改名"),
    Rule("TARGET_UNKNOWN_INDICATOR", ERROR, TARGETS, "目标考核的指标没有在 indicators.yaml 中定义", "没有统计指标“{measure}”",
         "measure 写 indicators.yaml 中定义的指标标识{suggestion}"),
    Rule("TARGET_UNIT_MISMATCH", ERROR, TARGETS, "目标阈值的单位与指标的单位不同",
         "目标的单位“{unit}”与指标“{label}”的单位“{expected}”不同", "写 unit: \"{expected}\"，阈值按这个单位填写"),
    Rule("TARGET_LEVEL_MISMATCH", ERROR, TARGETS, "目标考核的层级（全市或县区）没有这项指标的统计",
         "指标“{label}”只按{levels}统计，不能用来考核{level}",
         "把 levels 改成指标统计的层级，或在 indicators.yaml 中为该指标加上这一层级"),
    Rule("TARGET_DUPLICATE_REQUIREMENT", ERROR, TARGETS, "同一目标中两条要求的标识相同", "本目标中已有标识为“{id}”的要求",
         "每条要求的 id 在同一个目标中必须不同"),
    Rule("TARGET_TEXT_GAP", WARNING, TARGETS, "原文按人口规模规定的要求没有覆盖所有县（区）：这是文件的空白，检查不作推断",
         "目标“{target}”：原文对{gap}的县（区）没有规定，这些县（区）显示为“文件未规定”，不作推断",
         "这是原文的空白，检查不会替文件补上标准；如果后来的文件作出了规定，请在本目标中加一条要求并引用那份文件"),
    # -- the data package -------------------------------------------------------------------------------------------
    Rule("STAT_PACKAGE_JSON", ERROR, STATISTICS, "数据包描述或表结构不是有效的 JSON", "{file} 不是有效的 JSON：{problem}",
         "检查这一位置附近的逗号、引号和括号；可以对照编辑指南中的示例"),
    Rule("STAT_PACKAGE", ERROR, STATISTICS, "数据包描述不符合 Frictionless 数据包（Data Package）规范", "数据包描述不符合要求：{problem}",
         "datapackage.json 应为 Frictionless 数据包（Data Package）：写明 name、title、description，resources 中每季度一项"
         "（name、path、schema），见编辑指南“目标与统计数据”一节"),
    Rule("STAT_RESOURCE_PATH", ERROR, STATISTICS, "数据包中的资源不是本目录中按季度命名的 CSV 文件",
         "资源“{name}”的文件“{path}”不是本目录中“年份Q季度.csv”形式的文件名",
         "每季度一个文件，写成 \"path\": \"2025Q4.csv\"，\"name\": \"2025q4\"；不能写网址或其他目录中的文件"),
    Rule("STAT_RESOURCE_DUPLICATE", ERROR, STATISTICS, "数据包中同一季度有两个资源",
         "{quarter} 已有一个资源（“{first}”），不能再有“{second}”", "每个季度只有一个文件；删除重复的一项"),
    Rule("STAT_TABLE_SCHEMA", ERROR, STATISTICS, "表结构（Table Schema）不是本目录的 tableschema.json，或缺少统计数据的字段",
         "表结构有误：{problem}",
         "每个资源写 \"schema\": \"tableschema.json\"；tableschema.json 应含 region、quarter、indicator、numerator、"
         "denominator、value、unit、source、note 九个字段"),
    Rule("STAT_FILE_NOT_IN_PACKAGE", ERROR, STATISTICS, "统计数据目录中有没有列在数据包中的 CSV 文件",
         "{file} 没有列在 datapackage.json 中：这份数据不会被检查，也不会发布",
         "在 datapackage.json 的 resources 中加上它，或者删除这个文件"),
    Rule("STAT_QUARTER_MISSING", ERROR, STATISTICS, "缺少一个应有的季度（措施 3：每季度定期发布）",
         "缺少 {quarter} 的统计数据：自 {first} 起每个季度都要有一个文件（措施 3：每季度定期发布）",
         "补上 {quarter}.csv，并在 datapackage.json 的 resources 中列出它"),
    # -- one quarter's table ----------------------------------------------------------------------------------------
    Rule("STAT_HEADER", ERROR, STATISTICS, "季度文件的表头与表结构不符", "表头有误：{problem}",
         "第一行（表头）必须是 region,quarter,indicator,numerator,denominator,value,unit,source,note，顺序也一样"),
    Rule("STAT_ROW_SHAPE", ERROR, STATISTICS, "一行的单元格数与表头不同", "这一行{problem}",
         "每行与表头一样有 9 列：检查是否多写或漏写了逗号；含逗号的文字要用英文双引号括起来"),
    Rule("STAT_BLANK_ROW", ERROR, STATISTICS, "季度文件中有空行", "这是一个空行", "删除这一行"),
    Rule("STAT_LINE_BREAK", ERROR, STATISTICS, "单元格中有换行（行号因此对不上）", "“{field}”列的单元格里有换行",
         "一个单元格的内容写在同一行里"),
    Rule("STAT_CELL_REQUIRED", ERROR, STATISTICS, "必填的单元格是空的", "“{field}”列不能为空", "{what}"),
    Rule("STAT_NOT_A_NUMBER", ERROR, STATISTICS, "数字列中的内容不是普通写法的数字",
         "“{field}”列的“{cell}”不是数字",
         "只写阿拉伯数字和小数点，例如 92.5；不写单位、千位分隔符、全角数字、正负号或科学计数法"),
    Rule("STAT_CELL_FORMAT", ERROR, STATISTICS, "单元格的格式与表结构不符", "“{field}”列的“{cell}”格式不对", "{what}"),
    Rule("STAT_TABLE", ERROR, STATISTICS, "表格无法按表结构读取", "表格无法按表结构读取（“{kind}”）",
         "请用表格软件打开检查，另存为 UTF-8 编码的 CSV 文件"),
    Rule("STAT_DUPLICATE_ROW", ERROR, STATISTICS, "同一地区、季度和指标有两行",
         "与第 {other} 行重复：同一地区、季度和指标只能有一行", "删除重复的一行，或改正其中的地区、季度或指标"),
    # -- what the figures mean --------------------------------------------------------------------------------------
    Rule("STAT_QUARTER_MISMATCH", ERROR, STATISTICS, "一行的季度与所在文件的季度不同",
         "季度“{cell}”与文件名不符：{file} 只能有 {quarter} 的数据", "把季度改为 {quarter}，或把这一行移到 {cell}.csv 中"),
    Rule("STAT_QUARTER_IN_FUTURE", ERROR, STATISTICS, "季度还没有结束就有了统计数据",
         "{quarter} 还没有结束（{end}结束），不能已有这个季度的统计数据", "检查文件名和季度是否写错；季度结束、数据汇总后再发布"),
    Rule("STAT_UNKNOWN_REGION", ERROR, STATISTICS, "统计数据中的地区在政策目录中没有清单",
         "没有行政区划代码为“{code}”的地区：只有政策目录中有清单的地区才有统计数据", "可用的代码：{known}"),
    Rule("STAT_UNKNOWN_INDICATOR", ERROR, STATISTICS, "统计数据中的指标没有在 indicators.yaml 中定义",
         "没有统计指标“{indicator}”", "指标在 policy/indicators.yaml 中定义{suggestion}"),
    Rule("STAT_REGION_LEVEL", ERROR, STATISTICS, "指标不按这一层级（全市或县区）统计",
         "指标“{label}”只按{levels}统计，{region}不应有这一行", "删除这一行，或检查地区代码是否写错"),
    Rule("STAT_UNIT_MISMATCH", ERROR, STATISTICS, "一行的单位与指标的单位不同",
         "单位应为“{expected}”（指标“{label}”），实际是“{unit}”", "写“{expected}”；数值按这个单位填写"),
    Rule("STAT_RATIO_PARTS", ERROR, STATISTICS, "比例指标缺少分子或分母，或非比例指标写了分子分母",
         {"missing": "指标“{label}”是比例，要同时写分子（{numerator}）和分母（{denominator}）",
          "extra": "指标“{label}”不是比例，分子和分母应留空"},
         "比例指标写分子（numerator）、分母（denominator）和比例（value）；其他指标只写 value，分子分母留空"),
    Rule("STAT_DENOMINATOR_ZERO", ERROR, STATISTICS, "比例的分母为 0", "分母（{label}）是 0，无法计算比例",
         "没有统计对象时不写这一行；否则请改正分母"),
    Rule("STAT_NUMERATOR_OVER_DENOMINATOR", ERROR, STATISTICS, "比例的分子大于分母",
         "分子 {numerator} 大于分母 {denominator}：{numerator_label}不可能多于{denominator_label}",
         "请核对这两个数字，分子是分母的一部分"),
    Rule("STAT_PERCENT_OVER_100", ERROR, STATISTICS, "百分比超过 100%", "比例是 {value}%，超过了 100%",
         "比例不会超过 100%，请核对数值"),
    Rule("STAT_VALUE_MISMATCH", ERROR, STATISTICS, "比例与分子、分母算出的不同",
         "比例 {value}% 与分子、分母不符：{numerator} ÷ {denominator} × 100 = {computed}",
         "value 写分子除以分母乘以 100，按所写的小数位四舍五入"),
    Rule("STAT_DECREASED", ERROR, STATISTICS, "累计数比上一季度少（累计数只增不减；当年累计数在同一年内）",
         "{what}是累计数，不会减少：{quarter} 是 {value}，少于 {previous_quarter} 的 {previous}（{previous_file} 第 {previous_row} 行）",
         "累计数只增不减；请核对这两个季度的数字"),
)


def plan_finding(rule_id: str, location: Location, variant: str | None = None, **fields: object) -> Finding:
    """The finding of rule ``rule_id`` at ``location``, its message and hint filled in with ``fields``."""
    return RULES[rule_id].at(location, variant=variant, **fields)
