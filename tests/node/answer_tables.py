"""Reading the calculator's answer tables in tests: the profile an entry stands for, and the page's own lookup
(docs/calculator/answers.js) run in Node (tests/node/lookup_answers.mjs)."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LOOKUP = ROOT / "tests" / "node" / "lookup_answers.mjs"
ANSWERS_JS = ROOT / "docs" / "calculator" / "answers.js"


def profile_for(table: dict, key: str) -> dict:
    """The profile an answer key stands for (a number question: the first value of its interval)."""
    profile = {}
    for (name, spec), part in zip(table["questions"], key.split("|")):
        if part == "":
            continue
        if "ranges" in spec:
            profile[name] = spec["ranges"][int(part)][0]
        else:
            profile[name] = {"true": True, "false": False}.get(part, part)
    return profile


def lookup(work: Path, tables: dict[str, Path], queries: list[dict]) -> dict:
    """{query name: lookup(table of its code, its profile)} for queries [{name, code, profile}]."""
    node = shutil.which("node")
    assert node, "node (Node.js ≥ 18) is needed: run bash scripts/bootstrap.sh"
    job = work / "lookup.json"
    job.write_text(json.dumps({"answers_js": str(ANSWERS_JS), "tables": {k: str(v) for k, v in tables.items()},
                               "queries": queries}, ensure_ascii=False), encoding="utf-8")
    done = subprocess.run([node, str(LOOKUP), str(job), str(work / "looked-up.json")], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads((work / "looked-up.json").read_text(encoding="utf-8"))
