"""What the site shows, computed once from the policy: regions, their revisions, items with rendered rules and
terms, each county's differences from the city, compliance results and the check's rule IDs.

Everything here is plain data (no Markdown, no HTML): the page functions in :mod:`generator.site.pages` turn it
into text. Nothing here knows about mkdocs.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..checking import CheckResult
from ..derive.catalog import Catalog
from ..engine import Engine
from ..engine.render import term_text
from ..loading.repository import Repository
from ..model.compile import compile_list
from ..model.policy import ListRevision
from . import compliance as compliance_module
from . import revisions as revisions_module
from .rules import RuleInfo, collect_rules

# The official table's columns, in the attachment's order (服务项目 spans 序号 and 名称).
OFFICIAL_FIELDS = [
    ("target_group", "对象"),
    ("name", "服务项目"),
    ("content", "服务内容"),
    ("standard", "服务标准"),
    ("service_type", "服务类型"),
    ("department", "牵头落实部门"),
]
FIELD_LABELS = dict(OFFICIAL_FIELDS)

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
        """The machine rule in one line (used to tell whether two versions of an item differ)."""
        return "；".join(c.text for c in self.criteria)


def _criterion(condition: dict, engine: Engine) -> Criterion:
    text = engine.text(condition)
    if "label" in condition:
        return Criterion(text, "atom")
    for mode in ("all", "any"):
        if mode in condition and len(condition[mode]) > 1:
            return Criterion(text, mode, [_criterion(c, engine) for c in condition[mode]])
    return Criterion(text, "atom")


def _criteria(eligibility: dict, engine: Engine) -> list[Criterion]:
    """The top-level conditions a person must meet (the engine reports them the same way)."""
    if "all" in eligibility and "label" not in eligibility:
        return [_criterion(c, engine) for c in eligibility["all"]]
    return [_criterion(eligibility, engine)]


def _walk(condition: dict, definitions: dict, refs: list[str], situations: list[str], undecided: list[str]) -> None:
    if "ref" in condition:
        name = condition["ref"]
        if name not in refs:
            refs.append(name)
            if name in definitions:
                _walk(definitions[name]["condition"], definitions, refs, situations, undecided)
    if "situation" in condition and condition["situation"] not in situations:
        situations.append(condition["situation"])
    if "undecided" in condition and condition["undecided"] not in undecided:
        undecided.append(condition["undecided"])
    for key in ("all", "any"):
        for child in condition.get(key, ()):
            _walk(child, definitions, refs, situations, undecided)
    if "not" in condition:
        _walk(condition["not"], definitions, refs, situations, undecided)


def item_view(item: dict, compiled: dict, engine: Engine) -> ItemView:
    definitions, situations = compiled["definitions"], compiled["situations"]
    refs: list[str] = []
    used_situations: list[str] = []
    undecided: list[str] = []
    _walk(item["eligibility"], definitions, refs, used_situations, undecided)
    for term in item["terms"]:
        if "when" in term:
            _walk(term["when"], definitions, refs, used_situations, undecided)
    terms = []
    for term in item["terms"]:
        value, explanation, example = engine.resolve_value(term)
        text = term_text(term, value, explanation)
        if value is not None and explanation:
            text += f"（{explanation}）"
        when = engine.text(term["when"]) if "when" in term else None
        terms.append(TermView(term["id"], term["label"], term["kind"], text, when, example,
                              term["kind"] in ("amount", "count", "time_limit") and value is None))
    return ItemView(
        number=item["number"], id=item["id"], official=dict(item["official"]),
        criteria=_criteria(item["eligibility"], engine),
        definitions=[{"id": name, "label": definitions[name]["label"], "text": definitions[name]["text"],
                      "interpretation": bool(definitions[name].get("interpretation")),
                      "reads": definitions[name].get("reads"), "why": definitions[name].get("why"),
                      "example": bool(definitions[name].get("example")),
                      "condition_text": engine.text(definitions[name]["condition"])}
                     for name in refs if name in definitions],
        situations=[{"id": key, "text": situations[key]} for key in used_situations if key in situations],
        undecided=undecided,
        terms=terms, reference=dict(item.get("reference", {})), local=bool(item.get("local")),
        notes=item.get("notes", ""), example=bool(item.get("example")),
    )


# ------------------------------------------------------------------------------------------------ lists
@dataclass
class ListView:
    """One revision of one region's list, compiled and rendered."""

    revision: ListRevision
    compiled: dict
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

    @property
    def example_parameters(self) -> list[dict[str, Any]]:
        return [{"id": k, **v} for k, v in self.compiled["parameters"].items() if v.get("example")]


