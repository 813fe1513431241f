"""Acceptance: `qingdan check` on a mutated COPY of policy/ reports each mistake at path:line:col with its rule ID,
exits 1 and never shows a traceback; the clean repository passes with its 22 items."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
LIST = Path("lists/140200/2024-02-06.yaml")
SHOWN = f"policy/{LIST.as_posix()}"  # how the CLI prints the path when run from the copy's parent folder


def qingdan(*args: str, cwd: Path, stdin: str | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    """Run the installed console script from the venv's bin directory (first on PATH), as a user would."""
    exe = shutil.which("qingdan", path=str(VENV_BIN))
    assert exe, f"console script qingdan not installed in {VENV_BIN}"
    env = {k: v for k, v in os.environ.items() if k != "QINGDAN_DEBUG"}
    env["PATH"] = f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}"
    return subprocess.run(["qingdan", *args], cwd=cwd, env=env, input=stdin, capture_output=True, text=True,
                          timeout=timeout)


@pytest.fixture
def city_copy(tmp_path: Path) -> Path:
    """A private copy of policy/ whose city list a test may break."""
    shutil.copytree(ROOT / "policy", tmp_path / "policy")
    return tmp_path / "policy"


def mutate(policy: Path, old: str, new: str) -> int:
    """Replace the first occurrence of ``old`` in the city list; return the 1-based line where it started."""
    file = policy / LIST
    text = file.read_text(encoding="utf-8")
    at = text.find(old)
    assert at >= 0, f"the list no longer contains {old!r}; update this test"
    file.write_text(text[:at] + new + text[at + len(old):], encoding="utf-8")
    return text.count("\n", 0, at) + 1


def column_of(policy: Path, line: int, marker: str) -> int:
    text = (policy / LIST).read_text(encoding="utf-8").splitlines()[line - 1]
    assert marker in text, (marker, text)
    return text.index(marker) + 1


def assert_reported(result: subprocess.CompletedProcess, line: int, col: int, rule: str) -> str:
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    assert "内部错误" not in output
    expected = f"{SHOWN}:{line}:{col}: error[{rule}]"
    assert any(row.startswith(expected + " ") for row in result.stdout.splitlines()), \
        f"{expected!r} not in:\n{output}"
    assert "检查未通过" in result.stderr
    return output


def check(policy: Path) -> subprocess.CompletedProcess:
    return qingdan("check", "policy", cwd=policy.parent)


