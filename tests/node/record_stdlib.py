"""Runs the calculator's engine worker under Node on every citizen case, and records which standard-library files
Python imported on the way (generator/site/calculator/stdlib-files.json: the site publishes only those).

    .venv/bin/python tests/node/record_stdlib.py

The loading path is the real one: docs/calculator/engine-worker.js boots Pyodide from node_modules (its full
python_stdlib.zip), imports the engine from the wheel the site publishes, loads every region's compiled list and evaluates
every case of tests/cases/, the calculator's own profiles below and an invalid answer. The cases' helpers here are
shared with tests/node/test_pyodide_cases.py.
"""
from __future__ import annotations

import datetime
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from generator.derive.effective import build_catalog, compiled_for  # noqa: E402
from generator.engine import Engine, ProfileError  # noqa: E402
from generator.loading.repository import load_repository  # noqa: E402
from generator.loading.yamlsafe import load_yaml  # noqa: E402
from generator.site.calculator.runtime import Pyodide, build_wheel  # noqa: E402
from generator.site.calculator.stdlib import RECORDED  # noqa: E402

CASES = sorted((ROOT / "tests" / "cases").glob("*.yaml"))
RUNNER = Path(__file__).resolve().with_name("run_cases.mjs")
WORKER = ROOT / "docs" / "calculator" / "engine-worker.js"
STDLIB_IN_PYODIDE = "/lib/python314.zip/"  # where Pyodide puts python_stdlib.zip (sys.path)
# A few profiles of the calculator's own, so the comparison never runs empty (situations, decimals, nothing known).
EXTRA = {
    "calculator: nothing answered": {"region": "140200", "profile": {}},
    "calculator: 14.5 contribution years, lawsuit": {
        "region": "140200",
        "profile": {"age": 64, "employee_pension_insured": True, "reached_retirement_age": True,
                    "employee_contribution_years": 14.5, "retired": True, "situations": {"rights_lawsuit": True}}},
}
ERROR_PATHS = {  # (a misspelt answer, whose suggestion imports difflib, never comes from the page's form)
    "wrong type": {"region": "140200", "profile": {"age": "八十五", "living_alone": "yes"}},
}


def all_cases(extra: dict | None = None) -> dict[str, dict]:
    """tests/cases/*.yaml by file name, and ``extra`` (name -> {region, profile}) as of today."""
    cases = {path.name: load_yaml(path, path.name).data for path in CASES}
    as_of = datetime.date.today().isoformat()
    cases.update({name: {**case, "as_of": as_of} for name, case in (extra or {}).items()})
    return cases


def job(cases: dict[str, dict], work: Path, pyodide_dir: Path, every_region: bool = False,
        imported: Path | None = None) -> tuple[Path, dict]:
    """The runner's job file for ``cases`` on the runtime in ``pyodide_dir``, and what CPython gives for each case
    (the browser glue's JSON text). ``every_region``: also load every region's list in force, as the page does;
    ``imported``: where the runner writes the standard-library files Python imported."""
    repo = load_repository(ROOT / "policy")
    catalog = build_catalog(repo)
    lists, jobs, expected = {}, [], {}
    cases = dict(cases)
    if every_region:
        today = datetime.date.today().isoformat()
        cases.update({f"region {code}: nothing answered": {"region": code, "as_of": today, "profile": {}}
                      for code in sorted(catalog.entries_by_region)})
    for name, case in cases.items():
        key = f"{case['region']}@{case['as_of']}"
        if key not in lists:
            lists[key] = compiled_for(repo, catalog, str(case["region"]),
                                      datetime.date.fromisoformat(str(case["as_of"])))
        jobs.append({"name": name, "list": key, "profile": case["profile"]})
        # What the browser's glue returns: json.dumps(Engine(json.loads(text)).evaluate(json.loads(profile)))
        compiled = json.loads(json.dumps(lists[key], ensure_ascii=False))
        try:
            expected[name] = json.dumps(Engine(compiled).evaluate(json.loads(json.dumps(case["profile"]))),
                                        ensure_ascii=False)
        except ProfileError as error:  # as the glue answers it
            expected[name] = json.dumps({"problems": error.problems}, ensure_ascii=False)
    spec = {"worker": str(WORKER), "pyodide": f"{pyodide_dir}/", "lock": Pyodide.from_node_modules(ROOT).lock,
            "wheel": str(build_wheel(ROOT).write(work)),
            "lists": {key: json.dumps(data, ensure_ascii=False) for key, data in lists.items()}, "cases": jobs,
            "imported": str(imported) if imported else None}
    path = work / "job.json"
    path.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    return path, expected


def run(job_path: Path) -> dict[str, str]:
    """Run the job in Node; {case name: JSON text from Pyodide}."""
    node = shutil.which("node")
    assert node, "node (Node.js ≥ 18) is needed: run bash scripts/bootstrap.sh"
    results = job_path.with_name("results.json")
    done = subprocess.run([node, str(RUNNER), str(job_path), str(results)], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads(results.read_text(encoding="utf-8"))


def record() -> dict:
    """What RECORDED should hold now: the Pyodide version and the stdlib members imported on the real path."""
    pyodide = Pyodide.from_node_modules(ROOT)
    with tempfile.TemporaryDirectory(prefix="qingdan-stdlib-") as tmp:
        work = Path(tmp)
        path, _ = job(all_cases({**EXTRA, **ERROR_PATHS}), work, pyodide.directory, every_region=True,
                      imported=work / "imported.json")
        run(path)
        files = json.loads((work / "imported.json").read_text(encoding="utf-8"))
    members = sorted(f[len(STDLIB_IN_PYODIDE):] for f in files if f.startswith(STDLIB_IN_PYODIDE))
    return {"pyodide": pyodide.version,
            "how": "written by .venv/bin/python tests/node/record_stdlib.py — do not edit by hand",
            "files": members}


def main() -> int:
    RECORDED.write_text(json.dumps(record(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"已写入 {RECORDED.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
