"""What the site shows, read from the policy snapshot: regions, their revisions, items with rendered rules and
terms, each county's differences from its parent list, compliance results and the check's rules.

Everything here is plain data (no Markdown, no HTML): the page functions in :mod:`generator.site.pages` turn it
into text. Nothing here knows about mkdocs, and nothing here checks or compares: the snapshot has done both
(:class:`generator.checking.PolicySnapshot`).
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..checking import PolicySnapshot
from ..compare.differences import ItemDifference
from ..derive.catalog import Catalog
from ..engine import Engine
from ..engine.evaluate import criteria
from ..loading.repository import Repository
from ..model.condition import Condition
from ..model.content import FIELD_LABELS, Definition, Item
from ..model.guidance import GuidanceValue, resolve
from ..model.policy import ListRevision
from . import compliance as compliance_module
from . import revisions as revisions_module
from .rules import RuleInfo, collect_rules
from .statistics import StatisticsView, statistics_view

STATUS_CURRENT, STATUS_SUPERSEDED, STATUS_UPCOMING = "current", "superseded", "upcoming"
REVISION_STATUS_LABELS = {STATUS_CURRENT: "现行", STATUS_SUPERSEDED: "已被取代", STATUS_UPCOMING: "尚未施行"}


# ------------------------------------------------------------------------------------------------ items and terms
@dataclass
class TermView:
    id: str
    label: str
    kind: str
    text: str  # e.g. "每人每月不低于70元", "免费"
    when: str | None  # the condition under which the term applies, in plain Chinese
    example: bool  # the value is an example, not an official figure
    open: bool  # the value is left open (由县区政府确定)


@dataclass
class Criterion:
    text: str  # the whole condition in one sentence
    mode: str  # "atom" | "all" | "any" | "not"
    children: list["Criterion"] = field(default_factory=list)


@dataclass
class ItemView:
    number: int
    id: str
    official: dict[str, str]
    criteria: list[Criterion]
    definitions: list[dict[str, Any]]  # [{id, label, text, interpretation, reads, why, condition_text}], in order of use
    situations: list[dict[str, str]]  # [{id, text}]
    undecided: list[str]  # the points the text leaves to an assessment or to the county (their reasons)
    terms: list[TermView]
    reference: dict[str, Any]
    local: bool
    notes: str
    example: bool = False  # the item itself (an added item) is an example, not official

    @property
    def name(self) -> str:
        return self.official["name"]

    @property
    def has_example(self) -> bool:
        return self.example or any(t.example for t in self.terms) or any(d.get("example") for d in self.definitions)

    def rules_text(self) -> str:
        """The machine rule in one line."""
        return "；".join(c.text for c in self.criteria)


def _criterion(condition: Condition, engine: Engine) -> Criterion:
    text = engine.text(condition)
    if condition.label is not None:
        return Criterion(text, "atom")
    if condition.op in ("all", "any") and len(condition.children) > 1:
        return Criterion(text, condition.op, [_criterion(c, engine) for c in condition.children])
    return Criterion(text, "atom")


def _named(condition: Condition, definitions: dict[str, Definition], refs: list[str], situations: list[str],
           undecided: list[str]) -> None:
    """The definitions (and those they use), situations and undecided points a condition names, in reading order."""
    for node, _ in condition.walk():
        if node.op == "ref" and node.operand not in refs:
            refs.append(node.operand)
            if node.operand in definitions:
                _named(definitions[node.operand].condition, definitions, refs, situations, undecided)
        elif node.op == "situation" and node.operand not in situations:
            situations.append(node.operand)
        elif node.op == "undecided" and node.operand not in undecided:
            undecided.append(node.operand)


def item_view(item: Item, engine: Engine) -> ItemView:
    definitions, situations = engine.definitions, engine.situations
    refs: list[str] = []
    used_situations: list[str] = []
    undecided: list[str] = []
    for condition in [item.eligibility, *(t.when for t in item.terms if t.when is not None)]:
        _named(condition, definitions, refs, used_situations, undecided)
    terms = []
    for term in item.terms:
        text, value, example = term.describe(engine.parameters)
        when = engine.text(term.when) if term.when is not None else None
        terms.append(TermView(term.id, term.label, term.KIND, text, when, example, term.MEASURED and value is None))
    return ItemView(
        number=item.number, id=item.id, official=dict(item.official),
        criteria=[_criterion(c, engine) for c in criteria(item.eligibility)],
        definitions=[{"id": name, "label": definitions[name].label, "text": definitions[name].text,
                      "interpretation": definitions[name].interpretation,
                      "reads": definitions[name].reads, "why": definitions[name].why,
                      "example": definitions[name].example,
                      "condition_text": engine.text(definitions[name].condition)}
                     for name in refs if name in definitions],
        situations=[{"id": key, "text": situations[key]} for key in used_situations if key in situations],
        undecided=undecided,
        terms=terms, reference=dict(item.reference or {}), local=item.local,
        notes=item.notes, example=item.example,
    )


# ------------------------------------------------------------------------------------------------ lists
@dataclass
class ListView:
    """One revision of one region's list, compiled and rendered."""

    revision: ListRevision
    compiled: dict
    engine: Engine  # the compiled list, parsed: its texts
    items: list[ItemView]
    status: str  # current | superseded | upcoming

    @property
    def code(self) -> str:
        return self.revision.region_code

    @property
    def name(self) -> str:
        return self.revision.region_name

    @property
    def id(self) -> str:
        return self.revision.revision_id

    @property
    def meta(self) -> dict[str, Any]:
        return self.revision.data["revision"]

    @property
    def title(self) -> str:
        return self.revision.data["title"]

    @property
    def example(self) -> bool:
        return bool(self.meta.get("example"))

    @property
    def fixture(self) -> bool:
        return bool(self.meta.get("fixture"))

    @property
    def status_label(self) -> str:
        return REVISION_STATUS_LABELS[self.status]

    def item(self, item_id: str) -> ItemView | None:
        return next((i for i in self.items if i.id == item_id), None)


