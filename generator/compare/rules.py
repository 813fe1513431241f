"""Every comparison rule: a stable ID, its severity in the compliance check, its diff category, its purpose and words.

Like buf's breaking-change rules, IDs never change once published; editors look them up on the site's editor page.
Severity applies to a county list compared with its parent (措施 1: 覆盖范围和实现程度不得低于市级清单); the same
rules classify the changes between two revisions of one list (措施 2: 动态调整), where a lowering is the
government's right but must be said plainly. The rules about one term's value are its kind's
(:mod:`generator.model.terms`); they are listed here too.
"""
from __future__ import annotations

from ..findings import ERROR, INFO, WARNING, Rule, RuleSet
from ..model.terms import RULES as TERM_RULES

_NARROWED = "{what}范围缩小：按上级清单可以享受、按本清单不能享受的例子——{person}"
_WIDENED = "{what}范围扩大：例如——{person}"

RULES = RuleSet(
    "县（区）清单对照",
    Rule("ITEM_MISSING", ERROR, "删除", "上级清单的服务项目在下级清单中缺失（下级清单必须包含上级全部项目）",
         "缺少上级清单第{number}项“{name}”", "请在 items 中补上这一项，内容不低于上级清单",
         public="{child}清单缺少这一项，低于{parent}（不符合）"),
    Rule("ITEM_ADDED", INFO, "新增", "下级清单新增了上级清单没有的服务项目", "新增项目“{name}”",
         public="{parent}没有这一项，是{child}新增的"),
    Rule("ELIGIBILITY_NARROWED", ERROR, "范围缩小", "有人按上级清单可以享受、按下级清单却不能享受（给出反例）", _NARROWED,
         "请把条件放宽到不窄于上级清单；提示中的命令可以查看反例中的人在本清单下的结果",
         public="{child}的享受范围比{parent}窄（不符合）：例如{person}，按{parent}可以享受，在{child}不能享受"),
    Rule("ELIGIBILITY_WIDENED", INFO, "范围扩大", "下级清单让更多人可以享受（给出例子）", _WIDENED,
         public="{child}的享受范围比{parent}宽：例如{person}，在{child}也可以享受"),
    Rule("TERM_CONDITION_NARROWED", ERROR, "范围缩小", "某项标准的适用人群变窄（给出反例）", _NARROWED,
         "请把这项标准的适用条件（when）放宽到不窄于上级清单",
         public="{child}“{label}”的适用范围比{parent}窄（不符合）：例如{person}，按{parent}适用这项标准，在{child}不适用"),
    Rule("TERM_CONDITION_WIDENED", INFO, "范围扩大", "某项标准的适用人群变宽", _WIDENED,
         public="{child}“{label}”的适用范围比{parent}宽：例如{person}，在{child}也适用这项标准"),
    Rule("TERM_MISSING", ERROR, "删除", "上级清单服务标准中的一项在下级清单中缺失", "服务标准缺少“{label}”",
         "请在 terms 中补上这一项，标准不低于上级清单",
         public="{child}缺少{parent}规定的“{label}”这项标准（不符合）"),
    Rule("TERM_ADDED", INFO, "新增", "下级清单在服务标准中增加了一项", "服务标准新增“{label}”",
         public="{child}增加了{parent}没有的“{label}”这项标准"),
    *TERM_RULES,
    Rule("PARAMETER_UNFILLED", ERROR, "其他", "上级清单留给县区确定的数值（由县区政府确定）没有填写",
         "参数“{label}”（{name}）由县区政府确定，本清单尚未填写", "请在 parameters 下为 {name} 填写 value: 数字",
         public="{parent}把“{label}”留给县（区）确定，{child}还没有定下这个数值（不符合）"),
    Rule("PARENT_OUTDATED", WARNING, "其他", "所依据的上级清单修订版已被更新的修订版取代；已按现行上级清单检查",
         "本清单依据的是{parent}清单修订版 {named}，现行的是修订版 {current}（{effective} 起施行）；已按现行修订版检查",
         "请对照现行上级清单调整本清单，并把 parent.revision 改为 \"{current}\"",
         public="本清单依据的是{parent}清单的旧修订版（{named}），以上结论按现行修订版（{current}）得出"),
    Rule("TEXT_CHANGED_RULE_UNCHANGED", WARNING, "文字修改", "正式文字改了，但机器可读的规则没有相应改变，请确认二者一致",
         "正式文字（{fields}）有修改，但机器可读的规则没有改变",
         "如果标准或对象确实变了，请同时修改 eligibility 或 terms 中对应的条件和数值；如果只是文字订正，请确认规则与新文字一致",
         public="{child}改写了这一项的文字（{label}），享受条件和标准与{parent}相同"),
    Rule("COMPARISON_SKIPPED", WARNING, "其他", "上级清单有错误，暂时无法检查下级清单是否低于它（错误报告在上级清单上）",
         "上级清单 {parent}（{code}）修订版 {revision}{how}有错误（见 {path}），暂时无法检查本清单是否低于上级清单",
         "上级清单改正后，请重新运行 qingdan check"),
)
