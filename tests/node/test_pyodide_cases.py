"""Acceptance 4: every citizen case (tests/cases/*.yaml) gives, inside Pyodide, exactly the JSON CPython gives.

No browser: ``node tests/node/run_cases.mjs`` loads the Pyodide runtime from node_modules, installs the wheel the
site publishes (built the same way, installed with ``loadPackage(<absolute path>)``) and runs the calculator's own
engine worker (docs/calculator/engine-worker.js). The cases are read with the project's YAML loader and each needed
list is compiled in Python with ``compiled_for``; the comparison is of the full JSON of ``Engine.evaluate()``.
"""
from __future__ import annotations

import datetime
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.derive.effective import build_catalog, compiled_for
from generator.engine import Engine
from generator.loading.repository import load_repository
from generator.loading.yamlsafe import load_yaml
from generator.site.calculator.runtime import Pyodide, build_wheel

ROOT = Path(__file__).resolve().parents[2]
CASES = sorted((ROOT / "tests" / "cases").glob("*.yaml"))
RUNNER = Path(__file__).resolve().with_name("run_cases.mjs")
WORKER = ROOT / "docs" / "calculator" / "engine-worker.js"
# A few profiles of the calculator's own, so the comparison never runs empty (situations, decimals, nothing known).
EXTRA = {
    "calculator: nothing answered": {"region": "140200", "profile": {}},
    "calculator: 14.5 contribution years, lawsuit": {
        "region": "140200",
        "profile": {"age": 64, "employee_pension_insured": True, "reached_retirement_age": True,
                    "employee_contribution_years": 14.5, "retired": True, "situations": {"rights_lawsuit": True}}},
}


def _cases() -> dict[str, dict]:
    cases = {path.name: load_yaml(path, path.name).data for path in CASES}
    as_of = datetime.date.today().isoformat()
    cases.update({name: {**case, "as_of": as_of} for name, case in EXTRA.items()})
    return cases


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict[str, tuple[str, str]]:
    """Case name -> (JSON from Pyodide, JSON from CPython)."""
    node = shutil.which("node")
    assert node, "node (Node.js ≥ 18) is needed: run bash scripts/bootstrap.sh"
    repo = load_repository(ROOT / "policy")
    catalog = build_catalog(repo)
    lists, jobs, expected = {}, [], {}
    for name, case in _cases().items():
        key = f"{case['region']}@{case['as_of']}"
        if key not in lists:
            lists[key] = compiled_for(repo, catalog, str(case["region"]), datetime.date.fromisoformat(str(case["as_of"])))
        jobs.append({"name": name, "list": key, "profile": case["profile"]})
        # What the browser's glue returns: json.dumps(Engine(json.loads(text)).evaluate(json.loads(profile)))
        compiled = json.loads(json.dumps(lists[key], ensure_ascii=False))
        expected[name] = json.dumps(Engine(compiled).evaluate(json.loads(json.dumps(case["profile"]))),
                                    ensure_ascii=False)
    pyodide = Pyodide.from_node_modules(ROOT)
    work = tmp_path_factory.mktemp("pyodide-cases")
    job = {"worker": str(WORKER), "pyodide": f"{pyodide.directory}/", "lock": pyodide.lock,
           "wheel": str(build_wheel(ROOT).write(work)),
           "lists": {key: json.dumps(data, ensure_ascii=False) for key, data in lists.items()}, "cases": jobs}
    (work / "job.json").write_text(json.dumps(job, ensure_ascii=False), encoding="utf-8")
    run = subprocess.run([node, str(RUNNER), str(work / "job.json"), str(work / "results.json")], cwd=ROOT,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    got = json.loads((work / "results.json").read_text(encoding="utf-8"))
    return {name: (got[name], expected[name]) for name in expected}


def test_there_are_cases():
    assert CASES, "tests/cases/*.yaml"


@pytest.mark.parametrize("name", list(_cases()))
def test_pyodide_gives_exactly_the_json_cpython_gives(runs, name):
    pyodide, cpython = runs[name]
    assert json.loads(pyodide) == json.loads(cpython)  # (a readable diff first)
    assert pyodide == cpython
