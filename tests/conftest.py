"""Shared fixtures: the repository's policy, and throw-away copies of it to break on purpose."""
from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.finding_audit import AUDIT

ROOT = Path(__file__).resolve().parents[1]
POLICY = ROOT / "policy"
CITY_FILE = Path("lists/140200/2024-02-06.yaml")
QINGDAN = [sys.executable, "-c", "from generator.cli import main; main()"]


@pytest.fixture
def policy_copy(tmp_path: Path) -> Path:
    """A private copy of policy/ that a test may edit."""
    target = tmp_path / "policy"
    shutil.copytree(POLICY, target)
    return target


def run_qingdan(*args: str, cwd: Path | None = None, stdin: str | None = None) -> subprocess.CompletedProcess:
    """The real command line in a subprocess, as a user runs it. The findings it prints go to the audit below."""
    result = subprocess.run([*QINGDAN, *args], cwd=cwd or ROOT, input=stdin, capture_output=True, text=True,
                            timeout=120)
    AUDIT.read_output(result.stdout, result.stderr)
    return result


@pytest.fixture(scope="session", autouse=True)
def findings_speak_chinese():
    """At the end of the session (of each xdist worker), every finding seen must have been Chinese (issue 12.14)."""
    AUDIT.install()
    yield
    AUDIT.uninstall()
    assert not AUDIT.offenders, AUDIT.report()


def load_sitebuild():
    """tests/site/sitebuild.py as the module ``qingdan_sitebuild`` (shared by tests/site and tests/browser)."""
    name = "qingdan_sitebuild"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).resolve().parent / "site" / "sitebuild.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]
