"""县区清单编制 (issue 16), without a browser: what the page's Python is built from, and that it checks as the command
line does. The page itself is tested in tests/browser/test_draft_page.py."""
from __future__ import annotations

import datetime
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from generator.checking import check_policy
from generator.loading.repository import DATE_KEYS, SCHEMA_DIR
from generator.loading.yamlsafe import load_yaml
from generator.site.calculator.runtime import CalculatorBuildError
from generator.site.draft.runtime import LOCK, WHEELS, policy_bundle, vendor_zip
from generator.site.draft.session import Session
from tests.conftest import POLICY, ROOT

HOSTILE = ROOT / "tests" / "hostile"
BROKEN_DERIVATIONS = [
    "kind: derivation\nitmes: {}\n",
    "kind: derivation\nlist_id: x\ntitle: t\nregion: {code: '140299', name: 测试县}\nparent: {region: '140200', "
    "revision: '2024-02-06'}\nrevision: {id: a, issuer: b, published: 2024-13-01, effective: 2024-06-01}\n"
    "parameters:\n  local_dibao_standard: {value: -1}\nitems:\n  care-service-subsidy:\n    terms:\n"
    "      subsidy: {value: 七十, bound: least}\n    eligibility_any: {fact: age, ge: 75, eq: 3}\n",
    "kind: derivation\nadded_items:\n  - {id: Meal, official: {name: ''}, eligibility: {ref: elderly}, terms: []}\n",
]
SCHEMA_RUN = """
import json, sys
from pathlib import Path
import jsonschema
from generator.loading.repository import DATE_KEYS
from generator.loading.schema import schema_findings
from generator.loading.yamlsafe import load_yaml
out = {"version": jsonschema.__file__, "findings": []}
for file, schema in json.loads(sys.stdin.read()):
    doc = load_yaml(Path(file), file, date_keys=DATE_KEYS)
    out["findings"].append([str(f) for f in schema_findings(doc, Path(schema))])
print(json.dumps(out, ensure_ascii=False))
"""


def test_a_missing_or_altered_browser_wheel_is_a_clear_chinese_error(tmp_path):
    shutil.copyfile(ROOT / LOCK, tmp_path / LOCK)
    with pytest.raises(CalculatorBuildError, match="bootstrap.sh"):
        vendor_zip(tmp_path)
    shutil.copytree(ROOT / WHEELS, tmp_path / WHEELS)
    wheel = next((tmp_path / WHEELS).glob("jsonschema-*.whl"))
    wheel.write_bytes(wheel.read_bytes() + b"\0")
    with pytest.raises(CalculatorBuildError, match="sha256"):
        vendor_zip(tmp_path)


def test_the_browser_gets_pure_python_jsonschema_without_rpds_and_pyyaml_without_its_extension():
    with zipfile.ZipFile(__import__("io").BytesIO(vendor_zip(ROOT))) as archive:
        names = archive.namelist()
    assert not [n for n in names if n.endswith((".so", ".pyd"))]
    assert "yaml/__init__.py" in names and "jsonschema-4.17.3.dist-info/METADATA" in names
    assert {n.split("/")[0] for n in names if n.endswith("__init__.py")} == {"yaml", "jsonschema", "pyrsistent",
                                                                           "attr", "attrs"}


def _schema_cases(tmp_path: Path) -> list[tuple[str, str]]:
    """Every YAML file of the policy and of the hostile corpus that parses, and broken derivations, with the schema
    of its kind."""
    cases = []
    for index, text in enumerate(BROKEN_DERIVATIONS):
        file = tmp_path / f"broken-{index}.yaml"
        file.write_text(text, encoding="utf-8")
        cases.append(file)
    cases += sorted(POLICY.glob("lists/*/*.yaml")) + sorted(HOSTILE.rglob("*.yaml"))
    pairs = []
    for file in cases:
        if file.name == "expect.yaml":
            continue
        try:
            doc = load_yaml(file, str(file), date_keys=DATE_KEYS)
        except Exception:
            continue
        kind = doc.data.get("kind") if isinstance(doc.data, dict) else None
        if kind in ("list", "derivation"):
            pairs.append((str(file), str(POLICY / SCHEMA_DIR / f"{kind}.schema.json")))
    return pairs


