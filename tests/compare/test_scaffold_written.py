"""qingdan county new writes its file through the YAML serializer, so every name it accepts reads back as written, and
refuses names no region has; the placeholders it writes fail the check and stop the site build until replaced."""
from __future__ import annotations

import datetime
import os
import subprocess
import tempfile
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from generator.derive.scaffold import MAX_NAME_LENGTH, PLACEHOLDERS, region_name_problem, scaffold_derivation
from generator.loading.repository import DATE_KEYS, load_repository
from generator.loading.schema import schema_findings
from generator.loading.yamlsafe import load_yaml
from tests.conftest import POLICY, QINGDAN, ROOT, run_qingdan

SCHEMA = POLICY / "schema/derivation.schema.json"
CITY = next(r for r in load_repository(POLICY).revisions if r.region_code == "140200")
# Texts YAML 1.1 or the strict reader treat specially when written unquoted.
TRICKY = ["on", "y", "No", "null", "~", "0o17", "017", "1e5", "1_000", "1:20", ".inf", "=", "<<", "2024-01-01",
          "测试区 #1", "#区", "- 区", "区: 县", "'区", '"区', "*区", "&区", "!区", "%区", "@区", "`区", "[区]", "{区}",
          "区,县", "? 区", "|", ">", "区\u3000县", "𠀀区"]


def read_back(file: Path) -> dict:
    """The file as the check reads it: the project's strict loader, then the derivation schema."""
    doc = load_yaml(file, file.name, date_keys=DATE_KEYS)
    assert schema_findings(doc, SCHEMA) == []
    return doc.data


@pytest.mark.parametrize("name", ["on", "测试区 #1", "y", "1e5", "区: 县"])
def test_county_new_writes_a_name_that_reads_back_as_written(policy_copy, name):
    result = run_qingdan("county", "new", "140299", "--name", name, cwd=policy_copy.parent)
    assert result.returncode == 0, result.stderr
    [created] = (policy_copy / "lists/140299").glob("*.yaml")
    data = read_back(created)
    assert data["region"] == {"code": "140299", "name": name}
    assert data["title"] == f"{name}基本养老服务清单"
    answer = run_qingdan("eligibility", "--region", name, "--profile", "-", stdin="{}", cwd=policy_copy.parent)
    assert answer.returncode == 0, answer.stdout + answer.stderr
    assert answer.stdout.startswith(f"{name}（140299）")


@pytest.mark.parametrize("name", ["甲\n乙", "", "   ", "甲\t乙", "\u202e区县", "区\u200b县", " 平城区"],
                         ids=["newline", "empty", "blank", "tab", "bidi-override", "zero-width", "leading-space"])
def test_county_new_refuses_a_name_no_region_has(policy_copy, name):
    result = run_qingdan("county", "new", "140299", "--name", name, cwd=policy_copy.parent)
    assert result.returncode == 1
    assert result.stderr.startswith("错误：县区名称") and "Traceback" not in result.stderr
    assert not (policy_copy / "lists/140299").exists()
    assert run_qingdan("check", cwd=policy_copy.parent).returncode == 0  # nothing was written that breaks the policy


def problem_is_explained(name: str) -> bool:
    hidden = any(unicodedata.category(c)[0] == "C" or unicodedata.category(c) in ("Zl", "Zp") for c in name)
    return not name.strip() or hidden or name != name.strip() or len(name) > MAX_NAME_LENGTH


@settings(max_examples=300, deadline=None)
@given(name=st.one_of(st.sampled_from(TRICKY), st.text(st.characters(codec="utf-8"), max_size=12),
                      st.lists(st.sampled_from(TRICKY), min_size=1, max_size=3).map(" ".join)))
def test_every_name_the_command_accepts_reads_back_as_written(name):
    """What ``county new`` does with a name: region_name_problem decides, scaffold_derivation writes."""
    if region_name_problem(name) is not None:
        assert problem_is_explained(name)
        return
    text = scaffold_derivation("140299", name, CITY, datetime.date(2024, 6, 1))
    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / "2024-06-01.yaml"
        file.write_text(text, encoding="utf-8")
        data = read_back(file)
    assert data["region"]["name"] == name
    assert data["title"] == f"{name}基本养老服务清单" and data["revision"]["issuer"] == f"{name}人民政府"


def scaffold_and_fill_values(policy: Path) -> Path:
    result = run_qingdan("county", "new", "140299", "--name", "测试区", cwd=policy.parent)
    assert result.returncode == 0, result.stderr
    [created] = (policy / "lists/140299").glob("*.yaml")
    text = created.read_text(encoding="utf-8")
    for placeholder in PLACEHOLDERS:  # the registry is what the scaffold writes
        assert placeholder.text in text
    created.write_text(text.replace("value: null  # 请填写", "value: 700"), encoding="utf-8")
    return created


def test_a_placeholder_left_in_a_new_county_fails_the_check(policy_copy):
    created = scaffold_and_fill_values(policy_copy)
    result = run_qingdan("check", cwd=policy_copy.parent)
    assert result.returncode == 1, result.stdout
    rows = [row for row in result.stdout.splitlines() if ": error[" in row]
    assert len(rows) == 1 and "error[PLACEHOLDER_NOT_REPLACED]" in rows[0] and "请填写文号" in rows[0]
    lines = created.read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if "document_number:" in text)
    column = lines[line - 1].index("请填写文号") + 1
    assert rows[0].startswith(f"policy/lists/140299/{created.name}:{line}:{column}: ")
    assert "正式文号" in result.stdout  # the hint says what to write
    created.write_text(created.read_text(encoding="utf-8").replace("请填写文号", "测试发〔2024〕1号"), encoding="utf-8")
    again = run_qingdan("check", cwd=policy_copy.parent)
    assert again.returncode == 0, again.stdout + again.stderr


def test_the_site_build_refuses_to_publish_a_placeholder(policy_copy, tmp_path):
    scaffold_and_fill_values(policy_copy)
    out = tmp_path / "site"
    env = {**os.environ, "QINGDAN_POLICY": str(policy_copy)}
    env.pop("QINGDAN_AS_OF", None)
    result = subprocess.run([*QINGDAN, "build", "--out", str(out)], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=600)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "PLACEHOLDER_NOT_REPLACED" in result.stdout and "网站未生成" in result.stderr
    assert not out.exists()