# -- the clean repository ----------------------------------------------------------------------------------------
def test_clean_repository_passes_with_22_items():
    result = qingdan("check", cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "大同市（140200）" in result.stdout and "22 项" in result.stdout
    assert "检查通过" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_clean_copy_passes(city_copy):
    result = check(city_copy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "22 项" in result.stdout


# -- one test per mistake -------------------------------------------------------------------------------------
def test_duplicate_key(city_copy):
    line = mutate(city_copy, "      content: 为符合条件的参保职工发放基本养老金\n", "      name: 职工基本养老保险\n")
    output = assert_reported(check(city_copy), line, 7, "YAML_DUPLICATE_KEY")
    assert "name" in output


def test_unknown_field(city_copy):
    line = mutate(city_copy, "      department: 市人社局\n",
                  "      department: 市人社局\n      departmnt: 市人社局\n") + 1
    output = assert_reported(check(city_copy), line, 7, "SCHEMA_UNKNOWN_FIELD")
    assert "departmnt" in output and "是不是想写“department”" in output
    assert "SCHEMA_REQUIRED" not in output


def test_wrong_type(city_copy):
    line = mutate(city_copy, "  - number: 3\n", '  - number: "3"\n')
    assert_reported(check(city_copy), line, column_of(city_copy, line, '"3"'), "SCHEMA_TYPE")


def test_wrong_type_of_an_amount(city_copy):
    line = mutate(city_copy, "value: 300,", "value: 三百,")
    assert_reported(check(city_copy), line, column_of(city_copy, line, "三百"), "SCHEMA_TYPE")


def test_unknown_fact_in_a_condition_with_suggestion(city_copy):
    line = mutate(city_copy, "{fact: age, ge: 100}", "{fact: agee, ge: 100}")
    output = assert_reported(check(city_copy), line, column_of(city_copy, line, "agee"), "UNKNOWN_FACT")
    assert "是不是想写" in output and "“age”" in output


def test_age_400_is_outside_the_domain_of_age(city_copy):
    line = mutate(city_copy, "{fact: age, ge: 100}", "{fact: age, ge: 400}")
    output = assert_reported(check(city_copy), line, column_of(city_copy, line, "400"), "VALUE_OUT_OF_DOMAIN")
    assert "400" in output


def test_enum_value_not_declared(city_copy):
    line = mutate(city_copy, "{fact: economic_status, eq: dibao}", "{fact: economic_status, eq: rich}")
    output = assert_reported(check(city_copy), line, column_of(city_copy, line, "rich"), "VALUE_OUT_OF_DOMAIN")
    assert "rich" in output and "dibao" in output  # names the allowed values


def test_missing_official_text(city_copy):
    # delete `content:` of item 2; the official mapping (starting at its first key) lacks it
    line = mutate(city_copy, "      content: 为符合条件的参保城乡居民发放基本养老保险待遇\n", "")
    lines = (city_copy / LIST).read_text(encoding="utf-8").splitlines()
    assert lines[line - 4] == "    official:" and lines[line - 3].startswith("      target_group:")
    output = assert_reported(check(city_copy), line - 2, 7, "SCHEMA_REQUIRED")
    assert "content" in output


def test_bad_date(city_copy):
    line = mutate(city_copy, "  published: 2024-02-06\n", "  published: 2024-02-30\n")
    output = assert_reported(check(city_copy), line, 14, "SCHEMA_DATE")
    assert "2024-02-30" in output


def test_alias_bomb(city_copy):
    bomb = ['lol0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 9):
        bomb.append(f"lol{level}: &a{level} [" + ",".join([f"*a{level - 1}"] * 9) + "]")
    line = mutate(city_copy, "title: ", "\n".join(bomb) + "\ntitle: ")
    output = assert_reported(check(city_copy), line, 7, "YAML_ALIAS")
    assert "SCHEMA" not in output  # refused by the reader, never expanded into data


def test_file_of_50_megabytes(city_copy):
    file = city_copy / LIST
    with file.open("ab") as handle:
        handle.write(b"# " + b"x" * (50 * 1024 * 1024) + b"\n")
    assert file.stat().st_size > 50 * 1024 * 1024
    output = assert_reported(check(city_copy), 1, 1, "YAML_TOO_LARGE")
    assert "文件过大" in output


# -- the same through a single file argument --------------------------------------------------------------------
def test_checking_one_file_reports_its_problem(city_copy):
    line = mutate(city_copy, "{fact: age, ge: 100}", "{fact: agee, ge: 100}")
    result = qingdan("check", SHOWN, cwd=city_copy.parent)
    assert_reported(result, line, column_of(city_copy, line, "agee"), "UNKNOWN_FACT")


def test_nonexistent_path_is_a_user_error(tmp_path):
    result = qingdan("check", "no-such-dir", cwd=tmp_path)
    assert result.returncode == 1
    assert "错误" in result.stderr and "Traceback" not in result.stdout + result.stderr


@pytest.mark.parametrize("args, expected", [
    (["eligibility", "--regoin", "140200"], "没有选项“--regoin”，是不是想写“--region”？"),
    (["eligibility"], "缺少必填选项“--region”"),
    (["check", "--format", "xml"], "选项“--format”的值“xml”无效"),
    (["nosuch"], "没有命令“nosuch”"),
    (["compare", "140200"], "缺少参数“CHILD”"),
], ids=["unknown-option", "missing-option", "bad-choice", "unknown-command", "missing-argument"])
def test_usage_errors_are_in_chinese(args, expected):
    result = qingdan(*args, cwd=ROOT)
    assert result.returncode == 2
    assert expected in result.stderr and "--help" in result.stderr
    assert "Error:" not in result.stderr and "Traceback" not in result.stderr
