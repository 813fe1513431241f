"""Broken statistics and targets (tests/statistics_hostile/<case>/): every case is rejected by ``qingdan check``,
``qingdan targets`` and ``qingdan build`` with the expected finding at file:row:column and its rule ID, no
traceback, and nothing published. Add a case by adding a folder: the files to put into a copy of policy/ (paths
relative to policy/), and an expect.yaml naming the findings it must produce and the files to remove."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.conftest import POLICY, QINGDAN
from tests.finding_audit import AUDIT

CORPUS = Path(__file__).parent / "statistics_hostile"
CASES = sorted(p for p in CORPUS.iterdir() if p.is_dir())


def run_qingdan(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """The real command line, in a folder holding the broken copy of policy/; its findings go to the audit."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("QINGDAN_")}
    result = subprocess.run([*QINGDAN, *args], cwd=cwd, env={**environment, **(env or {})}, capture_output=True,
                            text=True, timeout=120)
    AUDIT.read_output(result.stdout, result.stderr)
    return result


def prepare(case: Path, tmp_path: Path) -> tuple[Path, dict]:
    policy = tmp_path / "policy"
    shutil.copytree(POLICY, policy)
    expect = yaml.safe_load((case / "expect.yaml").read_text(encoding="utf-8"))
    for removed in expect.get("remove", []):
        (policy / removed).unlink()
    for source in case.rglob("*"):
        if source.is_file() and source.name != "expect.yaml":
            target = policy / source.relative_to(case)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    return policy, expect


def expected_lines(expect: dict) -> list[tuple[str, str]]:
    """(start of the printed line, rule) for every finding the case must produce."""
    out = []
    for finding in expect["findings"]:
        where = f"policy/{finding['file']}" + (f":{finding['line']}:{finding['col']}" if finding["line"] else "")
        out.append((f"{where}: error[{finding['rule']}]", finding["rule"]))
    return out


def assert_reported(output: str, expect: dict) -> None:
    assert "Traceback" not in output and "内部错误" not in output, output
    for start, rule in expected_lines(expect):
        assert any(line.startswith(start + " ") for line in output.splitlines()), f"{start} not in:\n{output}"


def test_the_corpus_covers_every_problem_the_issue_names():
    rules = {f["rule"] for case in CASES for f in yaml.safe_load((case / "expect.yaml").read_text("utf-8"))["findings"]}
    assert {"STAT_PERCENT_OVER_100", "STAT_NUMERATOR_OVER_DENOMINATOR", "STAT_UNKNOWN_REGION", "STAT_DUPLICATE_ROW",
            "STAT_QUARTER_IN_FUTURE", "STAT_DECREASED", "STAT_QUARTER_MISSING"} <= rules


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_broken_statistics_are_rejected_and_nothing_is_published(case: Path, tmp_path: Path):
    policy, expect = prepare(case, tmp_path)
    checked = run_qingdan("check", "policy", cwd=tmp_path)
    assert checked.returncode == 1, checked.stdout + checked.stderr
    assert_reported(checked.stdout + checked.stderr, expect)

    asked = run_qingdan("targets", "--format", "json", cwd=tmp_path)
    assert asked.returncode == 1, asked.stdout
    assert_reported(asked.stdout + asked.stderr, expect)
    assert '"results"' not in asked.stdout, "qingdan targets answered from statistics that do not check clean"

    out = tmp_path / "site"
    built = run_qingdan("build", "--out", str(out), cwd=tmp_path, env={"QINGDAN_POLICY": str(policy)})
    assert built.returncode == 1, built.stdout + built.stderr
    assert_reported(built.stdout + built.stderr, expect)
    assert not out.exists(), "a site was published from broken statistics"



def test_a_linked_statistics_folder_is_refused_and_nothing_in_it_is_read(tmp_path: Path):
    """As every folder of policy/: a link is refused, never followed (the broken file behind it is never read)."""
    policy, _ = prepare(CORPUS / "percent-over-100", tmp_path)
    elsewhere = tmp_path / "elsewhere-outside-policy"
    shutil.move(policy / "statistics", elsewhere)
    (policy / "statistics").symlink_to(elsewhere)
    result = run_qingdan("check", "policy", cwd=tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in output
    assert any(line.startswith("policy/statistics: error[FILE_SYMLINK]") for line in output.splitlines()), output
    assert "STAT_PERCENT_OVER_100" not in output and elsewhere.name not in output
