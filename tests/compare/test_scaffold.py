"""qingdan county new scaffolds a derivation listing every value the county must fill."""
from __future__ import annotations

from tests.conftest import run_qingdan


def test_county_new_lists_every_open_parameter_and_check_asks_for_them(policy_copy):
    for code in ("140213",):
        (policy_copy / "lists" / code / "2024-04-01.yaml").unlink()
        (policy_copy / "lists" / code).rmdir()
        (policy_copy / "guidance" / f"{code}.yaml").unlink()  # its 办理指南 names items of the list just removed
    result = run_qingdan("county", "new", "140213", "--name", "平城区", cwd=policy_copy.parent)
    assert result.returncode == 0, result.stderr
    [created] = (policy_copy / "lists/140213").glob("*.yaml")
    text = created.read_text(encoding="utf-8")
    assert "old_age_allowance_80_99:" in text and "local_dibao_standard:" in text and "请填写" in text
    check = run_qingdan("check", cwd=policy_copy.parent)
    assert check.returncode == 1
    assert check.stdout.count("error[PARAMETER_UNFILLED]") == 2
    filled = text.replace("value: null  # 请填写", "value: 60", 1).replace("value: null  # 请填写", "value: 700", 1)
    filled = filled.replace("document_number: 请填写文号", "document_number: 平政发〔2024〕5号")
    created.write_text(filled, encoding="utf-8")
    again = run_qingdan("check", cwd=policy_copy.parent)
    assert again.returncode == 0, again.stdout + again.stderr


def test_county_new_refuses_an_existing_county_and_a_bad_code(policy_copy):
    existing = run_qingdan("county", "new", "140213", "--name", "平城区", cwd=policy_copy.parent)
    assert existing.returncode == 1 and "已有清单" in existing.stderr
    bad = run_qingdan("county", "new", "1402", "--name", "x", cwd=policy_copy.parent)
    assert bad.returncode == 1 and "六位" in bad.stderr
