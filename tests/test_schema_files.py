"""The published JSON Schemas are exactly what generator/model/schemas.py produces, and every policy file passes
plain check-jsonschema (editors' tools see the same rules as qingdan)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.model.schemas import SCHEMAS, render
from tests.conftest import POLICY

CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"


@pytest.mark.parametrize("kind", sorted(SCHEMAS))
def test_schema_file_is_up_to_date(kind):
    assert (POLICY / "schema" / f"{kind}.schema.json").read_text(encoding="utf-8") == render(kind), \
        "run: python -m generator.model.schemas"


def test_every_county_derivation_passes_check_jsonschema():
    files = sorted(str(p) for p in (POLICY / "lists").rglob("*.yaml") if "kind: derivation" in p.read_text("utf-8"))
    assert len(files) == 10
    result = subprocess.run([str(CHECK_JSONSCHEMA), "--schemafile", str(POLICY / "schema/derivation.schema.json"),
                             *files], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
