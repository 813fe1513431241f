"""The hostile-input corpus (tests/hostile/<case>/): every case is rejected with file:line:col and a rule ID, with
no traceback and nothing written — or, for text, accepted as text. Add a case by adding a folder: the files to put
into a copy of policy/ and an expect.yaml naming the findings it must produce."""
from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
import yaml

from tests.conftest import POLICY, run_qingdan

CASES = sorted(p for p in (Path(__file__).parent / "hostile").iterdir() if p.is_dir())


def tree_digest(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        digest.update(str(path.relative_to(root)).encode())
        if path.is_file():
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def prepare(case: Path, tmp_path: Path) -> tuple[Path, dict]:
    policy = tmp_path / "policy"
    shutil.copytree(POLICY, policy)
    expect = yaml.safe_load((case / "expect.yaml").read_text(encoding="utf-8"))
    for source in case.rglob("*"):
        if source.is_file() and source.name != "expect.yaml":
            target = policy / source.relative_to(case)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
            if "pad_to_bytes" in expect:
                with target.open("ab") as handle:
                    handle.truncate(expect["pad_to_bytes"])
    return policy, expect


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_case(case: Path, tmp_path: Path):
    policy, expect = prepare(case, tmp_path)
    before = tree_digest(policy)
    result = run_qingdan("check", str(policy), "--as-of", "2024-06-01", cwd=tmp_path)
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert tree_digest(policy) == before, "the check wrote into the policy folder"
    if expect.get("accepted"):
        assert result.returncode == 0, output
        return
    assert result.returncode == 1, output
    for finding in expect["findings"]:
        where = f"policy/{finding['file']}:{finding['line']}:" + (f"{finding['col']}:" if finding["col"] else "")
        assert any(line.startswith(where) and f"error[{finding['rule']}]" in line for line in output.splitlines()), \
            f"expected {where} error[{finding['rule']}] in:\n{output}"


def test_text_with_html_is_kept_verbatim_by_the_engine(tmp_path: Path):
    policy, _ = prepare(Path(__file__).parent / "hostile" / "html-in-every-text-field", tmp_path)
    result = run_qingdan("eligibility", "--region", "149900", "--profile", "-", "--format", "json", "--as-of",
                         "2024-06-01", stdin='{"age": 100}', cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["list"]["title"].startswith("<script>alert(1)</script>")
    assert all(r["name"].startswith("<script>") for r in report["results"])


@pytest.mark.parametrize("profile", ["[" * 100_000, '{"age": 1' + "0" * 5000 + "}", '{"age": 1e400}',
                                     '{"age": NaN}', '{"economic_status": ["dibao"]}', "\ufeff{}", "null"],
                         ids=["deep-nesting", "huge-number", "float-overflow", "nan", "list-for-enum", "bom", "null"])
def test_hostile_profiles_get_a_clear_error(profile: str):
    result = run_qingdan("eligibility", "--region", "140200", "--profile", "-", stdin=profile)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "错误" in result.stderr and "Traceback" not in result.stderr and "内部错误" not in result.stderr
