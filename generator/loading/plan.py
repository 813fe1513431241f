"""Loads the plan's targets and statistics from a policy root, collecting every problem as a finding:

- ``indicators.yaml``: the statistical indicators (措施 3), under ``schema/indicators.schema.json``;
- ``targets/<id>.yaml``: one target of the plan each, its official sentence quoted verbatim (checked against the
  source text), under ``schema/target.schema.json``;
- ``statistics/``: the quarterly statistics, a Frictionless data package (:mod:`generator.loading.statistics`).

Every YAML file goes through the strict reader and the JSON Schema as list files do; then
:mod:`generator.model.plan_semantics` checks what the targets and figures mean. A policy root with none of the three
has no plan (and no finding); one with some of them is told what is missing.
"""
from __future__ import annotations

import datetime
import os
import re
from decimal import Decimal
from pathlib import Path
from typing import Callable, Iterable

from ..errors import PolicyError
from ..findings import Finding, Location
from ..model.plan import (CITY, COUNTY, PERCENT, Indicator, Observation, Part, Plan, Population, Quarter, Quote, Region,
                          Requirement, Target)
from ..model.plan_rules import plan_finding
from ..model.plan_semantics import population_gaps, statistics_findings, target_findings
from .repository import SCHEMA_DIR, display_path, read_source
from .schema import schema_findings
from .yamlsafe import YamlDocument, load_yaml

INDICATORS_FILE = "indicators.yaml"
TARGETS_DIR = "targets"
STATISTICS_DIR = "statistics"
DATE_KEYS = frozenset({"deadline"})
TARGET_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class _Sources:
    """The official texts quotes are checked against, each read once by the one policy-file reader."""

    def __init__(self, root: Path, findings: list[Finding]):
        self.root, self.findings = root, findings
        self.texts: dict[str, str | None] = {}

    def quote(self, doc: YamlDocument, pointer: tuple) -> Quote:
        data = doc.data
        for key in pointer:
            data = data[key]
        source, passages = data["source"], tuple(data["quote"])
        at = doc.locate(pointer + ("quote",))
        text = self._text(source, doc.locate(pointer + ("source",)))
        joined, position, offsets = "", 0, []
        for number, passage in enumerate(passages, start=1):
            found = text.find(passage, position) if text is not None else 0
            if found < 0:
                self.findings.append(plan_finding("QUOTE_NOT_IN_SOURCE", doc.locate(pointer + ("quote", number - 1)),
                                                  number=number, passage=passage, source=source))
                found = position
            elif text is not None and number > 1:
                joined += "" if not text[position:found].strip() else "……"
            joined += passage
            offsets.append(found)
            position = found + len(passage)
        return Quote(source, passages, data["section"], at, joined, offsets[-1])

    def _text(self, source: str, at: Location) -> str | None:
        if source not in self.texts:
            self.texts[source] = None
            if not os.path.lexists(self.root / source):
                self.findings.append(plan_finding("SOURCE_NOT_FOUND", at, source=source))
                return None
            try:
                self.texts[source] = read_source(self.root, source)
            except PolicyError as exc:
                self.findings.extend(exc.findings)
        return self.texts[source]


def _checked_yaml(file: Path, schema: str, root: Path, findings: list[Finding]) -> YamlDocument | None:
    try:
        doc = load_yaml(file, display_path(file), date_keys=DATE_KEYS)
    except PolicyError as exc:
        findings.extend(exc.findings)
        return None
    problems = schema_findings(doc, root / SCHEMA_DIR / f"{schema}.schema.json")
    findings.extend(problems)
    return None if problems else doc


def _indicators(doc: YamlDocument, findings: list[Finding]) -> dict[str, Indicator]:
    out = {}
    for name, data in doc.data["indicators"].items():
        parts = [Part(data[key]["label"], data[key]["unit"]) if key in data else None
                 for key in ("numerator", "denominator")]
        indicator = Indicator(name, data["label"], data["unit"], tuple(data["levels"]), *parts,
                              cumulative=data.get("cumulative"), item=data.get("item"),
                              description=data.get("description", ""))
        if indicator.is_ratio and indicator.unit != PERCENT:
            findings.append(plan_finding("INDICATOR_RATIO_UNIT", doc.locate(("indicators", name, "unit")),
                                         label=indicator.label, unit=indicator.unit))
        out[name] = indicator
    return out


