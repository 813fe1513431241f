"""The whole policy check, run once per command or build, giving one immutable :class:`PolicySnapshot`.

Loading and validating every file, materialising derivations, the semantic check, compiling every usable list,
comparing every list below another region's with its parent (措施 1), diffing consecutive revisions of each list
(措施 2) and the plan's targets against its statistics: ``qingdan check``, ``qingdan build``, the site and every
command that computes an answer from a list read this one snapshot. Nothing downstream runs any of it again.
"""
from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from types import MappingProxyType
from typing import Any, Callable, Iterable, Iterator, TypeVar

from .compare.diff import diff_lists
from .compare.differences import ItemDifference, item_differences
from .compare.lists import Change, change_to_finding, compare_lists
from .compare.rules import RULES as COMPARISON_RULES
from .compare.targets import Assessment, assess
from .derive.catalog import Catalog, Entry, LookupError_, is_county_level, parent_broken
from .derive.effective import build_catalog
from .derive.scaffold import PLACEHOLDERS
from .findings import ERROR, INFO, Finding, Rule, RuleSet, has_errors
from .loading.guidance import Guidance, load_guidance
from .loading.plan import load_plan
from .loading.repository import Repository, load_repository
from .model.compile import compile_list
from .model.plan import Plan
from .model.policy import Derivation, ListRevision
from .model.semantics import check_list

T = TypeVar("T")
Progress = Callable[[Iterable[T], int, str], Iterable[T]]


def no_progress(items: Iterable[T], total: int, description: str) -> Iterable[T]:
    return items


REVISION_RULES = RuleSet(
    "清单修订（动态调整）",
    Rule("REVISION_DUPLICATE_ID", ERROR, "修订", "同一地区的两个修订版用了同一个 id（id 是修订版页面的固定网址）",
         "{region}已有修订版“{revision}”", "每个修订版的 id 必须不同（用作固定网址）"),
    Rule("REVISION_SAME_DATE", ERROR, "修订", "同一地区的两个修订版在同一天施行",
         "{region}有两个修订版在同一天（{date}）施行：{first} 和 {second}", "同一天只能有一个修订版开始施行"),
    Rule("REVISION_SUPERSEDES", ERROR, "修订", "修订版没有写明（或写错了）它所取代的前一修订版",
         {"not_found": "找不到被取代的修订版“{supersedes}”（它应比本修订版更早施行）",
          "missing": "应写明所取代的修订版：supersedes: \"{previous}\"",
          "wrong": "取代的应是前一修订版“{previous}”，而不是“{supersedes}”"},
         {"not_found": "", "missing": "按施行日期排列，每个修订版取代紧挨着它的前一个",
          "wrong": "按施行日期排列，每个修订版取代紧挨着它的前一个"}),
)
PUBLISHING_RULES = RuleSet(
    "发布前检查",
    Rule("PLACEHOLDER_NOT_REPLACED", ERROR, "发布", "新建清单时留下的占位文字（如“请填写文号”）还没有换成正式内容",
         "“{text}”是新建清单时留下的占位文字，还没有换成正式内容", "请换成正式内容：{fix}"),
)


def is_blocking(finding: Finding) -> bool:
    """An error that keeps the policy from being published: a list that is unreadable, invalid, on a broken chain, in
    an inconsistent revision chain, or still holding a placeholder. A list that is weaker than its parent is not one:
    that is a fact the public must see, so the site publishes it as 不符合."""
    return finding.severity == ERROR and finding.rule not in COMPARISON_RULES


def _blocking_by_file(findings: Iterable[Finding]) -> dict[str, list[Finding]]:
    by_file: dict[str, list[Finding]] = {}
    for finding in findings:
        if is_blocking(finding):
            by_file.setdefault(finding.location.path, []).append(finding)
    return by_file


@dataclass(frozen=True)
class Edge:
    """One checked parent→child pair: the child's effective list against the parent list it must not be weaker than,
    with every change and the findings they make."""

    child: ListRevision
    parent: ListRevision
    changes: tuple[Change, ...]
    findings: tuple[Finding, ...]
    differences: tuple[ItemDifference, ...]  # where the two read differently, item by item (no verdict)
    outdated_from: str | None = None  # the parent revision the child names, when a newer one is in force
    parent_by_code: bool = False  # the child names no parent: its parent is the nearest region above it (GB/T 2260)

    @property
    def parent_text(self) -> str:
        """How the parent was determined, for a list that names none."""
        return parent_text(self.parent)


def parent_text(parent: ListRevision) -> str:
    return f"按行政区划代码确定上级：{parent.region_name}（{parent.region_code}）"


