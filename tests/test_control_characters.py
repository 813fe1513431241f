"""Terminal escape sequences and bidi overrides (generator/textsafety.py): refused in policy files at load with
file:line:col and the character's U+XXXX, and removed from everything the command line prints."""
from __future__ import annotations

import ast
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.errors import PolicyError
from generator.loading.yamlsafe import load_yaml, parse_yaml
from tests.conftest import POLICY, QINGDAN, ROOT

# The set, as the issue defines it: C0 except tab and newline, DEL, C1, bidi embedding/override/isolate.
EXPECTED = ({chr(c) for c in range(0x20)} - {"\t", "\n"}) | {chr(c) for c in range(0x7F, 0xA0)} \
    | {chr(c) for c in range(0x202A, 0x202F)} | {chr(c) for c in range(0x2066, 0x206A)}
SAMPLES = ["\x01", "\x07", "\r", "\x1b", "\x7f", "\x85", "\x9b", "\u202a", "\u202e", "\u2066", "\u2069"]
ESCAPE_TITLE = '"测试县\\e]0;清单已通过审核\\a基本养老服务清单"'


def findings(text: str, tmp_path: Path) -> list[tuple[str, int, int, str]]:
    file = tmp_path / "t.yaml"
    file.write_bytes(text.encode("utf-8"))
    with pytest.raises(PolicyError) as info:
        load_yaml(file, "t.yaml")
    return [(f.rule, f.location.line, f.location.col, f.message) for f in info.value.findings]


def test_the_set_is_exactly_the_one_defined_and_lives_in_one_place():
    from generator.textsafety import strip_controls

    removed = {chr(c) for c in range(0x3000) if strip_controls(chr(c)) == ""}
    assert removed == EXPECTED


@pytest.mark.parametrize("char", SAMPLES, ids=[f"U+{ord(c):04X}" for c in SAMPLES])
def test_a_raw_control_character_is_refused_at_its_line_and_column(char: str, tmp_path: Path):
    (rule, line, col, message), = findings(f"title: a\nname: 大同{char}市\n", tmp_path)
    assert (rule, line, col) == ("CONTROL_CHARACTER", 2, 9)
    assert f"U+{ord(char):04X}" in message and char not in message


@pytest.mark.parametrize("escape, code", [("\\e", "001B"), ("\\a", "0007"), ("\\x9b", "009B"), ("\\u202e", "202E"),
                                          ("\\r", "000D"), ("\\x7f", "007F")])
def test_an_escaped_control_character_in_double_quotes_is_refused(escape: str, code: str):
    with pytest.raises(PolicyError) as info:
        parse_yaml(f'title: a\nname: "大同{escape}市"\n', "t.yaml")
    (finding,) = info.value.findings
    assert (finding.rule, finding.location.line, finding.location.col) == ("CONTROL_CHARACTER", 2, 7)
    assert f"U+{code}" in finding.message and "第 3 个字符" in finding.message


def test_an_escaped_control_character_in_a_key_is_refused():
    with pytest.raises(PolicyError) as info:
        parse_yaml('a: 1\n"b\\e[31m": 2\n', "t.yaml")
    assert [(f.rule, f.location.line, f.location.col) for f in info.value.findings] == [("CONTROL_CHARACTER", 2, 1)]


def test_tab_newline_crlf_and_other_invisible_but_harmless_characters_are_kept(tmp_path: Path):
    file = tmp_path / "t.yaml"
    file.write_bytes('a: "x\\ty\\nz"\r\nb: |\r\n  第一行\t末尾\r\n  第二行\r\nc: 大\u00a0同\u202f市\r\n'.encode("utf-8"))
    assert load_yaml(file, "t.yaml").data == {"a": "x\ty\nz", "b": "第一行\t末尾\n第二行\n", "c": "大\u00a0同\u202f市"}


def test_many_control_characters_are_listed_up_to_the_limit_then_counted(tmp_path: Path):
    from generator.loading.yamlsafe import MAX_CONTROL_FINDINGS

    found = findings("a: " + "\x1b[0m" * (MAX_CONTROL_FINDINGS + 5) + "\n", tmp_path)
    assert len(found) == MAX_CONTROL_FINDINGS + 1
    assert "还有 5 个" in found[-1][3]


def test_an_official_text_with_a_control_character_is_refused(tmp_path: Path):
    policy = tmp_path / "policy"
    shutil.copytree(POLICY, policy)
    source = policy / "sources" / "同政办发〔2024〕6号.txt"
    source.write_text("大同市人民政府办公室\n\u202e文件\n", encoding="utf-8")
    result = subprocess.run([*QINGDAN, "check", "policy", "--as-of", "2024-06-01"], cwd=tmp_path, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 1
    assert "policy/sources/同政办发〔2024〕6号.txt:2:1: error[CONTROL_CHARACTER]" in result.stdout, result.stdout


# -- what the command line prints -----------------------------------------------------------------------------
def run(*args: str, cwd: Path = ROOT, stdin: str | None = None) -> str:
    result = subprocess.run([*QINGDAN, *args], cwd=cwd, input=stdin, capture_output=True, text=True, timeout=60)
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert result.returncode == 1, output
    return output


def assert_terminal_safe(output: str) -> None:
    assert not set(output) & (EXPECTED - {"\r"}), [c for c in output if c in EXPECTED]


def test_a_region_argument_with_an_escape_sequence_is_quoted_without_it():
    output = run("eligibility", "--region", "\x1b]0;已被篡改\x07\u202e140200", "--profile", "-", stdin="{}")
    assert_terminal_safe(output)
    assert "]0;已被篡改140200" in output  # still quoted, so the user sees what was typed


def test_a_profile_key_with_an_escape_sequence_is_quoted_without_it():
    output = run("eligibility", "--region", "140200", "--profile", "-", stdin='{"\\u001b[2J\\u009b31m": 1}')
    assert_terminal_safe(output)
    assert "“[2J31m”" in output


@pytest.mark.parametrize("command", [["check", "policy"], ["eligibility", "--region", "140299", "--profile", "-"]])
def test_policy_text_with_an_escape_sequence_never_reaches_the_terminal(command: list[str], tmp_path: Path):
    policy = tmp_path / "policy"
    shutil.copytree(POLICY, policy)
    hostile = ROOT / "tests" / "hostile" / "escape-sequence-in-title" / "lists" / "140299"
    shutil.copytree(hostile, policy / "lists" / "140299")
    assert ESCAPE_TITLE in (hostile / "2024-04-01.yaml").read_text(encoding="utf-8")
    output = run(*command, "--as-of", "2024-06-01", cwd=tmp_path, stdin="{}")
    assert_terminal_safe(output)
    assert "policy/lists/140299/2024-04-01.yaml:3:8: error[CONTROL_CHARACTER]" in output
    assert "U+001B" in output


def test_every_text_output_of_the_command_line_goes_through_the_one_helper():
    """``click.echo`` is called only by generator.textsafety.echo; everything else prints through that."""
    callers = []
    for path in sorted((ROOT / "generator").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in ("echo", "secho") and \
                    isinstance(node.value, ast.Name) and node.value.id == "click" or \
                    isinstance(node, ast.Name) and node.id == "print":
                callers.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert callers and {caller.split(":")[0] for caller in callers} == {"generator/textsafety.py"}, callers
