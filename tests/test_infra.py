"""The project's own set-up: CI runs the test script, the README gives exactly two set-up commands,
and the browser runtime is pinned."""

import json
import os
import re
import shlex
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SETUP_COMMANDS = ["bash scripts/serve.sh", "bash scripts/test.sh"]


def _fenced_lines(markdown: str) -> list[str]:
    """Non-empty, non-comment lines inside ``` fences."""
    lines, inside = [], False
    for line in markdown.splitlines():
        if line.lstrip().startswith("```"):
            inside = not inside
            continue
        if inside and line.strip() and not line.lstrip().startswith("#"):
            lines.append(line.strip())
    assert not inside, "README has an unclosed code fence"
    return lines


def _section(markdown: str, title: str) -> str:
    match = re.search(rf"^##\s+{re.escape(title)}\s*$(.*?)(?=^##\s|\Z)", markdown, re.M | re.S)
    assert match, f"README has no '## {title}' section"
    return match.group(1)


def test_ci_run_invokes_test_script():
    run = ROOT / ".ci" / "run"
    assert os.access(run, os.X_OK), ".ci/run must be executable"
    text = run.read_text(encoding="utf-8")
    assert text.startswith("#!/usr/bin/env bash\n")
    commands = [
        shlex.split(line)
        for line in text.splitlines()[1:]
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert len(commands) == 1, commands
    words = commands[0]
    assert words[:2] == ["exec", "bash"], words
    assert words[2].endswith("/../scripts/test.sh"), words
    assert (ROOT / "scripts" / "test.sh").is_file()


def test_test_script_bootstraps_and_treats_no_tests_as_failure():
    text = (ROOT / "scripts" / "test.sh").read_text(encoding="utf-8")
    assert "set -euo pipefail" in text
    assert "scripts/bootstrap.sh test" in text
    assert "-m pytest -n 2" in text
    assert re.search(r'"\$rc"\s+-eq\s+5', text), "pytest exit code 5 (no tests) must be handled"


def test_readme_quick_start_has_exactly_the_two_setup_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert _fenced_lines(_section(readme, "快速开始")) == SETUP_COMMANDS
    # No other install or set-up command anywhere in a README code block.
    setup_like = re.compile(r"^(bash|sh|\./)?\s*(scripts/|pip|python3? -m|npm|apt|apt-get|sudo|\.ci/)")
    assert [line for line in _fenced_lines(readme) if setup_like.match(line)] == SETUP_COMMANDS


def test_browser_dependencies_are_pinned_exactly():
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    assert package["devDependencies"] == {"pyodide": "314.0.7", "axe-core": "4.14.1", "qrcode-generator": "2.0.4"}
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"][""]["devDependencies"] == package["devDependencies"]
    assert lock["packages"]["node_modules/pyodide"]["version"] == "314.0.7"
    assert lock["packages"]["node_modules/axe-core"]["version"] == "4.14.1"
    assert lock["packages"]["node_modules/qrcode-generator"]["version"] == "2.0.4"