@dataclass(frozen=True)
class RevisionDiff:
    """What changed from one revision of a list to the next (措施 2: 动态调整), classified by the comparison rules."""

    older: ListRevision
    newer: ListRevision
    changes: tuple[Change, ...]


def _empty() -> Mapping:
    return MappingProxyType({})


@dataclass(frozen=True)
class PolicySnapshot:
    """Everything the check found, once: every list (``catalog``), its materialised form (``effective``), its compiled
    form (``compiled``), every parent→child comparison (``comparisons``; ``edges``: those in force on ``as_of``),
    every revision diff (``revision_diffs``), the plan, and every finding."""

    repo: Repository
    catalog: Catalog | None
    as_of: datetime.date
    findings: tuple[Finding, ...]
    # By file, the blocking findings about what a list says (loading, schema, meaning, derivation): they block
    # answers. Those about its publication (revision chain, placeholders) block only publishing: a draft can be tried
    # out and compared, which lists what it still lacks.
    blocking_by_file: Mapping[str, tuple[Finding, ...]] = field(default_factory=_empty)
    comparisons: Mapping[str, Edge] = field(default_factory=_empty)  # child file -> its comparison with its parent
    edges: Mapping[str, Edge] = field(default_factory=_empty)  # child region code -> edge (in force on as_of)
    revision_diffs: Mapping[str, RevisionDiff] = field(default_factory=_empty)  # newer file -> diff with the older
    compiled: Mapping[str, dict] = field(default_factory=_empty)  # file -> compiled list (every list no error blocks)
    plan: Plan | None = None  # the plan's targets and quarterly statistics, checked (generator.loading.plan)
    # quarter -> every requirement of every target for every region (generator.compare.targets), for each quarter
    # with statistics, when the plan checked clean
    assessments: Mapping[Any, tuple[Assessment, ...]] = field(default_factory=_empty)
    guidance: Guidance = field(default_factory=Guidance)  # 办理指南 of each region (generator.loading.guidance)

    @property
    def ok(self) -> bool:
        """No error at all: what ``qingdan check`` (the editors' gate) requires."""
        return not has_errors(self.findings)

    @property
    def blocking(self) -> list[Finding]:
        """Errors that make the policy unusable (see :func:`is_blocking`); the site is not built while there are any."""
        return [f for f in self.findings if is_blocking(f)]

    def reported(self, only: list[str] | None) -> list[Finding]:
        """The findings about the files asked about (display paths), or about a folder holding one (a refused link,
        say: the file was then never read); all of them when ``only`` is None or the check could not get past
        loading."""
        if only is None or self.catalog is None:
            return list(self.findings)
        asked = [PurePath(path) for path in only]
        return [f for f in self.findings
                if any(PurePath(f.location.path) in (path, *path.parents) for path in asked)]

    def blocking_for(self, entry: Entry) -> list[Finding]:
        """Why no answer may be computed from ``entry``'s list (eligibility, a comparison, a diff, a scaffold): the
        blocking findings about what its file, or any file it derives from, says. Empty when the list is usable,
        including when it is weaker than its parent."""
        return [f for e in self.catalog.lineage(entry) for f in self.blocking_by_file.get(e.path, ())]

    def effective(self, entry: Entry) -> ListRevision | None:
        return self.catalog.effective(entry)

    def compiled_for(self, entry: Entry) -> dict:
        """The compiled list of ``entry`` (KeyError when an error blocks it: see :meth:`blocking_for`)."""
        return self.compiled[entry.path]

    def compiled_in_force(self, code: str) -> dict:
        return self.compiled_for(self.catalog.in_force(code, self.as_of))

    def comparison(self, parent: Entry, child: Entry) -> tuple[ListRevision, ListRevision, list[Change]]:
        """Two usable lists compared (``qingdan compare``): the check's own comparison when it made this one, else
        the same comparison made now."""
        parent_list, child_list = self.effective(parent), self.effective(child)
        edge = self.comparisons.get(child.path)
        if edge is not None and edge.parent is parent_list:
            return parent_list, child_list, list(edge.changes)
        return parent_list, child_list, compare_lists(parent_list, child_list, self.repo.vocabulary.facts,
                                                      require_filled=is_county_level(child_list.region_code))

    def revision_diff(self, older: Entry, newer: Entry) -> list[Change]:
        """The changes between two usable revisions (``qingdan diff``): the check's own diff of consecutive revisions,
        else the same diff made now."""
        old, new = self.effective(older), self.effective(newer)
        diff = self.revision_diffs.get(newer.path)
        if diff is not None and diff.older is old:
            return list(diff.changes)
        return diff_lists(old, new, self.repo.vocabulary.facts)


