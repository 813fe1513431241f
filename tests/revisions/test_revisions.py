"""Revisions over time (issue order 4): every version kept, classified diffs, answers as of a date."""
from __future__ import annotations

import json

from tests.conftest import run_qingdan
from tests.revisions.fixture import FIXTURE_DATE, write_fixture_revision


def test_diff_shows_exactly_the_three_changes_classified(policy_copy):
    write_fixture_revision(policy_copy)
    result = run_qingdan("diff", "140200", "2024-02-06", FIXTURE_DATE, "--format", "json", cwd=policy_copy.parent)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    got = sorted((c["item"]["number"], c["category"], c["rule"]) for c in report["changes"])
    assert got == [(7, "范围缩小", "ELIGIBILITY_NARROWED"), (10, "提高", "AMOUNT_RAISED"), (23, "新增", "ITEM_ADDED")]
    narrowed = next(c for c in report["changes"] if c["category"] == "范围缩小")
    assert narrowed["example"] == {"age": 65}
    assert report["new"]["fixture"] is True and report["old"]["revision"] == "2024-02-06"
    text = run_qingdan("diff", "大同市", "2024-02-06", FIXTURE_DATE, cwd=policy_copy.parent)
    assert "[提高] 第10项“养老服务补贴”" in text.stdout and "[新增] 第23项" in text.stdout
    assert "[范围缩小] 第7项“乘坐城市公共交通工具”" in text.stdout


def test_diff_of_two_files_equals_diff_by_region(policy_copy):
    new = write_fixture_revision(policy_copy)
    by_files = run_qingdan("diff", str(policy_copy / "lists/140200/2024-02-06.yaml"), str(new), "--format", "json",
                           cwd=policy_copy.parent)
    by_region = run_qingdan("diff", "140200", "2024-02-06", FIXTURE_DATE, "--format", "json", cwd=policy_copy.parent)
    assert json.loads(by_files.stdout)["changes"] == json.loads(by_region.stdout)["changes"]


def amount_of_item_10(policy_copy, as_of: str):
    result = run_qingdan("eligibility", "--region", "140200", "--profile", "-", "--format", "json", "--as-of", as_of,
                         stdin='{"age": 85, "economic_status": "dibao"}', cwd=policy_copy.parent)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    item = next(r for r in report["results"] if r["number"] == 10)
    return report["list"]["revision"], item["benefits"][0]["amount"]["value"], len(report["results"])


def test_eligibility_as_of_picks_the_revision_in_force(policy_copy):
    write_fixture_revision(policy_copy)
    assert amount_of_item_10(policy_copy, "2024-12-31") == ("2024-02-06", 70, 22)
    assert amount_of_item_10(policy_copy, FIXTURE_DATE) == (FIXTURE_DATE, 80, 23)


def test_a_date_before_the_first_revision_is_a_clear_error(policy_copy):
    result = run_qingdan("eligibility", "--region", "140200", "--profile", "-", "--as-of", "2023-12-31",
                         stdin='{"age": 85}', cwd=policy_copy.parent)
    assert result.returncode == 1 and "2024-02-06 起施行" in result.stderr and "Traceback" not in result.stderr
    check = run_qingdan("check", "--as-of", "2023-12-31", cwd=policy_copy.parent)
    assert check.returncode == 1 and "还没有任何清单" in check.stderr


def test_a_county_following_the_superseded_revision_is_outdated_and_checked_against_the_new_one(policy_copy):
    write_fixture_revision(policy_copy)
    result = run_qingdan("check", "--as-of", "2025-03-01", "--format", "json", cwd=policy_copy.parent)
    report = json.loads(result.stdout)
    outdated = [f for f in report["findings"] if f["rule"] == "PARENT_OUTDATED"]
    assert len(outdated) == 10 and all(f["severity"] == "warning" for f in outdated)
    assert all(f["extra"]["parent_revision"] == FIXTURE_DATE for f in outdated)
    # against the new revision: item 23 is missing from every county (they follow 2024-02-06), and item 10's 80 元
    # floor beats the counties' 70 元 except 平城区 (80 元)
    missing = {f["location"]["path"].split("/")[-2] for f in report["findings"] if f["rule"] == "ITEM_MISSING"}
    lowered = {f["location"]["path"].split("/")[-2] for f in report["findings"] if f["rule"] == "AMOUNT_LOWERED"}
    assert len(missing) == 10 and "140213" not in lowered and len(lowered) == 9
    assert result.returncode == 1
    # the same repository checked before the new revision's date is clean
    assert run_qingdan("check", "--as-of", "2024-12-31", cwd=policy_copy.parent).returncode == 0


def test_revision_chain_must_be_consistent(policy_copy):
    new = write_fixture_revision(policy_copy)
    new.write_text(new.read_text(encoding="utf-8").replace('supersedes: "2024-02-06"', 'supersedes: "2023-01-01"'),
                   encoding="utf-8")
    result = run_qingdan("check", "--as-of", "2024-12-31", cwd=policy_copy.parent)
    assert result.returncode == 1 and "error[REVISION_SUPERSEDES]" in result.stdout
    new.write_text(new.read_text(encoding="utf-8").replace('supersedes: "2023-01-01"', 'supersedes: "2024-02-06"')
                   .replace(f"effective: {FIXTURE_DATE}", "effective: 2024-02-06"), encoding="utf-8")
    result = run_qingdan("check", "--as-of", "2024-12-31", cwd=policy_copy.parent)
    assert result.returncode == 1 and "error[REVISION_SAME_DATE]" in result.stdout