def list_view(revision: ListRevision, compiled: dict, status: str) -> ListView:
    engine = Engine(compiled)
    return ListView(revision, compiled, engine, [item_view(i, engine) for i in engine.content.items], status)


@dataclass
class RegionView:
    code: str
    name: str
    is_city: bool
    lists: list[ListView]  # every revision, oldest first
    current: ListView | None  # the revision in force on the build date

    @property
    def upcoming(self) -> list[ListView]:
        return [v for v in self.lists if v.status == STATUS_UPCOMING]


# ------------------------------------------------------------------------------------------------ differences
@dataclass
class TermDiff:
    id: str
    label: str
    city: TermView | None
    county: TermView | None


@dataclass
class ItemDiff:
    """How a county's version of an item differs from the city's (facts only, no verdict)."""

    id: str
    number: int  # the county's 序号 (the city's when the county lacks the item)
    name: str
    change: str  # same | changed | missing | local
    fields: list[str]  # official field keys whose text differs
    rules_changed: bool
    terms: list[TermDiff]  # terms whose text differs, or present on one side only

    @property
    def same(self) -> bool:
        return self.change == "same"

    def aspects(self) -> list[str]:
        """What differs, in words: the official columns, then 享受条件 and 执行标准."""
        out = [FIELD_LABELS[key] for key in self.fields]
        if self.rules_changed:
            out.append("享受条件")
        if self.terms:
            out.append("执行标准")
        return out


def item_diff(difference: ItemDifference, parent: ListView, child: ListView) -> ItemDiff:
    """A difference the snapshot found, with both versions of each term that reads differently."""
    ours, theirs = parent.item(difference.id), child.item(difference.id)
    terms = []
    for term_id in difference.terms:
        a = next((t for t in ours.terms if t.id == term_id), None) if ours else None
        b = next((t for t in theirs.terms if t.id == term_id), None) if theirs else None
        terms.append(TermDiff(term_id, (b or a).label, a, b))
    return ItemDiff(difference.id, difference.number, difference.name, difference.change, list(difference.fields),
                    difference.rules_changed, terms)


# ------------------------------------------------------------------------------------------------ interpretations
@dataclass
class InterpretationView:
    """One reading of the text (a definition marked ``interpretation: true``), for the 解读说明 page."""

    anchor: str  # the definition's id for the city's readings (results link to it), "<code>-<id>" for a county's own
    region: RegionView  # whose list states it
    id: str
    label: str
    text: str  # the reading
    reads: str | None  # the official words it reads
    why: str | None
    condition_text: str  # the reading as the rule computes it
    items: list[ItemView]  # the items whose answers can rest on it


def interpretation_views(regions: list[RegionView]) -> list[InterpretationView]:
    """Every reading in the lists in force: the city's, then each county's own (a county that keeps the city's
    reading, as every county inheriting it does, is not listed again)."""
    city = next((r.current for r in regions if r.is_city), None)
    out = []
    for region in regions:
        view = region.current
        if view is None:
            continue
        for name, definition in view.engine.definitions.items():
            if not definition.interpretation:
                continue
            if not region.is_city and city is not None and city.engine.definitions.get(name) == definition:
                continue
            out.append(InterpretationView(
                anchor=name if region.is_city else f"{region.code}-{name}", region=region, id=name,
                label=definition.label, text=definition.text, reads=definition.reads,
                why=definition.why, condition_text=view.engine.text(definition.condition),
                items=[item for item in view.items if name in {d["id"] for d in item.definitions}]))
    return out