def test_schema_findings_are_the_same_with_the_browsers_jsonschema(tmp_path):
    """The browser validates with jsonschema 4.17.3 (vendor.zip), the command line with the locked newer one: the
    findings — rule, place and message — are the same for every policy file, hostile file and broken derivation."""
    pairs = _schema_cases(tmp_path)
    vendor = tmp_path / "vendor.zip"
    vendor.write_bytes(vendor_zip(ROOT))
    runs = {}
    for name, path in (("installed", ""), ("browser", str(vendor))):
        env = {"PYTHONPATH": f"{path}:{ROOT}" if path else str(ROOT), "PATH": "/usr/bin:/bin"}
        run = subprocess.run([sys.executable, "-c", SCHEMA_RUN], input=json.dumps(pairs), capture_output=True,
                             text=True, cwd=ROOT, timeout=300, env=env)
        assert run.returncode == 0, run.stderr
        runs[name] = json.loads(run.stdout)
    assert runs["browser"]["version"].startswith(str(vendor)), runs["browser"]["version"]
    assert not runs["installed"]["version"].startswith(str(vendor))
    assert runs["browser"]["findings"] == runs["installed"]["findings"]
    assert sum(map(len, runs["installed"]["findings"])) >= 10  # the comparison covers real schema errors


@pytest.fixture
def bundle_root(tmp_path) -> Path:
    """The policy root as the page's worker writes it from policy.json."""
    root = tmp_path / "policy"
    for name, text in json.loads(policy_bundle(POLICY)).items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def test_the_bundle_holds_the_parents_and_no_county(bundle_root):
    assert sorted(p.name for p in (bundle_root / "lists").iterdir()) == ["140200"]
    assert (bundle_root / "sources").is_dir() and (bundle_root / "vocabulary.yaml").is_file()


def test_each_change_is_checked_as_a_fresh_check_of_the_same_files(bundle_root, monkeypatch):
    """The session reads the unchanged files once: its findings are those of ``check_policy`` reading them all."""
    monkeypatch.chdir(bundle_root.parent)
    session = Session(bundle_root, datetime.date(2024, 6, 1))
    weakened = (POLICY / "lists/140213/2024-04-01.yaml").read_bytes().replace(b"value: 80", b"value: 8")
    steps = [{"op": "new", "code": "140221", "name": "阳高县"},
             {"op": "parameter", "name": "local_dibao_standard", "value": 690},
             {"op": "term", "item": "care-service-subsidy", "term": "subsidy", "field": "value", "value": 60},
             {"op": "age", "item": "old-age-allowance-80-99", "index": 0, "value": 85},
             {"op": "groups", "item": "old-age-allowance-80-99", "groups": ["dibao", "tekun"]},
             {"op": "upload", "name": "2024-04-01.yaml", "data": list(weakened)}]
    for step in steps:
        view = session.handle(step)["draft"]
        fresh = check_policy(bundle_root, datetime.date(2024, 6, 1)).reported([view["path"]])
        assert [(f["rule"], f["line"], f["col"], f["message"]) for f in view["findings"]] == \
            [(f.rule, f.location.line, f.location.col, f.message) for f in fresh]
    assert {f["rule"] for f in view["findings"]} >= {"AMOUNT_LOWERED"}


def test_a_bad_county_code_or_name_is_told_in_chinese(bundle_root, monkeypatch):
    monkeypatch.chdir(bundle_root.parent)
    session = Session(bundle_root, datetime.date(2024, 6, 1))
    assert "六位数字" in session.handle({"op": "new", "code": "140200", "name": "大同市"})["problem"]
    assert "名称" in session.handle({"op": "new", "code": "140299", "name": " "})["problem"]


def test_the_pages_wheel_carries_what_the_session_imports_and_nothing_of_the_build_or_the_command_line():
    from generator.site.draft.runtime import WHEEL_CONTENTS
    from tests.test_layers import GRAPH, MODULES

    carried = {name for name, path in MODULES.items()
               if any(path.relative_to(ROOT).as_posix() == entry or path.relative_to(ROOT).as_posix()
                      .startswith(entry + "/") for entry in WHEEL_CONTENTS)}
    needed, todo = set(), ["generator.site.draft.session"]
    while todo:
        module = todo.pop()
        if module not in needed:
            needed.add(module)
            todo += GRAPH[module]
    assert needed - carried == set()
    assert not {m for m in carried if m.startswith(("generator.cli", "generator.site.build", "generator.site.hooks",
                                                    "generator.site.draft.hook", "generator.reporting"))}


def test_the_city_list_uploaded_is_refused_not_written_over_its_parent(bundle_root, monkeypatch):
    monkeypatch.chdir(bundle_root.parent)
    session = Session(bundle_root, datetime.date(2024, 6, 1))
    city = bundle_root / "lists/140200/2024-02-06.yaml"
    before = city.read_bytes()
    result = session.handle({"op": "upload", "name": city.name, "data": list(before)})
    assert "不是县（区）的" in result["problem"] and city.read_bytes() == before