def list_view(repo: Repository, revision: ListRevision, status: str) -> ListView:
    compiled = compile_list(revision, repo.vocabulary)
    engine = Engine(compiled)
    return ListView(revision, compiled, [item_view(i, compiled, engine) for i in compiled["items"]], status)


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


def item_diff(city: ItemView | None, county: ItemView | None) -> ItemDiff:
    if county is None:
        assert city is not None
        return ItemDiff(city.id, city.number, city.name, "missing", [], False, [])
    if city is None:
        return ItemDiff(county.id, county.number, county.name, "local", [], False, [])
    fields = [key for key, _ in OFFICIAL_FIELDS if city.official.get(key) != county.official.get(key)]
    city_terms = {t.id: t for t in city.terms}
    county_terms = {t.id: t for t in county.terms}
    terms = []
    for term_id in [*city_terms, *(k for k in county_terms if k not in city_terms)]:
        a, b = city_terms.get(term_id), county_terms.get(term_id)
        if a is None or b is None or (a.text, a.when, a.example) != (b.text, b.when, b.example):
            terms.append(TermDiff(term_id, (b or a).label, a, b))
    rules_changed = city.rules_text() != county.rules_text()
    change = "changed" if fields or terms or rules_changed else "same"
    return ItemDiff(county.id, county.number, county.name, change, fields, rules_changed, terms)


def list_diff(city: ListView, county: ListView) -> list[ItemDiff]:
    """One entry per city item (in the city's order), then the county's own items."""
    diffs = [item_diff(item, county.item(item.id)) for item in city.items]
    city_ids = {i.id for i in city.items}
    diffs += [item_diff(None, item) for item in county.items if item.id not in city_ids]
    return diffs


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
        engine = Engine(view.compiled)
        for name, definition in view.compiled["definitions"].items():
            if not definition.get("interpretation"):
                continue
            if not region.is_city and city is not None and city.compiled["definitions"].get(name) == definition:
                continue
            out.append(InterpretationView(
                anchor=name if region.is_city else f"{region.code}-{name}", region=region, id=name,
                label=definition["label"], text=definition["text"], reads=definition.get("reads"),
                why=definition.get("why"), condition_text=engine.text(definition["condition"]),
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
    diffs: dict[str, list[ItemDiff]] = field(default_factory=dict)  # county code -> diff of lists in force
    interpretations: list[InterpretationView] = field(default_factory=list)  # every reading in the lists in force

    @property
    def regions(self) -> list[RegionView]:
        return [self.city, *self.counties]

    def region(self, code: str) -> RegionView:
        return next(r for r in self.regions if r.code == code)

    def item_status(self, code: str, item_id: str) -> dict[str, Any] | None:
        return compliance_module.item_status(self.compliance, code, item_id)

    def region_status(self, code: str) -> dict[str, Any] | None:
        return compliance_module.region_status(self.compliance, code)


def city_code(codes: list[str]) -> str:
    """The prefecture-level region (GB/T 2260 code ending in 00) whose lists the counties follow."""
    prefectures = sorted(c for c in codes if c.endswith("00"))
    return prefectures[0] if prefectures else sorted(codes)[0]


def _region_view(repo: Repository, catalog: Catalog, code: str, as_of: datetime.date, is_city: bool) -> RegionView:
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
        revision = catalog.effective(entry)  # a derivation's materialised list; never None after a clean check
        if revision is None:
            raise ValueError(f"{entry.region_name}修订版 {entry.revision_id} 的清单无法生成，请先运行 qingdan check")
        views.append(list_view(repo, revision, status))
    current_view = next((v for v in views if v.status == STATUS_CURRENT), None)
    return RegionView(code, entries[-1].region_name, is_city, views, current_view)


def load_site(check: CheckResult, code_root: Path | None = None) -> SiteData:
    """Everything the pages need, from a policy check that passed (``generator.checking.check_policy``)."""
    repo, catalog, as_of = check.repo, check.catalog, check.as_of
    codes = list(catalog.regions)
    city = city_code(codes)
    regions = {code: _region_view(repo, catalog, code, as_of, code == city) for code in codes}
    revisions = []
    for region in regions.values():
        for index, view in enumerate(region.lists):
            previous = region.lists[index - 1] if index else None
            changes = revisions_module.changes_between(repo, previous.revision, view.revision) if previous else None
            revisions.append(RevisionLink(view, previous, changes))
    site = SiteData(
        policy_root=repo.root, as_of=as_of, repo=repo, catalog=catalog, city=regions[city],
        counties=[regions[c] for c in codes if c != city],
        compliance=compliance_module.compliance_for(check),
        revisions=revisions, rules=collect_rules(code_root),
    )
    if site.city.current is not None:
        for county in site.counties:
            if county.current is not None:
                site.diffs[county.code] = list_diff(site.city.current, county.current)
    site.interpretations = interpretation_views(site.regions)
    return site
