"""Acceptance 4: every citizen case (tests/cases/*.yaml) gives, inside Pyodide, exactly the JSON CPython gives.

No browser: ``node tests/node/run_cases.mjs`` loads the Pyodide runtime exactly as the site publishes it (its trimmed,
stored python_stdlib.zip included: issue 14), imports the engine from the wheel the site publishes (built the same
way) and runs the calculator's own engine worker (docs/calculator/engine-worker.js).
The cases are read with the project's YAML loader and each needed list is compiled in Python with ``compiled_for``;
the comparison is of the full JSON of ``Engine.evaluate()`` (the job is made by tests/node/record_stdlib.py).
"""
from __future__ import annotations

import json

import pytest

from generator.site.calculator.runtime import Runtime
from tests.node.record_stdlib import CASES, EXTRA, ROOT, all_cases, job, run


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict[str, tuple[str, str]]:
    """Case name -> (JSON from Pyodide, JSON from CPython)."""
    work = tmp_path_factory.mktemp("pyodide-cases")
    runtime = Runtime.prepare(ROOT)
    runtime.publish(work / "site")
    path, expected = job(all_cases(EXTRA), work, work / "site" / runtime.pyodide_path)
    got = run(path)
    return {name: (got[name], expected[name]) for name in expected}


def test_there_are_cases():
    assert CASES, "tests/cases/*.yaml"


@pytest.mark.parametrize("name", list(all_cases(EXTRA)))
def test_pyodide_gives_exactly_the_json_cpython_gives(runs, name):
    pyodide, cpython = runs[name]
    assert json.loads(pyodide) == json.loads(cpython)  # (a readable diff first)
    assert pyodide == cpython
