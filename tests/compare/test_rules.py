"""Each compliance rule fires, at the right place, when a real county list is weakened on purpose (issue order 3)."""
from __future__ import annotations

import json

import pytest

from tests.compare.helpers import AS_OF, PINGCHENG, YUNGANG, append, edit, findings_by_rule, status_of
from generator.loading.repository import DATE_KEYS
from generator.loading.yamlsafe import load_yaml
from tests.conftest import POLICY, run_qingdan


def only_finding(grouped: dict, rule: str):
    assert rule in grouped, f"{rule} did not fire; got {sorted(grouped)}"
    assert len(grouped[rule]) == 1, grouped[rule]
    return grouped[rule][0]


def test_the_repository_passes_with_city_and_ten_counties():
    result = run_qingdan("check", "--as-of", "2024-06-01")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "22 项" in result.stdout and "10 个下级清单均不低于上级清单" in result.stdout


def test_narrowed_eligibility_is_an_error_with_a_counterexample_the_engine_confirms(policy_copy):
    line = edit(policy_copy, PINGCHENG, "        - {fact: age, ge: 75}\n", "        - {fact: age, ge: 85}\n")
    finding = only_finding(findings_by_rule(policy_copy), "ELIGIBILITY_NARROWED")
    assert finding.severity == "error"
    assert finding.location.path.endswith("140213/2024-04-01.yaml")
    assert line - 2 <= finding.location.line <= line  # the replaced eligibility block
    city = load_yaml(POLICY / "lists/140200/2024-02-06.yaml", date_keys=DATE_KEYS)
    where = city.locate(("items", 9, "eligibility"))
    assert finding.extra["parent_location"].endswith(f"140200/2024-02-06.yaml:{where.line}:{where.col}")
    example = finding.extra["counterexample"]
    assert status_of(policy_copy, "140200", example, 10) == "eligible"
    assert status_of(policy_copy, "140213", example, 10) == "ineligible"


def test_narrowing_through_a_widened_then_narrowed_definition_is_found(policy_copy):
    line = append(policy_copy, YUNGANG, (
        "definitions:\n"
        "  economically_difficult:\n"
        "    condition: {fact: economic_status, in: [dibao, tekun]}\n"
        "    example: true\n"))
    grouped = findings_by_rule(policy_copy)
    narrowed = grouped["ELIGIBILITY_NARROWED"]
    items = {f.extra["item"]["number"] for f in narrowed}
    assert {10, 11, 13}.issubset(items)  # every item that uses the definition
    for finding in narrowed:
        example = finding.extra["counterexample"]
        number = finding.extra["item"]["number"]
        assert example["economic_status"] in ("difficult", "low_income_edge")
        # 可以享受 or 可能 in the city (e.g. item 11 for them is 可能: 措施20), 暂不符合 in the county
        assert status_of(policy_copy, "140200", example, number) in ("eligible", "conditional")
        assert status_of(policy_copy, "140214", example, number) == "ineligible"
    assert all(line <= f.location.line <= line + 3 for f in narrowed if f.extra["item"]["number"] == 11)


@pytest.mark.parametrize("old, new, rule", [
    ("      subsidy: {value: 80, example: true}\n", "      subsidy: {value: 60, example: true}\n", "AMOUNT_LOWERED"),
    ("      review-days: {value: 5, example: true}\n", "      review-days: {value: 10, example: true}\n",
     "TIME_LIMIT_LENGTHENED"),
    ("      subsidy: {value: 80, example: true}\n", "      subsidy: {value: 80, bound: max, example: true}\n",
     "BOUND_WEAKENED"),
], ids=["amount", "time-limit", "bound"])
def test_lowered_standard_is_an_error_at_the_changed_value(policy_copy, old, new, rule):
    line = edit(policy_copy, PINGCHENG, old, new)
    finding = only_finding(findings_by_rule(policy_copy), rule)
    assert finding.severity == "error"
    assert finding.location.line == line
    assert "140200/2024-02-06.yaml" in finding.extra["parent_location"]


def test_lowered_count_is_an_error(policy_copy):
    line = edit(policy_copy, YUNGANG, "      visits: {value: 2, example: true}\n", "      visits: {value: 0, example: true}\n")
    finding = only_finding(findings_by_rule(policy_copy), "COUNT_LOWERED")
    assert finding.location.line == line and finding.extra["item"]["number"] == 18


def test_lowered_discount_is_an_error(policy_copy):
    line = append(policy_copy, YUNGANG, "  public-transport:\n    terms:\n      bus-fare: {payable: 0.5}\n")
    finding = only_finding(findings_by_rule(policy_copy), "DISCOUNT_LOWERED")
    assert finding.location.line == line + 2 and finding.extra["item"]["number"] == 7


def test_lowering_a_parameter_lowers_every_amount_that_uses_it(policy_copy):
    line = edit(policy_copy, PINGCHENG, "    value: 120\n", "    value: 90\n")
    lowered = findings_by_rule(policy_copy)["AMOUNT_LOWERED"]
    assert {(f.extra["item"]["number"], f.extra["term"]) for f in lowered} == {
        (13, "subsidy"), (16, "care-full-self"), (16, "care-half"), (16, "care-full")}
    assert {f.location.line for f in lowered} == {line}


