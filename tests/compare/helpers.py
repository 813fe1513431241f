"""Editing a county derivation in a policy copy, and running the real check on it."""
from __future__ import annotations

import datetime
import re
from pathlib import Path

from generator.checking import check_policy
from generator.derive.effective import compiled_for
from generator.engine import Engine

AS_OF = datetime.date(2024, 6, 1)
PINGCHENG = Path("lists/140213/2024-04-01.yaml")
YUNGANG = Path("lists/140214/2024-04-01.yaml")


def edit(root: Path, relative: Path, old: str, new: str) -> int:
    """Replace ``old`` (must occur once) by ``new``; return the 1-based line where ``new`` starts."""
    file = root / relative
    text = file.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {relative}"
    line = text[: text.index(old)].count("\n") + 1
    file.write_text(text.replace(old, new), encoding="utf-8")
    return line


def append(root: Path, relative: Path, text: str) -> int:
    """Append YAML text; return the line where it starts."""
    file = root / relative
    current = file.read_text(encoding="utf-8")
    if not current.endswith("\n"):
        current += "\n"
    file.write_text(current + text, encoding="utf-8")
    return current.count("\n") + 1


def findings_by_rule(root: Path, as_of: datetime.date = AS_OF) -> dict:
    result = check_policy(root, as_of=as_of)
    grouped: dict[str, list] = {}
    for finding in result.findings:
        grouped.setdefault(finding.rule, []).append(finding)
    return grouped


def status_of(root: Path, region: str, profile: dict, number: int, as_of: datetime.date = AS_OF) -> str:
    result = check_policy(root, as_of=as_of)
    compiled = compiled_for(result.repo, result.catalog, region, as_of)
    outcome = Engine(compiled).evaluate(profile)
    return next(r["status"] for r in outcome["results"] if r["number"] == number)


def line_of(finding) -> int:
    return finding.location.line


def mentions(text: str, *words: str) -> bool:
    return all(re.search(re.escape(w), text) for w in words)
