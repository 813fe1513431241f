"""No answer from a broken list: eligibility, compare, diff and county new refuse, showing the findings, when the list
they compute from (or one it derives from) does not load or materialise cleanly. A weaker list is still a list."""
from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import CITY_FILE, run_qingdan

AS_OF = "2024-06-01"
PINGCHENG = Path("lists/140213/2024-04-01.yaml")
YUNGANG = Path("lists/140214/2024-04-01.yaml")
PROFILE = '{"age": 80, "economic_status": "dibao"}'


def replace_in(policy: Path, relative: Path, old: str, new: str) -> int:
    """Replace ``old`` (once) and return the 1-based line where it stood."""
    text = (policy / relative).read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    (policy / relative).write_text(text.replace(old, new), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def mistype_pingcheng_item_key(policy: Path) -> str:
    """平城区 raises 养老服务补贴 to 80 元; with its key mistyped the change is lost. Returns the finding's place."""
    line = replace_in(policy, PINGCHENG, "  care-service-subsidy:\n", "  care-service-subsidi:\n")
    return f"policy/{PINGCHENG.as_posix()}:{line}:3: error[UNKNOWN_PARENT_ENTRY]"


def assert_refused(result, where: str) -> None:
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert any(row.startswith(where) for row in result.stdout.splitlines()), output
    assert "不能据此计算" in result.stderr and "Traceback" not in output and "内部错误" not in output


def test_eligibility_refuses_a_list_whose_derivation_is_broken(policy_copy):
    where = mistype_pingcheng_item_key(policy_copy)
    result = run_qingdan("eligibility", "--region", "140213", "--profile", "-", "--as-of", AS_OF, stdin=PROFILE,
                         cwd=policy_copy.parent)
    assert_refused(result, where)
    assert "70元" not in result.stdout  # never the city's amount presented as 平城区's


def test_eligibility_refuses_a_county_whose_city_list_is_broken(policy_copy):
    line = replace_in(policy_copy, CITY_FILE, "{fact: age, ge: 100}", "{fact: agee, ge: 100}")
    result = run_qingdan("eligibility", "--region", "平城区", "--profile", "-", "--as-of", AS_OF, stdin=PROFILE,
                         cwd=policy_copy.parent)
    assert_refused(result, f"policy/{CITY_FILE.as_posix()}:{line}:")
    assert "UNKNOWN_FACT" in result.stdout


def test_compare_diff_and_county_new_refuse_a_broken_list(policy_copy):
    where = mistype_pingcheng_item_key(policy_copy)
    cwd = policy_copy.parent
    assert_refused(run_qingdan("compare", "140200", "140213", "--as-of", AS_OF, cwd=cwd), where)
    assert_refused(run_qingdan("diff", f"policy/{CITY_FILE.as_posix()}", f"policy/{PINGCHENG.as_posix()}", cwd=cwd),
                   where)
    new = run_qingdan("county", "new", "140299", "--name", "测试区", "--parent", "140213", cwd=cwd)
    assert_refused(new, where)
    assert not (policy_copy / "lists/140299").exists()


def test_other_lists_and_a_merely_weaker_list_still_answer(policy_copy):
    mistype_pingcheng_item_key(policy_copy)
    replace_in(policy_copy, YUNGANG, "      visits: {value: 2, example: true}\n", "      visits: {value: 0, example: true}\n")
    cwd = policy_copy.parent
    check = run_qingdan("check", "--as-of", AS_OF, cwd=cwd)
    assert "error[COUNT_LOWERED]" in check.stdout  # 云冈区 is weaker than the city: a compliance error ...
    for region in ("140200", "140214"):  # ... yet its list, like the city's, is a list to answer from
        result = run_qingdan("eligibility", "--region", region, "--profile", "-", "--as-of", AS_OF, stdin=PROFILE,
                             cwd=cwd)
        assert result.returncode == 0, result.stdout + result.stderr
    compared = run_qingdan("compare", "140200", "140214", "--as-of", AS_OF, cwd=cwd)
    assert compared.returncode == 1 and "COUNT_LOWERED" in compared.stdout


def test_compare_shows_why_a_named_file_did_not_load(policy_copy):
    line = replace_in(policy_copy, YUNGANG, "kind: derivation\n", "kind: derivation\nkind: derivation\n") + 1
    result = run_qingdan("compare", "140200", f"policy/{YUNGANG.as_posix()}", cwd=policy_copy.parent)
    assert result.returncode == 1
    assert any(re.match(rf"policy/{re.escape(YUNGANG.as_posix())}:{line}:1: error\[YAML_DUPLICATE_KEY\]", row)
               for row in result.stdout.splitlines()), result.stdout + result.stderr
    assert "没有读入" in result.stderr and "Traceback" not in result.stdout + result.stderr
    by_region = run_qingdan("eligibility", "--region", "140214", "--profile", "-", stdin=PROFILE,
                            cwd=policy_copy.parent)
    assert by_region.returncode == 1 and "YAML_DUPLICATE_KEY" in by_region.stdout
