"""Every list below a region that publishes a list is checked against it, however it is written; a broken parent is
reported where it is broken, with a pointer on each list below it; checking one file reads what it depends on."""
from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import CITY_FILE, run_qingdan

AS_OF = "2024-06-01"
PINGCHENG = Path("lists/140213/2024-04-01.yaml")
XINRONG = Path("lists/140212/2024-04-01.yaml")


def write_full_county_list(policy: Path, code: str, dropped_number: int | None = None) -> Path:
    """The city list copied to a county region (a list written in full, naming no parent), optionally with one item
    deleted and the rest renumbered."""
    text = (policy / CITY_FILE).read_text(encoding="utf-8")
    text = text.replace('code: "140200"\n  name: 大同市', f'code: "{code}"\n  name: 测试县', 1)
    if dropped_number is not None:
        start = text.index(f"  - number: {dropped_number}\n")
        end = text.index(f"  - number: {dropped_number + 1}\n")
        text = text[:start] + text[end:]
        text = re.sub(r"^  - number: (\d+)$", lambda m: f"  - number: {int(m[1]) - (int(m[1]) > dropped_number)}",
                      text, flags=re.M)
    target = policy / "lists" / code / "2024-02-06.yaml"
    target.parent.mkdir()
    target.write_text(text, encoding="utf-8")
    return target


def test_a_county_written_in_full_is_checked_against_its_city_by_region_code(policy_copy):
    write_full_county_list(policy_copy, "140298", 18)
    result = run_qingdan("check", "--as-of", AS_OF, cwd=policy_copy.parent)
    assert result.returncode == 1, result.stdout + result.stderr
    missing = [line for line in result.stdout.splitlines() if "error[ITEM_MISSING]" in line]
    assert len(missing) == 1 and missing[0].startswith("policy/lists/140298/2024-02-06.yaml:"), result.stdout
    assert "探访服务" in missing[0] and "按行政区划代码确定上级：大同市（140200）" in missing[0]
    assert "均不低于上级清单" not in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_a_county_written_in_full_that_complies_is_counted_with_its_parent_named(policy_copy):
    county = write_full_county_list(policy_copy, "140298")
    text = county.read_text(encoding="utf-8")  # the values the city leaves to counties filled, as a county must
    for parameter, value in (("local_dibao_standard", 700), ("old_age_allowance_80_99", 50)):
        text = text.replace(f"\n  {parameter}:\n", f"\n  {parameter}:\n    value: {value}\n", 1)
    county.write_text(text, encoding="utf-8")
    result = run_qingdan("check", "--as-of", AS_OF, cwd=policy_copy.parent)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "11 个下级清单均不低于上级清单" in result.stdout
    assert "测试县（140298）按行政区划代码确定上级：大同市（140200）" in result.stdout


def write_pingcheng_child(policy: Path) -> Path:
    """A fixture list derived from 平城区's (a county below a county), named 140299 so it sorts after its parent."""
    target = policy / "lists/140299/2024-05-01.yaml"
    target.parent.mkdir()
    target.write_text('''kind: derivation
list_id: fixture-below-pingcheng
title: 测试街道基本养老服务清单（测试用虚构）
region: {code: "140299", name: 测试街道}
parent: {region: "140213", revision: "2024-04-01"}
revision: {id: "2024-05-01", issuer: 测试用虚构, published: 2024-05-01, effective: 2024-05-01, fixture: true}
''', encoding="utf-8")
    return target


def test_a_list_below_a_broken_parent_points_at_it_instead_of_reporting_a_cycle(policy_copy):
    text = (policy_copy / PINGCHENG).read_text(encoding="utf-8")
    (policy_copy / PINGCHENG).write_text(text.replace('revision: "2024-02-06"', 'revision: "2024-02-07"', 1),
                                         encoding="utf-8")
    write_pingcheng_child(policy_copy)
    result = run_qingdan("check", "--as-of", AS_OF, cwd=policy_copy.parent)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "PARENT_CYCLE" not in output
    rows = result.stdout.splitlines()
    assert any(r.startswith("policy/lists/140213/2024-04-01.yaml:") and "error[PARENT_NOT_FOUND]" in r for r in rows)
    [broken] = [r for r in rows if "error[PARENT_BROKEN]" in r]
    assert broken.startswith("policy/lists/140299/2024-05-01.yaml:5:")
    assert "平城区（140213）" in broken and "policy/lists/140213/2024-04-01.yaml" in broken and "无法生成" in broken


def test_a_real_cycle_is_still_reported_on_every_list_in_it(policy_copy):
    text = (policy_copy / PINGCHENG).read_text(encoding="utf-8")
    text = text.replace('  region: "140200"\n  revision: "2024-02-06"', '  region: "140299"\n  revision: "2024-05-01"')
    (policy_copy / PINGCHENG).write_text(text, encoding="utf-8")
    write_pingcheng_child(policy_copy)
    result = run_qingdan("check", "--as-of", AS_OF, cwd=policy_copy.parent)
    cycles = [r for r in result.stdout.splitlines() if "error[PARENT_CYCLE]" in r]
    assert result.returncode == 1
    assert {r.split(":")[0] for r in cycles} == {"policy/lists/140213/2024-04-01.yaml",
                                                 "policy/lists/140299/2024-05-01.yaml"}
    assert "PARENT_BROKEN" not in result.stdout


def test_checking_one_county_file_reads_its_parent_and_reports_only_that_file(policy_copy):
    result = run_qingdan("check", f"policy/{XINRONG.as_posix()}", "--as-of", AS_OF, cwd=policy_copy.parent)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "PARENT_NOT_FOUND" not in result.stdout
    assert "新荣区（140212）" in result.stdout and "不低于上级清单 大同市（140200）" in result.stdout
    assert f"只报告关于 policy/{XINRONG.as_posix()} 的问题" in result.stdout


def test_checking_one_file_reports_its_own_problems_and_a_pointer_to_a_broken_parent(policy_copy):
    text = (policy_copy / PINGCHENG).read_text(encoding="utf-8")
    (policy_copy / PINGCHENG).write_text(text.replace("  care-service-subsidy:", "  care-service-subsidi:", 1),
                                         encoding="utf-8")
    city = (policy_copy / CITY_FILE).read_text(encoding="utf-8")
    (policy_copy / CITY_FILE).write_text(city.replace("{fact: age, ge: 100}", "{fact: agee, ge: 100}", 1),
                                         encoding="utf-8")
    result = run_qingdan("check", f"policy/{PINGCHENG.as_posix()}", "--as-of", AS_OF, cwd=policy_copy.parent)
    assert result.returncode == 1
    rows = [r for r in result.stdout.splitlines() if re.match(r"\S+:\d+:\d+: (error|warning)\[", r)]
    assert rows and all(r.startswith(f"policy/{PINGCHENG.as_posix()}:") for r in rows), result.stdout
    assert {re.search(r"\[(\w+)\]", r)[1] for r in rows} == {"UNKNOWN_PARENT_ENTRY", "PARENT_BROKEN"}
    assert "UNKNOWN_FACT" not in result.stdout  # the city's own problem is reported on the city file only
    assert "只报告关于" in result.stderr