def test_formula_compares_with_the_countys_own_dibao_standard(policy_copy):
    """1.3 × the county's 低保 standard is the parent's floor: a literal below it is lowered, above it is not."""
    append(policy_copy, YUNGANG, "  tekun-dispersed-support:\n    terms:\n      basic-living: {value: 900}\n")
    finding = only_finding(findings_by_rule(policy_copy), "AMOUNT_LOWERED")  # 1.3 × 760 = 988
    assert finding.extra["values"] == {"parent": pytest.approx(988), "child": 900}


def test_formula_above_the_floor_passes(policy_copy):
    append(policy_copy, YUNGANG, "  tekun-dispersed-support:\n    terms:\n      basic-living: {value: 1000}\n")
    assert "AMOUNT_LOWERED" not in findings_by_rule(policy_copy)


def test_open_parameter_not_filled_is_an_error(policy_copy):
    edit(policy_copy, PINGCHENG, "  old_age_allowance_80_99:\n    value: 50\n    example: true\n", "")
    finding = only_finding(findings_by_rule(policy_copy), "PARAMETER_UNFILLED")
    assert finding.severity == "error" and "old_age_allowance_80_99" in finding.message
    assert finding.extra["item"]["number"] == 8


def test_narrowed_term_condition_is_an_error_with_counterexample(policy_copy):
    line = append(policy_copy, YUNGANG, (
        "  tekun-dispersed-support:\n    terms:\n      care-full:\n        when: {fact: self_care, eq: total}\n"))
    finding = only_finding(findings_by_rule(policy_copy), "TERM_CONDITION_NARROWED")
    assert finding.location.line == line + 3
    assert finding.extra["counterexample"]["self_care"] == "severe"


def test_text_changed_without_the_rule_is_a_warning_only(policy_copy):
    line = append(policy_copy, YUNGANG, (
        "  centenarian-allowance:\n    official:\n      standard: 100周岁及以上高龄老年人每人每月500元\n"))
    result = run_qingdan("check", str(policy_copy), "--as-of", "2024-06-01")
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"140214/2024-04-01.yaml:{line + 2}:" in result.stdout
    assert "warning[TEXT_CHANGED_RULE_UNCHANGED]" in result.stdout


def test_a_county_written_as_a_full_list_missing_an_item_and_a_term(policy_copy, tmp_path):
    """ITEM_MISSING and TERM_MISSING: a county list kept as a whole file (not a derivation) is compared too."""
    city = (policy_copy / "lists/140200/2024-02-06.yaml").read_text(encoding="utf-8")
    county = city.replace('code: "140200"\n  name: 大同市', 'code: "140227"\n  name: 测试县')
    county = county.replace("list_id: datong-basic-elderly-care", "list_id: test-county")
    start = county.index("  - number: 22\n")
    county = county[:start]  # drop item 22
    county = county.replace("      - {id: health-fee, kind: discount, label: 电子健康档案和健康管理服务费用, payable: 0}\n", "")
    target = policy_copy / "lists/140227/2024-02-06.yaml"
    target.parent.mkdir()
    target.write_text(county, encoding="utf-8")
    result = run_qingdan("compare", "140200", str(target), "--format", "json", cwd=policy_copy.parent)
    assert result.returncode == 1, result.stdout + result.stderr
    report = json.loads(result.stdout)
    rules = {f["rule"] for f in report["findings"]}
    assert {"ITEM_MISSING", "TERM_MISSING"} <= rules
    missing = next(f for f in report["findings"] if f["rule"] == "ITEM_MISSING")
    assert missing["extra"]["item"]["number"] == 22


def test_following_an_outdated_city_revision_is_reported_and_checked_against_the_new_one(policy_copy):
    city = (policy_copy / "lists/140200/2024-02-06.yaml").read_text(encoding="utf-8")
    newer = city.replace('id: "2024-02-06"', 'id: "2025-01-01"').replace("effective: 2024-02-06", "effective: 2025-01-01")
    newer = newer.replace("  published: 2024-02-06\n", "  published: 2025-01-01\n  fixture: true\n")
    newer = newer.replace("value: 70, unit: 元, per: 人, period: 月, bound: min}",
                          "value: 75, unit: 元, per: 人, period: 月, bound: min}")
    (policy_copy / "lists/140200/2025-01-01.yaml").write_text(newer, encoding="utf-8")
    grouped = findings_by_rule(policy_copy, as_of=__import__("datetime").date(2025, 3, 1))
    outdated = grouped["PARENT_OUTDATED"]
    assert len(outdated) == 10 and all(f.severity == "warning" for f in outdated)
    # checked against the new revision: counties that kept 70 元 now fall short of 75 元; 平城区 (80 元) does not
    lowered = {f.location.path.split("/")[-2] for f in grouped["AMOUNT_LOWERED"]}
    assert "140213" not in lowered and "140214" in lowered and len(lowered) == 9
