"""Hostile files that git cannot hold (tests/hostile/ holds the rest): FIFOs and symlinks in the policy folder, made
here at run time. Each is refused with its path and a rule ID, exit 1, no traceback, nothing hangs (every run has a
timeout, so a hang fails the test), and a link's target outside policy/ is never printed."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Callable

import pytest

from tests.conftest import POLICY, QINGDAN

SOURCE = "sources/同政办发〔2024〕6号.txt"
COUNTY = "lists/140226"
COUNTY_FILE = "lists/140226/2024-04-01.yaml"
TIMEOUT = 60


def qingdan(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    result = subprocess.run([*QINGDAN, *args], cwd=cwd, capture_output=True, text=True, timeout=TIMEOUT,
                            env={**os.environ, **(env or {})})
    assert "Traceback" not in result.stdout + result.stderr
    return result


def move_away(policy: Path, name: str, elsewhere: Path) -> Path:
    """Move ``policy/name`` to ``elsewhere`` (outside the policy folder) and return where it went."""
    target = elsewhere / Path(name).name
    elsewhere.mkdir(exist_ok=True)
    shutil.move(policy / name, target)
    return target


def fifo(policy: Path, name: str) -> None:
    (policy / name).unlink()
    os.mkfifo(policy / name)


def link_outside(policy: Path, name: str, elsewhere: Path) -> None:
    (policy / name).symlink_to(move_away(policy, name, elsewhere))


def link_inside(policy: Path, name: str, target: str) -> None:
    shutil.rmtree(policy / name) if (policy / name).is_dir() else (policy / name).unlink()
    (policy / name).symlink_to(os.path.relpath(policy / target, (policy / name).parent))


CASES: dict[str, tuple[Callable[[Path, Path], None], str, str]] = {  # case: (make it, file reported, rule)
    "fifo-list-file": (lambda p, e: fifo(p, COUNTY_FILE), COUNTY_FILE, "FILE_NOT_REGULAR"),
    "fifo-source-text": (lambda p, e: fifo(p, SOURCE), SOURCE, "FILE_NOT_REGULAR"),
    "fifo-vocabulary": (lambda p, e: fifo(p, "vocabulary.yaml"), "vocabulary.yaml", "FILE_NOT_REGULAR"),
    "linked-county-folder-outside": (lambda p, e: link_outside(p, COUNTY, e), COUNTY, "FILE_SYMLINK"),
    "linked-list-file-outside": (lambda p, e: link_outside(p, COUNTY_FILE, e), COUNTY_FILE, "FILE_SYMLINK"),
    "linked-sources-folder-outside": (lambda p, e: link_outside(p, "sources", e), "sources", "FILE_SYMLINK"),
    "linked-source-text-outside": (lambda p, e: link_outside(p, SOURCE, e), SOURCE, "FILE_SYMLINK"),
    "linked-county-folder-inside": (lambda p, e: link_inside(p, COUNTY, "lists/140225"), COUNTY, "FILE_SYMLINK"),
    "linked-list-file-inside": (lambda p, e: link_inside(p, COUNTY_FILE, "lists/140225/2024-04-01.yaml"),
                                COUNTY_FILE, "FILE_SYMLINK"),
}


@pytest.fixture
def places(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of policy/ to break, and a folder outside it for link targets."""
    shutil.copytree(POLICY, tmp_path / "policy")
    return tmp_path / "policy", tmp_path / "elsewhere-outside-policy"


def assert_refused(result: subprocess.CompletedProcess, shown: str, rule: str, elsewhere: Path) -> None:
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert any(line.startswith(f"{shown}: error[{rule}]") for line in output.splitlines()), output
    assert "检查通过" not in output
    assert elsewhere.name not in output, "a link's target outside policy/ was printed"


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_check_refuses_and_never_hangs(case: str, places):
    policy, elsewhere = places
    make, reported, rule = CASES[case]
    make(policy, elsewhere)
    result = qingdan("check", "policy", "--as-of", "2024-06-01", cwd=policy.parent)
    assert_refused(result, f"policy/{reported}", rule, elsewhere)


def test_checking_a_linked_file_by_name_refuses_it_without_printing_its_target(places):
    policy, elsewhere = places
    link_outside(policy, COUNTY_FILE, elsewhere)
    result = qingdan("check", f"policy/{COUNTY_FILE}", "--as-of", "2024-06-01", cwd=policy.parent)
    assert_refused(result, f"policy/{COUNTY_FILE}", "FILE_SYMLINK", elsewhere)


def test_checking_a_file_in_a_linked_folder_by_name_reports_the_folder(places):
    """The file in a refused folder was never read: checking it by name must not say 检查通过."""
    policy, elsewhere = places
    link_outside(policy, COUNTY, elsewhere)
    result = qingdan("check", f"policy/{COUNTY_FILE}", "--as-of", "2024-06-01", cwd=policy.parent)
    assert_refused(result, f"policy/{COUNTY}", "FILE_SYMLINK", elsewhere)


@pytest.mark.parametrize("case", ["fifo-list-file", "gbk-source-text"])
def test_build_fails_on_what_check_fails_on_with_the_same_finding(case: str, places):
    """``build`` runs the same check and the site reads the official text with the same reader: a FIFO does not hang
    it, a GBK text is the check's finding and not a crash while the pages are written."""
    policy, elsewhere = places
    if case == "fifo-list-file":
        fifo(policy, COUNTY_FILE)
        shown, rule = f"policy/{COUNTY_FILE}", "FILE_NOT_REGULAR"
    else:
        text = (policy / SOURCE).read_text(encoding="utf-8")
        (policy / SOURCE).write_bytes(text.encode("gb18030"))
        shown, rule = f"policy/{SOURCE}:3:1", "YAML_ENCODING"
    out = policy.parent / "site"
    result = qingdan("build", "--out", str(out), cwd=policy.parent,
                     env={"QINGDAN_POLICY": str(policy), "QINGDAN_AS_OF": "2024-06-01"})
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "内部错误" not in output
    assert any(line.startswith(f"{shown}: error[{rule}]") for line in output.splitlines()), output
    assert not out.exists()
