"""Stronger-but-different county lists are accepted, and the JSON report is usable (issue order 3, 3 and 5)."""
from __future__ import annotations

import json

from tests.compare.helpers import PINGCHENG, append, edit, findings_by_rule
from tests.conftest import run_qingdan


def test_stronger_but_different_derivations_produce_no_error(policy_copy):
    # 平城区 already: age ≥ 75 instead of 80, 80 元 instead of 70 元, 5 days instead of 7; 云冈区: 经济困难 or 独居.
    result = run_qingdan("compare", "140200", "平城区", "--format", "json")
    assert result.returncode == 0, result.stdout + result.stderr
    rules = {f["rule"] for f in json.loads(result.stdout)["findings"]}
    assert {"ELIGIBILITY_WIDENED", "AMOUNT_RAISED", "TIME_LIMIT_SHORTENED", "ITEM_ADDED"} <= rules
    assert not any(rule.endswith(("LOWERED", "NARROWED", "LENGTHENED", "MISSING")) for rule in rules)
    result = run_qingdan("compare", "大同市", "云冈区", "--format", "json")
    report = json.loads(result.stdout)
    assert result.returncode == 0 and report["ok"] is True
    widened = next(f for f in report["findings"] if f["rule"] == "ELIGIBILITY_WIDENED")
    assert widened["extra"]["counterexample"]["living_alone"] is True


def test_replacing_a_condition_by_an_equivalent_one_is_not_a_change(policy_copy):
    edit(policy_copy, PINGCHENG, "        - {fact: age, ge: 75}\n", "        - {not: {fact: age, lt: 75}}\n")
    grouped = findings_by_rule(policy_copy)
    assert not any(f.severity == "error" for fs in grouped.values() for f in fs), grouped


def test_raising_count_and_widening_a_term_condition_pass(policy_copy):
    append(policy_copy, PINGCHENG.parent.parent / "140214/2024-04-01.yaml", (
        "  tekun-dispersed-support:\n    terms:\n      care-full:\n        when: {fact: self_care, in: [moderate, severe, total]}\n"))
    grouped = findings_by_rule(policy_copy)
    assert "TERM_CONDITION_NARROWED" not in grouped
    assert not any(f.severity == "error" for fs in grouped.values() for f in fs)


def test_compare_json_lists_rule_severity_message_location_and_counterexample(policy_copy):
    edit(policy_copy, PINGCHENG, "        - {fact: age, ge: 75}\n", "        - {fact: age, ge: 85}\n")
    result = run_qingdan("compare", "140200", "140213", "--format", "json", cwd=policy_copy.parent)
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["parent"]["code"] == "140200" and report["child"]["code"] == "140213"
    narrowed = [f for f in report["findings"] if f["rule"] == "ELIGIBILITY_NARROWED"]
    assert len(narrowed) == 1
    finding = narrowed[0]
    assert finding["severity"] == "error" and "范围缩小" in finding["message"]
    assert finding["location"]["path"].endswith("140213/2024-04-01.yaml") and finding["location"]["line"] > 0
    profile = finding["extra"]["counterexample"]
    # the counter-example pastes straight into qingdan eligibility
    city = run_qingdan("eligibility", "--region", "140200", "--profile", "-", "--format", "json", "--as-of",
                       "2024-06-01", stdin=json.dumps(profile), cwd=policy_copy.parent)
    county = run_qingdan("eligibility", "--region", "140213", "--profile", "-", "--format", "json", "--as-of",
                         "2024-06-01", stdin=json.dumps(profile), cwd=policy_copy.parent)
    status = lambda out: next(r["status"] for r in json.loads(out.stdout)["results"] if r["number"] == 10)
    assert status(city) == "eligible" and status(county) == "ineligible"


def test_text_report_prints_path_line_col_severity_and_rule(policy_copy):
    line = edit(policy_copy, PINGCHENG, "      subsidy: {value: 80, example: true}\n", "      subsidy: {value: 60}\n")
    result = run_qingdan("check", cwd=policy_copy.parent)
    assert result.returncode == 1
    assert f"policy/lists/140213/2024-04-01.yaml:{line}:" in result.stdout
    assert "error[AMOUNT_LOWERED]" in result.stdout and "Traceback" not in result.stderr
