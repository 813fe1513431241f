"""The published JSON Schemas work with ordinary tools: check-jsonschema accepts the policy files and rejects an
unknown field, and every schema is a valid draft 2020-12 schema."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "policy" / "schema"
LIST = ROOT / "policy" / "lists" / "140200" / "2024-02-06.yaml"
VOCABULARY = ROOT / "policy" / "vocabulary.yaml"


def check_jsonschema(schema: Path, instance: Path) -> subprocess.CompletedProcess:
    exe = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent))
    assert exe, "check-jsonschema is not installed in the venv"
    return subprocess.run([exe, "--schemafile", str(schema), str(instance)], capture_output=True, text=True,
                          timeout=60)


def test_city_list_passes_check_jsonschema():
    result = check_jsonschema(SCHEMAS / "list.schema.json", LIST)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok" in result.stdout


def test_list_with_unknown_field_is_rejected_by_check_jsonschema(tmp_path):
    text = LIST.read_text(encoding="utf-8")
    old = "      department: 市人社局\n"
    assert old in text
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace(old, old + "      departmnt: 市人社局\n", 1), encoding="utf-8")
    result = check_jsonschema(SCHEMAS / "list.schema.json", bad)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "departmnt" in result.stdout + result.stderr


def test_list_with_bad_date_is_rejected_by_check_jsonschema(tmp_path):
    text = LIST.read_text(encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace("  published: 2024-02-06\n", '  published: "2024-02-30"\n', 1), encoding="utf-8")
    result = check_jsonschema(SCHEMAS / "list.schema.json", bad)
    assert result.returncode == 1, result.stdout + result.stderr


def test_vocabulary_passes_check_jsonschema():
    result = check_jsonschema(SCHEMAS / "vocabulary.schema.json", VOCABULARY)
    assert result.returncode == 0, result.stdout + result.stderr


def test_vocabulary_with_bad_fact_type_is_rejected_by_check_jsonschema(tmp_path):
    text = VOCABULARY.read_text(encoding="utf-8")
    old = "  age:\n    type: integer\n"
    assert old in text
    bad = tmp_path / "vocabulary.yaml"
    bad.write_text(text.replace(old, "  age:\n    type: int\n", 1), encoding="utf-8")
    result = check_jsonschema(SCHEMAS / "vocabulary.schema.json", bad)
    assert result.returncode == 1, result.stdout + result.stderr


SCHEMA_FILES = sorted(SCHEMAS.glob("*.json"))


def test_there_are_schemas():
    names = {p.name for p in SCHEMA_FILES}
    assert {"list.schema.json", "vocabulary.schema.json"} <= names


@pytest.mark.parametrize("schema_file", SCHEMA_FILES, ids=[p.name for p in SCHEMA_FILES])
def test_schema_is_valid_draft_2020_12(schema_file):
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    assert schema.get("$schema") == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_check_schema_can_fail():
    with pytest.raises(jsonschema.SchemaError):
        jsonschema.Draft202012Validator.check_schema({"type": "no-such-type"})