def _requirement(data: dict, location: Location) -> Requirement:
    population = data.get("population")
    return Requirement(
        data["id"], data["label"], data["measure"], data["comparison"], Decimal(str(data["threshold"])),
        data["unit"], tuple(data["levels"]),
        deadline=datetime.date.fromisoformat(data["deadline"]) if "deadline" in data else None,
        each_year_from=data.get("each_year_from"),
        population=Population(population.get("min"), population.get("max")) if population else None,
        reading=data.get("reading", ""), location=location)


def _target(file: Path, doc: YamlDocument, sources: _Sources) -> Target:
    requirements = tuple(_requirement(data, doc.locate(("requirements", index)))
                         for index, data in enumerate(doc.data["requirements"]))
    return Target(file.stem, doc.data["title"], sources.quote(doc, ("official",)), requirements, doc.path,
                  population_gaps(file.stem, requirements))


def _observations(rows: list) -> list[Observation]:
    return [Observation(row.cells["region"], Quarter.parse(row.cells["quarter"]), row.cells["indicator"],
                        row.cells["numerator"], row.cells["denominator"], row.cells["value"], row.cells["unit"],
                        row.cells["source"], row.cells["note"] or "", row.path, row.number) for row in rows]


def _folder(path: Path) -> bool:
    """A folder to read: not a link (generator.loading.repository.policy_files refuses a linked folder, and nothing
    in it is read)."""
    return path.is_dir() and not path.is_symlink()


def load_plan(root: Path, lists: Iterable, is_county: Callable[[str], bool],
              today: datetime.date | None = None) -> Plan:
    """The plan under ``root``. ``lists`` (the loaded lists) name the regions statistics may be given for;
    ``is_county`` tells a county's code from the city's; ``today`` (default: the system date) tells which quarters
    have ended."""
    regions = {entry.region_code: Region(entry.region_code, entry.region_name, COUNTY if is_county(entry.region_code)
                                         else CITY) for entry in sorted(lists, key=lambda e: e.region_code)}
    plan = Plan(dict(sorted(regions.items(), key=lambda item: (item[1].level != CITY, item[0]))))
    parts = {INDICATORS_FILE: "统计指标", TARGETS_DIR: "目标", STATISTICS_DIR: "统计数据"}
    present = {name: os.path.lexists(root / name) for name in parts}
    if not any(present.values()):
        return plan
    findings = plan.findings
    for name, what in parts.items():
        if not present[name]:
            findings.append(plan_finding("PLAN_PART_MISSING", Location(display_path(root / name)), what=what,
                                         path=display_path(root / name)))
    sources = _Sources(root, findings)
    doc = _checked_yaml(root / INDICATORS_FILE, "indicators", root, findings) if present[INDICATORS_FILE] else None
    if doc is not None:
        plan.indicators = _indicators(doc, findings)
        plan.official = sources.quote(doc, ("official",))
        plan.first_quarter = Quarter.parse(doc.data["first_quarter"])
    for file in sorted((root / TARGETS_DIR).glob("*.yaml")) if _folder(root / TARGETS_DIR) else []:
        if not TARGET_ID.match(file.stem):
            findings.append(plan_finding("TARGET_FILE_NAME", Location(display_path(file)), name=file.name))
            continue
        target_doc = _checked_yaml(file, "target", root, findings)
        if target_doc is not None:
            plan.targets.append(_target(file, target_doc, sources))
    plan.targets.sort(key=lambda target: (target.official.source, target.official.offset, target.id))
    if doc is not None:
        for target in plan.targets:
            findings.extend(target_findings(target, plan.indicators))
    if _folder(root / STATISTICS_DIR):
        # Imported here: Frictionless is needed only for statistics, and the 县区清单编制 page runs this check
        # in the browser, where there are none (generator/site/draft/).
        from .statistics import load_statistics

        statistics, rows = load_statistics(root / STATISTICS_DIR, findings)
        if statistics is not None:
            statistics.observations = _observations(rows)
            plan.statistics = statistics
            if doc is not None:
                findings.extend(statistics_findings(plan, today or datetime.date.today()))
    return plan