# ------------------------------------------------------------------------------------------------ the site
@dataclass
class RevisionLink:
    view: ListView
    previous: ListView | None
    changes: list[dict[str, Any]] | None  # None: no comparison available


@dataclass
class SiteData:
    policy_root: Path
    as_of: datetime.date
    repo: Repository
    catalog: Catalog
    city: RegionView
    counties: list[RegionView]
    compliance: dict[str, Any]
    revisions: list[RevisionLink]
    rules: list[RuleInfo]
    snapshot: PolicySnapshot
    diffs: dict[str, list[ItemDiff]] = field(default_factory=dict)  # county code -> diff of lists in force
    interpretations: list[InterpretationView] = field(default_factory=list)  # every reading in the lists in force
    statistics: StatisticsView | None = None  # the 统计数据 section (None: the policy has no targets or statistics)
    statistics_files: dict[str, bytes] = field(default_factory=dict)  # its data package, to download

    @property
    def regions(self) -> list[RegionView]:
        return [self.city, *self.counties]

    def region(self, code: str) -> RegionView:
        return next(r for r in self.regions if r.code == code)

    def item_status(self, code: str, item_id: str) -> dict[str, Any] | None:
        return compliance_module.item_status(self.compliance, code, item_id)

    def region_status(self, code: str) -> dict[str, Any] | None:
        return compliance_module.region_status(self.compliance, code)

    def guidance_for(self, code: str, item_id: str | None) -> dict[str, GuidanceValue]:
        """The 办理指南 of one item on a region's page: the region's own fields, then the city's (``item_id`` None:
        the region's defaults)."""
        regions = self.snapshot.guidance.regions
        return resolve([regions[c] for c in dict.fromkeys((code, self.city.code)) if c in regions], item_id)

    def view(self, revision: ListRevision) -> ListView | None:
        """The view of an effective list (a region's revision)."""
        return next((v for r in self.regions for v in r.lists if v.revision is revision), None)


def city_code(codes: list[str]) -> str:
    """The prefecture-level region (GB/T 2260 code ending in 00) whose lists the counties follow."""
    prefectures = sorted(c for c in codes if c.endswith("00"))
    return prefectures[0] if prefectures else sorted(codes)[0]


def _region_view(snapshot: PolicySnapshot, code: str, is_city: bool) -> RegionView:
    catalog, as_of = snapshot.catalog, snapshot.as_of
    entries = catalog.entries_by_region[code]
    in_force = [e for e in entries if e.effective <= as_of]
    current = in_force[-1] if in_force else None
    views = []
    for entry in entries:
        if entry is current:
            status = STATUS_CURRENT
        elif entry.effective > as_of:
            status = STATUS_UPCOMING
        else:
            status = STATUS_SUPERSEDED
        views.append(list_view(catalog.effective(entry), snapshot.compiled_for(entry), status))
    current_view = next((v for v in views if v.status == STATUS_CURRENT), None)
    return RegionView(code, entries[-1].region_name, is_city, views, current_view)


def load_site(snapshot: PolicySnapshot) -> SiteData:
    """Everything the pages need, from a snapshot whose policy can be published (no blocking errors)."""
    repo, catalog, as_of = snapshot.repo, snapshot.catalog, snapshot.as_of
    codes = list(catalog.regions)
    city = city_code(codes)
    regions = {code: _region_view(snapshot, code, code == city) for code in codes}
    revisions = []
    for code, region in regions.items():
        for index, view in enumerate(region.lists):
            previous = region.lists[index - 1] if index else None
            diff = snapshot.revision_diffs.get(catalog.entries_by_region[code][index].path)
            revisions.append(RevisionLink(view, previous, revisions_module.changes(diff) if previous else None))
    site = SiteData(
        policy_root=repo.root, as_of=as_of, repo=repo, catalog=catalog, city=regions[city],
        counties=[regions[c] for c in codes if c != city],
        compliance=compliance_module.compliance_for(snapshot),
        revisions=revisions, rules=collect_rules(), snapshot=snapshot,
    )
    for county in site.counties:
        edge = snapshot.edges.get(county.code)
        parent = site.view(edge.parent) if edge is not None else None
        if county.current is not None and parent is not None:
            site.diffs[county.code] = [item_diff(d, parent, county.current) for d in edge.differences]
    site.interpretations = interpretation_views(site.regions)
    if snapshot.plan is not None and snapshot.plan.ok:
        site.statistics, site.statistics_files = statistics_view(snapshot.plan, snapshot.assessments)
    return site