def _parent_entry(catalog: Catalog, child: Entry, as_of: datetime.date) -> Entry | None:
    """The parent revision ``child`` is checked against on ``as_of``: the one in force then, or for a derivation the
    revision it names when that is not yet in force. None when the parent region had no list in force yet."""
    code = catalog.parent_region(child)
    if isinstance(child, Derivation):
        named = catalog.find(code, child.parent_revision)
        if named is None or named.effective > as_of:
            return named
    try:
        return catalog.in_force(code, as_of)
    except LookupError_:
        return None


def _edge(catalog: Catalog, child_entry: Entry, parent_entry: Entry, facts: Mapping) -> Edge:
    child = catalog.effective(child_entry)
    parent = catalog.effective(parent_entry)
    changes = compare_lists(parent, child, facts, require_filled=is_county_level(child.region_code))
    by_code = isinstance(child_entry, ListRevision)
    outdated = child_entry.parent_revision if not by_code and child_entry.parent_revision != parent.revision_id else None
    findings = [change_to_finding(c, parent, child) for c in changes]
    if by_code:
        findings = [dataclasses.replace(f, message=f"{f.message}（{parent_text(parent)}）") for f in findings]
    if outdated:
        findings.append(COMPARISON_RULES["PARENT_OUTDATED"].at(
            child.derivation.locate(("parent", "revision")), parent=parent.region_name, named=outdated,
            current=parent.revision_id, effective=parent.effective.isoformat(),
            extra={"category": "其他", "parent_revision": parent.revision_id}))
    return Edge(child, parent, tuple(changes), tuple(findings), item_differences(parent, child, facts), outdated,
                by_code)


def _comparison_skipped(child: Entry, parent: Entry) -> Finding:
    """A list whose parent has errors cannot be compared with it; the errors are reported on the parent."""
    how = "" if isinstance(child, Derivation) else "（按行政区划代码确定上级）"
    at = child.locate(("parent",) if isinstance(child, Derivation) else ("region",))
    return COMPARISON_RULES["COMPARISON_SKIPPED"].at(at, parent=parent.region_name, code=parent.region_code,
                                                     revision=parent.revision_id, how=how, path=parent.path)


def revision_findings(catalog: Catalog) -> list[Finding]:
    """Exactly one revision in force on any date after the first, each naming the revision it supersedes."""
    rules = REVISION_RULES
    findings = []
    for entries in catalog.entries_by_region.values():
        seen_ids: set[str] = set()
        for index, entry in enumerate(entries):
            if entry.revision_id in seen_ids:
                findings.append(rules["REVISION_DUPLICATE_ID"].at(entry.locate(("revision", "id")),
                                                                  region=entry.region_name, revision=entry.revision_id))
            seen_ids.add(entry.revision_id)
            supersedes = entry.data["revision"].get("supersedes")
            if index == 0:
                if supersedes:
                    findings.append(rules["REVISION_SUPERSEDES"].at(entry.locate(("revision", "supersedes")),
                                                                    variant="not_found", supersedes=supersedes))
                continue
            previous = entries[index - 1]
            if previous.effective == entry.effective:
                findings.append(rules["REVISION_SAME_DATE"].at(
                    entry.locate(("revision", "effective")), region=entry.region_name,
                    date=entry.effective.isoformat(), first=previous.revision_id, second=entry.revision_id))
            if supersedes != previous.revision_id:
                findings.append(rules["REVISION_SUPERSEDES"].at(
                    entry.locate(("revision", "supersedes") if supersedes else ("revision",)),
                    variant="wrong" if supersedes else "missing", previous=previous.revision_id,
                    supersedes=supersedes))
    return findings


def _texts(value: Any, pointer: tuple) -> Iterator[tuple[tuple, str]]:
    if isinstance(value, str):
        yield pointer, value
    elif isinstance(value, dict):
        for key, inner in value.items():
            yield from _texts(inner, pointer + (key,))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from _texts(inner, pointer + (index,))


def placeholder_findings(entries: Iterable[Entry]) -> list[Finding]:
    """Every placeholder text a scaffold wrote (``qingdan county new``) and nobody has replaced yet."""
    findings = []
    for entry in entries:
        for pointer, text in _texts(entry.data, ()):
            for placeholder in PLACEHOLDERS:
                if placeholder.text in text:
                    findings.append(PUBLISHING_RULES["PLACEHOLDER_NOT_REPLACED"].at(
                        entry.locate(pointer), text=placeholder.text, fix=placeholder.hint))
    return findings


