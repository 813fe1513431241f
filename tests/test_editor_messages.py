"""Messages that tell an editor what to write (issue 12, points 10–14), read from the real command line on a copy of
policy/: what the city requires and what the county wrote, the changed condition and a counter-example in words, the
command that reproduces it, and input-method slips at their own line and column."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.errors import PolicyError
from generator.loading.schema import schema_findings
from generator.loading.yamlsafe import load_yaml, parse_yaml
from tests.compare.helpers import PINGCHENG, YUNGANG, append, edit
from tests.conftest import run_qingdan
from tests.finding_audit import problem_with

YANGGAO = Path("lists/140221/2024-04-01.yaml")
AS_OF = "2024-06-01"


def printed(result: subprocess.CompletedProcess, rule: str) -> list[dict]:
    """Each ``rule`` finding of a text report: where, message and the (possibly several-line) hint below it."""
    found, lines = [], result.stdout.splitlines()
    for index, line in enumerate(lines):
        head, sep, message = line.partition(f": error[{rule}] ")
        if not sep:
            head, sep, message = line.partition(f": warning[{rule}] ")
        if sep:
            hint = []
            for following in lines[index + 1:]:
                if not following.startswith("    "):
                    break
                hint.append(following.removeprefix("    提示：").strip())
            found.append({"where": head, "message": message, "hint": "\n".join(hint)})
    return found


def only(result: subprocess.CompletedProcess, rule: str) -> dict:
    found = printed(result, rule)
    assert len(found) == 1, f"{rule}: {found}\n{result.stdout}{result.stderr}"
    return found[0]


def check(policy: Path) -> subprocess.CompletedProcess:
    return run_qingdan("check", "--as-of", AS_OF, cwd=policy.parent)


def column_of(policy: Path, relative: Path, line: int, text: str) -> int:
    """The 1-based column where ``text`` first occurs on ``line`` of the file."""
    return (policy / relative).read_text(encoding="utf-8").splitlines()[line - 1].index(text) + 1


def where(relative: Path, line: int, col: int) -> str:
    return f"policy/{relative.as_posix()}:{line}:{col}"


# -- point 10: what the city requires, what the county wrote, what to write ---------------------------------------
@pytest.mark.parametrize("county, name", [(PINGCHENG, "本区"), (YANGGAO, "本县")], ids=["district", "county"])
def test_lowered_amount_says_what_the_city_requires_and_what_to_write(policy_copy, county, name):
    if county == PINGCHENG:
        line = edit(policy_copy, county, "      subsidy: {value: 80, example: true}\n", "      subsidy: {value: 60}\n")
    else:
        line = append(policy_copy, county, "  care-service-subsidy:\n    terms:\n      subsidy: {value: 60}\n") + 2
    result = check(policy_copy)
    assert result.returncode == 1
    finding = only(result, "AMOUNT_LOWERED")
    assert finding["where"] == where(county, line, column_of(policy_copy, county, line, "60"))
    assert finding["message"] == f"第10项“养老服务补贴”：市清单要求每人每月不低于70元；{name}写的是60元。请改为不低于70元。"


@pytest.mark.parametrize("county, old, new, rule, at, message", [
    (YUNGANG, "      visits: {value: 2, example: true}\n", "      visits: {value: 0, example: true}\n", "COUNT_LOWERED",
     "0", "第18项“探访服务”：市清单要求“探访关爱（生活能够自理）”每月不少于1次；本区写的是0次。请改为不少于1次。"),
    (PINGCHENG, "      review-days: {value: 5, example: true}\n", "      review-days: {value: 10, example: true}\n",
     "TIME_LIMIT_LENGTHENED", "10",
     "第12项“法律援助”：市清单要求“审查并作出是否给予法律援助的决定”7日内；本区写的是10日。请改为7日内。"),
    (PINGCHENG, "      subsidy: {value: 80, example: true}\n", "      subsidy: {value: 80, bound: max, example: true}\n",
     "BOUND_WEAKENED", "80",
     "第10项“养老服务补贴”：市清单要求每人每月不低于70元；本区写的是每人每月不超过80元。请改为“不低于”（bound: min）。"),
    (PINGCHENG, "      subsidy: {value: 80, example: true}\n", "      subsidy: {value: 800, period: 年, example: true}\n",
     "AMOUNT_LOWERED", "800", "第10项“养老服务补贴”：市清单要求每人每月不低于70元；本区写的是每年800元。请改为每年不低于840元。"),
    (PINGCHENG, "      subsidy: {value: 80, example: true}\n", "      subsidy: {value: 800, unit: 角, example: true}\n",
     "UNIT_MISMATCH", "800", "第10项“养老服务补贴”：市清单的服务标准以“元”为单位（每人每月不低于70元）；本区写的单位是“角”，"
                             "无法比较。请把单位改为“元”（unit: 元），并按“元”填写数值。"),
    (PINGCHENG, "      subsidy: {value: 80, example: true}\n", "      subsidy: {kind: text, text: 按规定发放, example: true}\n",
     "TERM_KIND_CHANGED", "{", "第10项“养老服务补贴”：市清单的服务标准是金额（每人每月不低于70元）；本区写成了文字，"
                              "无法确认不低于市清单。请改回金额（kind: amount）并写明数值。"),
], ids=["count", "time-limit", "bound", "other-period", "unit", "kind"])
def test_every_weakened_standard_says_what_to_write(policy_copy, county, old, new, rule, at, message):
    line = edit(policy_copy, county, old, new)
    result = check(policy_copy)
    assert result.returncode == 1
    finding = only(result, rule)
    assert finding["where"] == where(county, line, column_of(policy_copy, county, line, at))
    assert finding["message"] == message


def test_lowered_discount_says_what_to_write(policy_copy):
    line = append(policy_copy, YUNGANG, "  public-transport:\n    terms:\n      bus-fare: {payable: 0.5}\n") + 2
    finding = only(check(policy_copy), "DISCOUNT_LOWERED")
    assert finding["where"] == where(YUNGANG, line, column_of(policy_copy, YUNGANG, line, "{"))
    assert finding["message"] == ("第7项“乘坐城市公共交通工具”：市清单要求“市内公交车和城市轨道交通票价”免费；本区写的是半价。"
                                  "请改为免费（payable: 0）。")


def test_a_lowered_parameter_says_which_value_to_give_the_parameter(policy_copy):
    line = edit(policy_copy, PINGCHENG, "    value: 120\n", "    value: 90\n")
    found = printed(check(policy_copy), "AMOUNT_LOWERED")
    assert {f["where"] for f in found} == {where(PINGCHENG, line, column_of(policy_copy, PINGCHENG, line, "90"))}
    half = next(f for f in found if "半护理" in f["message"])
    assert half["message"] == ("第16项“分散供养”：市清单要求“护理补贴（半护理）”每人每月不低于200元（经济困难失能老年人护理补贴标准的"
                               "2倍）；本区写的是180元。请改为不低于200元。")
    assert half["hint"] == ("这里的数值来自参数“经济困难失能老年人护理补贴标准”（nursing_subsidy_standard）的2倍："
                            "请把该参数的 value 改为不低于100元")


def test_unfilled_parameter_says_where_to_write_the_value(policy_copy):
    edit(policy_copy, PINGCHENG, "  old_age_allowance_80_99:\n    value: 50\n    example: true\n", "")
    finding = only(check(policy_copy), "PARAMETER_UNFILLED")
    assert finding["message"] == ("第8项“高龄津贴”：市清单规定参数“80至99周岁高龄津贴标准”（old_age_allowance_80_99）"
                                  "由县区政府确定（金额和发放周期），本区清单尚未填写。")
    assert finding["hint"] == "请在 parameters 下为 old_age_allowance_80_99 填写 value: 数字（单位：元/人）"


def test_missing_item_and_term_say_what_to_add(policy_copy):
    city = (policy_copy / "lists/140200/2024-02-06.yaml").read_text(encoding="utf-8")
    county = city.replace('code: "140200"\n  name: 大同市', 'code: "140227"\n  name: 测试县')
    county = county.replace("list_id: datong-basic-elderly-care", "list_id: test-county")
    county = county[:county.index("  - number: 22\n")]
    health_fee = "      - {id: health-fee, kind: discount, label: 电子健康档案和健康管理服务费用, payable: 0}\n"
    assert health_fee in county
    county = county.replace(health_fee, "")
    target = policy_copy / "lists/140227/2024-02-06.yaml"
    target.parent.mkdir()
    target.write_text(county, encoding="utf-8")
    result = run_qingdan("compare", "140200", str(target), "--as-of", AS_OF, cwd=policy_copy.parent)
    assert result.returncode == 1
    first_item = county.splitlines().index("items:") + 2
    missing = only(result, "ITEM_MISSING")
    assert missing["where"].endswith(f"140227/2024-02-06.yaml:{first_item}:3")
    assert missing["message"] == ("第22项“社会救助”：本县清单缺少市清单的这一项。下级清单必须包含市清单的全部项目："
                                  "请在 items 中补上这一项（id: homeless-relief），内容不低于市清单。")
    term = only(result, "TERM_MISSING")
    assert term["message"] == ("第6项“健康管理”：服务标准缺少“电子健康档案和健康管理服务费用”：市清单有这一项标准，本县清单没有。"
                               "请在 terms 中补上（id: health-fee），标准不低于市清单。")


def test_text_changed_without_the_rule_says_what_to_confirm(policy_copy):
    line = append(policy_copy, YUNGANG, (
        "  centenarian-allowance:\n    official:\n      standard: 100周岁及以上高龄老年人每人每月500元\n")) + 2
    finding = only(check(policy_copy), "TEXT_CHANGED_RULE_UNCHANGED")
    assert finding["where"] == where(YUNGANG, line, column_of(policy_copy, YUNGANG, line, "100周岁"))
    assert finding["message"] == ("第9项“高龄津贴”：本区修改了正式文字（服务标准），但机器可读的规则（eligibility、terms）"
                                  "与市清单相同。")
    assert finding["hint"].startswith("如果标准或对象确实变了，请同时修改 eligibility 或 terms")


# -- point 11: the changed condition, both conditions and the counter-example in words ------------------------------
def test_narrowed_eligibility_points_at_the_changed_condition_and_says_both(policy_copy):
    line = edit(policy_copy, PINGCHENG, "        - {fact: age, ge: 75}\n", "        - {fact: age, ge: 85}\n")
    finding = only(check(policy_copy), "ELIGIBILITY_NARROWED")
    assert finding["where"] == where(PINGCHENG, line, column_of(policy_copy, PINGCHENG, line, "ge: 85"))
    assert finding["message"] == ("第10项“养老服务补贴”：享受范围缩小。市清单：年满80周岁；本区：年满85周岁。"
                                  "例如：80周岁、经济状况为低保（最低生活保障）的老年人在市清单下可以享受，在本区清单下不能享受。"
                                  "请把条件放宽到不窄于市清单。")


def test_narrowed_term_condition_points_at_the_changed_condition_and_says_both(policy_copy):
    line = append(policy_copy, YUNGANG, (
        "  tekun-dispersed-support:\n    terms:\n      care-full:\n        when: {fact: self_care, eq: total}\n")) + 3
    finding = only(check(policy_copy), "TERM_CONDITION_NARROWED")
    assert finding["where"] == where(YUNGANG, line, column_of(policy_copy, YUNGANG, line, "{"))
    said = re.fullmatch(r"第16项“分散供养”：“护理补贴（全护理）”的适用范围缩小。市清单：(?P<city>[^；]*全护理[^；]*)；"
                        r"本区：老年人能力等级为能力完全丧失（完全失能）。例如：(?P<person>[^。]+)的老年人在市清单下"
                        r"(?:可以享受|可能可以享受)“护理补贴（全护理）”，在本区清单下不能享受。请把条件放宽到不窄于市清单。",
                        finding["message"])
    assert said, finding["message"]
    assert "老年人能力等级为能力重度受损（重度失能）" in said["person"]


def test_narrowing_through_a_definition_points_at_the_definition(policy_copy):
    line = append(policy_copy, YUNGANG, (
        "definitions:\n  economically_difficult:\n    condition: {fact: economic_status, in: [dibao, tekun]}\n"
        "    example: true\n")) + 2
    found = printed(check(policy_copy), "ELIGIBILITY_NARROWED")
    adaptation = next(f for f in found if f["message"].startswith("第11项"))
    assert adaptation["where"] == where(YUNGANG, line, column_of(policy_copy, YUNGANG, line, "in:"))
    assert adaptation["message"].startswith(
        "第11项“家庭适老化改造”：享受范围缩小。市清单：经济状况为其他经济困难、低保边缘、低保（最低生活保障）或特困供养；"
        "本区：经济状况为低保（最低生活保障）或特困供养。例如：")


# -- point 12: the counter-example and the command that reproduces it, in text mode --------------------------------
def test_text_report_prints_a_command_that_reproduces_the_counterexample(policy_copy):
    edit(policy_copy, PINGCHENG, "        - {fact: age, ge: 75}\n", "        - {fact: age, ge: 85}\n")
    result = check(policy_copy)
    assert "extra.counterexample" not in result.stdout
    hint = only(result, "ELIGIBILITY_NARROWED")["hint"].splitlines()
    assert hint == ["用这条命令查看本区清单对这个人的结果：",
                    "echo '{\"age\": 80, \"economic_status\": \"dibao\"}' | qingdan eligibility --region 140213 "
                    "--profile - --as-of 2024-04-01"]
    # pasted into a shell as it is (JSON output added to read the answer): 本区 says no, the city says yes
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    assert (Path(sys.executable).parent / "qingdan").exists()

    def item_10(command: str) -> str:
        run = subprocess.run(["bash", "-c", command + " --format json"], cwd=policy_copy.parent, capture_output=True,
                             text=True, timeout=120, env={**os.environ, "PATH": path})
        assert run.returncode == 0, run.stderr
        return next(r["status"] for r in json.loads(run.stdout)["results"] if r["number"] == 10)

    assert item_10(hint[1]) == "ineligible"
    assert item_10(hint[1].replace("--region 140213", "--region 140200")) == "eligible"


def test_json_report_keeps_the_counterexample(policy_copy):
    edit(policy_copy, PINGCHENG, "        - {fact: age, ge: 75}\n", "        - {fact: age, ge: 85}\n")
    result = run_qingdan("compare", "140200", "140213", "--format", "json", "--as-of", AS_OF, cwd=policy_copy.parent)
    (finding,) = [f for f in json.loads(result.stdout)["findings"] if f["rule"] == "ELIGIBILITY_NARROWED"]
    assert finding["extra"]["counterexample"] == {"age": 80, "economic_status": "dibao"}
    assert "qingdan eligibility --region 140213 --profile -" in finding["hint"]


# -- point 13: input-method slips, at their own line and column, with what to type ---------------------------------
@pytest.mark.parametrize("old, new, at, rule, message, hint", [
    # parses wrongly: the next line is where the parser notices
    ("    notes: 示例：", "    notes： 示例：", "：", "YAML_FULLWIDTH_COLON",
     "键“notes”后面是全角冒号“：”（中文输入法），YAML 不把它当作冒号",
     "请改成英文冒号加一个空格：notes: 示例：平城区将养老服务补贴对象放宽到75周岁及以上经济困难老…"),
    # parses, but as the key "fact： age": the schema then fails
    ("        - {fact: age, ge: 75}\n", "        - {fact： age, ge: 75}\n", "：", "YAML_FULLWIDTH_COLON",
     "键“fact”后面是全角冒号“：”（中文输入法），YAML 不把它当作冒号", "请改成英文冒号加一个空格：fact: age"),
    ("    notes: 示例：", "\u3000\u3000notes: 示例：", "\u3000", "YAML_FULLWIDTH_SPACE",
     "行首用了 2 个全角空格（中文输入法下的空格）缩进；YAML 只认半角空格",
     "请把这 2 个全角空格换成 4 个半角空格（英文输入法下按空格键），与同一层的键左对齐"),
    ("    notes: 示例：", "    notes:\u3000示例：", "\u3000", "YAML_FULLWIDTH_SPACE",
     "键“notes”的冒号后面是全角空格（中文输入法下的空格）；YAML 要求冒号后面是半角空格",
     "请把全角空格换成一个半角空格：notes: 示例：平城区将养老服务补贴对象放宽到75周岁及以上经济困难老…"),
    ("      subsidy: {value: 80, example: true}\n", "\t  subsidy: {value: 80, example: true}\n", "\t", "YAML_TAB",
     "这一行用 Tab 键缩进；YAML 只能用空格缩进", "请把行首的 Tab 换成空格（与同一层的键左对齐，通常每层两个空格）"),
    # full-width quotes around a text holding ": " break the line
    ("    notes: 示例：平城区将养老服务补贴对象放宽到75周岁及以上经济困难老年人，标准提高到每人每月80元。\n",
     "    notes: “示例: 平城区将养老服务补贴对象放宽”\n", "“", "YAML_FULLWIDTH_QUOTE",
     "这里用了中文引号 “ ；YAML 只认英文引号", '请改成英文引号："示例: 平城区将养老服务补贴对象放宽"（或者不加引号）'),
    # an English quote closed by a Chinese one never ends
    ("  issuer: 平城区人民政府（示例）\n", '  issuer: "平城区人民政府（示例）”\n', "”", "YAML_FULLWIDTH_QUOTE",
     "引号没有配对：开头是英文引号 \"，结尾却是中文引号 ”", "请把结尾的 ” 改成英文引号 \""),
    # parses as the text “140213”, which is no region code
    ('  code: "140213"\n', "  code: “140213”\n", "“", "YAML_FULLWIDTH_QUOTE",
     "这里用了中文引号 “ ；YAML 只认英文引号", '请改成英文引号："140213"（或者不加引号）'),
], ids=["colon", "colon-in-flow", "fullwidth-space", "fullwidth-space-after-colon", "tab", "quote-opening", "quote-closing", "quote-in-code"])
def test_input_method_slips_are_reported_where_they_are_with_the_fix(policy_copy, old, new, at, rule, message, hint):
    line = edit(policy_copy, PINGCHENG, old, new)
    result = check(policy_copy)
    assert result.returncode == 1
    finding = only(result, rule)
    assert finding["where"] == where(PINGCHENG, line, column_of(policy_copy, PINGCHENG, line, at))
    assert finding["message"] == message
    assert finding["hint"] == hint
    assert "YAML_SYNTAX" not in result.stdout and "SCHEMA" not in result.stdout


def test_fullwidth_quotes_and_colons_inside_chinese_text_are_fine(policy_copy):
    edit(policy_copy, PINGCHENG, "    notes: 示例：平城区将养老服务补贴对象",
         "    notes: 示例：平城区将“养老服务补贴”‘对象’")
    result = check(policy_copy)
    assert result.returncode == 0, result.stdout + result.stderr


# -- point 14: no English library text ---------------------------------------------------------------------------
def test_a_syntax_error_is_told_in_chinese_with_the_fix(policy_copy):
    line = edit(policy_copy, PINGCHENG, "      subsidy: {value: 80, example: true}\n", "      subsidy: {value: 80, example: true\n")
    result = check(policy_copy)
    finding = only(result, "YAML_SYNTAX")
    assert finding["message"] == f"YAML 语法错误：花括号 {{ }} 没有配对，或者项与项之间缺少英文逗号（从第 {line} 行第 16 列开始）"
    assert finding["hint"] == "检查 { 与 } 是否配对，项与项之间用英文逗号 , 分隔"


def test_a_character_the_yaml_reader_refuses_is_located_and_told_in_chinese(policy_copy):
    line = edit(policy_copy, PINGCHENG, "    notes: 示例：", "    notes: 示例\ufffe：")
    finding = only(check(policy_copy), "CONTROL_CHARACTER")
    assert finding["where"] == where(PINGCHENG, line, column_of(policy_copy, PINGCHENG, line, "\ufffe"))
    assert finding["message"] == "这里有 YAML 不允许的控制字符 U+FFFE"


@pytest.mark.parametrize("text", ["a: 1\nb: [1, 2\nc: 3\n", "a:\n  b: 1\n c: 2\n", 'a: "x\\q"\n', "a: @x\n", "a: |0\n  x\n",
                                  "%YAML 2.0\n---\na: 1\n", "a: 1\n...\nb: 2\n", 'a: "open\n', "a: \ufffe\n"])
def test_parser_problems_are_all_in_chinese(text):
    with pytest.raises(PolicyError) as info:
        parse_yaml(text, "t.yaml")
    for finding in info.value.findings:
        assert problem_with(finding.message) is None and problem_with(finding.hint) is None, finding


def test_an_unreadable_file_says_why_in_chinese(tmp_path):
    with pytest.raises(PolicyError) as info:
        load_yaml(tmp_path / "absent.yaml", "absent.yaml")
    (finding,) = info.value.findings
    assert (finding.rule, finding.message) == ("FILE_UNREADABLE", "无法读取文件：文件不存在")
    assert finding.hint == "请检查文件名和路径是否写对"


def test_the_schema_fallback_message_is_chinese(tmp_path):
    schema = tmp_path / "s.json"
    schema.write_text(json.dumps({"type": "array", "uniqueItems": True}), encoding="utf-8")
    (finding,) = schema_findings(parse_yaml("- a\n- a\n", "t.yaml"), schema)
    assert finding.rule == "SCHEMA" and problem_with(finding.message) is None and problem_with(finding.hint) is None


@pytest.mark.parametrize("text, problem", [
    ("YAML 语法错误：mapping values are not allowed in this context", "含有英文句子“mapping values are not allowed in this context”"),
    ("No such file or directory", "没有中文"),
    ("“some english words here”不是有效的取值", None),  # the editor's own text, quoted back
    ("请用这条命令核对：echo '{\"age\": 80}' | qingdan eligibility --region 140213 --profile -", None),
    ("请改回金额（kind: amount）并写明数值", None),
])
def test_the_audit_tells_english_from_chinese(text, problem):
    assert problem_with(text) == problem
