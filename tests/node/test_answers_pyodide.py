"""Issue 14: the browser's engine agrees with the answer tables the page shows before it is ready.

The runtime and tables are the built site's own (calculator/runtime/…, calculator/answers/<code>.json). For every
third entry of the city's table and every 36th of each county's (starting at a different one for each county), the
engine worker under Node/Pyodide (tests/node/run_cases.mjs) gives the very result that the page's lookup
(docs/calculator/answers.js) finds in the table.
"""
from __future__ import annotations

import json
import re

import pytest

from generator.site.calculator.answers import answers_path
from generator.site.calculator.runtime import Pyodide
from tests.conftest import load_sitebuild
from tests.node.answer_tables import lookup, profile_for
from tests.node.record_stdlib import ROOT, WORKER, run

sitebuild = load_sitebuild()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return sitebuild.shared_build(tmp_path_factory, "real").require()


def test_pyodide_gives_what_the_tables_say(site, tmp_path):
    regions = json.loads((site / "data" / "regions.json").read_text(encoding="utf-8"))
    page = (site / "calculator" / "index.html").read_text(encoding="utf-8")
    settings = json.loads(re.search(r'<script id="qc-runtime" type="application/json">(.*?)</script>', page,
                                    re.S).group(1))
    tables, queries = {}, []
    for index, region in enumerate(regions):
        code = region["code"]
        tables[code] = site / answers_path(code)
        table = json.loads(tables[code].read_text(encoding="utf-8"))
        keys = list(table["answers"])
        # one entry in 3 of the city's table, one in 36 of each county's: a different mix of answers for each
        for key in keys[::3] if index == 0 else keys[index % 36::36]:
            queries.append({"name": f"{code} {key}", "code": code, "profile": profile_for(table, key)})
    from_tables = lookup(tmp_path, tables, queries)
    spec = {"worker": str(WORKER), "pyodide": str(site / "calculator" / settings["pyodide"]) + "/",
            "lock": Pyodide.from_node_modules(ROOT).lock, "wheel": str(site / "calculator" / settings["wheel"]),
            "lists": {r["code"]: (site / r["url"]).read_text(encoding="utf-8") for r in regions},
            "cases": [{"name": q["name"], "list": q["code"], "profile": q["profile"]} for q in queries]}
    job = tmp_path / "job.json"
    job.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    from_pyodide = run(job)
    wrong = [q["name"] for q in queries if json.loads(from_pyodide[q["name"]]) != from_tables[q["name"]]]
    assert not wrong, wrong[:5]
    assert len(queries) > 250