def _revision_diffs(catalog: Catalog, usable: Callable[[Entry], bool], facts: Mapping) -> dict[str, RevisionDiff]:
    """Each revision against the one before it, where both can be used."""
    diffs = {}
    for entries in catalog.entries_by_region.values():
        for older, newer in zip(entries, entries[1:]):
            if usable(older) and usable(newer):
                old, new = catalog.effective(older), catalog.effective(newer)
                diffs[newer.path] = RevisionDiff(old, new, tuple(diff_lists(old, new, facts)))
    return diffs


def _guidance(root: Path, catalog: Catalog) -> Guidance:
    """The 办理指南, checked against the regions that have lists and the items their readable lists hold."""
    regions = {code: entries[-1].region_name for code, entries in catalog.entries_by_region.items()}
    items: dict[str, set[str]] = {}
    for code, entries in catalog.entries_by_region.items():
        lists = [catalog.effective(entry) for entry in entries]
        if all(lists):
            items[code] = {item.id for listed in lists for item in listed.content.items}
    return load_guidance(root, regions, items)


def check_policy(root: Path, as_of: datetime.date | None = None, progress: Progress = no_progress,
                 load: Callable[[Path, Progress], Repository] = load_repository) -> PolicySnapshot:
    """Check the whole policy under ``root``. ``progress`` wraps the long loops (files, lists) so a terminal can show
    how far along a large run is. ``load`` reads the files (the 县区清单编制 page reuses what it read of the files
    that did not change: generator/site/draft/session.py)."""
    as_of = as_of or datetime.date.today()
    repo = load(root, progress)
    findings = list(repo.findings)
    plan = load_plan(root, [*repo.revisions, *repo.derivations], is_county_level)
    findings.extend(plan.findings)
    assessments = MappingProxyType({quarter: tuple(assess(plan, quarter)) for quarter in plan.statistics.quarters}
                                   if plan.ok and plan.statistics is not None else {})
    if repo.vocabulary is None or has_errors(repo.findings) and not (repo.revisions or repo.derivations):
        return PolicySnapshot(repo, None, as_of, tuple(findings), plan=plan, assessments=assessments)
    catalog = build_catalog(repo)
    entries = [e for region in catalog.entries_by_region.values() for e in region]
    findings.extend(catalog.findings)
    derivations = [e for e in entries if isinstance(e, Derivation) and catalog.effective(e) is not None]
    for entry in derivations:
        parent = catalog.effective(catalog.find(entry.parent_region, entry.parent_revision))
        findings.extend(check_list(catalog.effective(entry), repo.vocabulary, parent))
    own = _blocking_by_file(findings)
    for entry in derivations:  # a derivation of a list with errors: the errors are there, a pointer to them here
        if any(own.get(ancestor.path) for ancestor in catalog.lineage(entry)[1:]):
            findings.append(parent_broken(entry, catalog.lineage(entry)[1]))
    blocking_by_file = {path: tuple(found) for path, found in _blocking_by_file(findings).items()}
    findings.extend(revision_findings(catalog))
    findings.extend(placeholder_findings(entries))
    guidance = _guidance(root, catalog)
    findings.extend(guidance.findings)

    def usable(entry: Entry) -> bool:
        return not any(blocking_by_file.get(e.path) for e in catalog.lineage(entry))

    facts = repo.vocabulary.facts
    comparisons: dict[str, Edge] = {}
    edges: dict[str, Edge] = {}
    children = [e for e in entries if catalog.parent_region(e) is not None]
    for entry in progress(children, len(children), "检查下级清单"):
        if not usable(entry):
            continue
        code = entry.region_code
        in_force = entry.effective <= as_of and catalog.in_force(code, as_of) is entry
        parent = _parent_entry(catalog, entry, as_of if in_force else entry.effective)
        if parent is None:
            continue
        if not usable(parent):
            findings.append(_comparison_skipped(entry, parent))
            continue
        edge = comparisons[entry.path] = _edge(catalog, entry, parent, facts)
        findings.extend(edge.findings)
        if in_force:
            edges[code] = edge
    compiled = {e.path: compile_list(catalog.effective(e), repo.vocabulary) for e in entries if usable(e)}
    return PolicySnapshot(
        repo, catalog, as_of, tuple(f for f in findings if f.severity != INFO),  # improvements are not problems
        MappingProxyType(blocking_by_file), MappingProxyType(comparisons), MappingProxyType(edges),
        MappingProxyType(_revision_diffs(catalog, usable, facts)), MappingProxyType(compiled), plan, assessments,
        guidance)
