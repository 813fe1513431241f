"""The command line's own words in Chinese through click's gettext catalogue (generator/usage.py), and the exit codes
of generator/errors.py: 0 clean, 1 findings, 2 a usage error, 3 an internal error."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from generator.usage import CATALOGUE, LANGUAGE
from tests.conftest import QINGDAN, ROOT, run_qingdan
from tests.finding_audit import problem_with

CLICK = Path(click.__file__).parent


def _catalogue():
    with CATALOGUE.open("rb") as source:
        return read_po(source, locale=LANGUAGE)


def _entries(messages) -> dict:
    """{msgid (a tuple for a plural): translation(s)}."""
    def key(value):
        return tuple(value) if isinstance(value, (list, tuple)) else value
    return {key(m.id): key(m.string) for m in messages if m.id}


def test_the_compiled_catalogue_is_the_one_committed():
    """scripts/bootstrap.sh compiles qingdan.po; the .mo the command line reads says what the .po says."""
    compiled = CATALOGUE.with_suffix(".mo")
    assert compiled.is_file(), "run .venv/bin/python -m generator.usage (scripts/bootstrap.sh does)"
    with compiled.open("rb") as source:
        assert _entries(read_mo(source)) == _entries(_catalogue())


def test_every_msgid_is_one_of_clicks():
    """A msgid click no longer has would silently leave its new words in English: said here when the pin moves."""
    source = "\n".join(path.read_text(encoding="utf-8") for path in CLICK.glob("*.py"))
    literals = set(re.findall(r'"((?:[^"\\\n]|\\.)*)"', source))
    missing = [m.id for m in _catalogue() if m.id and not all(i in literals for i in
                                                             (m.id if isinstance(m.id, tuple) else (m.id,)))]
    assert missing == []


def test_every_translation_is_chinese_and_keeps_its_placeholders():
    for message in _catalogue():
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings) and not any(problem_with(s) for s in strings), message.id
        wanted = {name.split("!")[0] for text in ids for name in re.findall(r"\{([^{}]*)\}", text)}
        given = {name for text in strings for name in re.findall(r"\{([^{}]*)\}", text)}
        assert given <= wanted, message.id


@pytest.mark.parametrize("args", [[], ["--help"], ["check", "--help"], ["eligibility", "--help"]],
                         ids=["plain", "help", "check-help", "eligibility-help"])
def test_help_is_in_chinese_whatever_the_locale(args):
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "LANG": "C", "LC_ALL": "C"}  # no LANGUAGE either
    result = subprocess.run([*QINGDAN, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert "用法：" in text and "选项" in text and "显示本帮助并退出" in text
    for english in ("Usage:", "Options:", "Commands:", "Show this message", "default:"):
        assert english not in text, english


def test_an_internal_error_exits_3_in_one_chinese_line_without_a_traceback():
    probe = ("import click\nfrom generator import cli\n"
             "@cli.cli.command()\ndef boom():\n    raise RuntimeError('boom')\n"
             "cli.main(['boom'])\n")
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 3, result.stderr
    assert result.stderr.startswith("内部错误（这是程序的缺陷，不是您的文件有问题）：RuntimeError: boom")
    assert "Traceback" not in result.stderr


def test_the_codes_of_a_clean_run_findings_and_a_usage_error(policy_copy):
    assert run_qingdan("check", "--as-of", "2024-07-01").returncode == 0
    assert run_qingdan("check", "--as-of", "2024-07-01", "--format", "xml").returncode == 2
    city = policy_copy / "lists" / "140200" / "2024-02-06.yaml"
    city.write_text(city.read_text(encoding="utf-8").replace("{fact: age, ge: 100}", "{fact: agee, ge: 100}", 1),
                    encoding="utf-8")
    assert run_qingdan("check", str(policy_copy)).returncode == 1
