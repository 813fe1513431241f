"""The whole policy check: load and validate every file, materialise derivations, and check every list below another
region's list against it (措施 1). ``qingdan check``, ``qingdan build``, the site and every command that computes an
answer from a list use this one function."""
from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any, Callable, Iterable, Iterator, TypeVar

T = TypeVar("T")
Progress = Callable[[Iterable[T], int, str], Iterable[T]]


def no_progress(items: Iterable[T], total: int, description: str) -> Iterable[T]:
    return items

from .compare.lists import Change, change_to_finding, compare_lists
from .compare.rules import RULES
from .derive.catalog import Catalog, Entry, LookupError_, is_county_level, parent_broken
from .derive.effective import build_catalog
from .derive.scaffold import PLACEHOLDERS
from .findings import ERROR, WARNING, Finding, has_errors
from .loading.repository import Repository, display_path, load_repository
from .model.policy import Derivation, ListRevision
from .model.semantics import check_list


def is_blocking(finding: Finding) -> bool:
    """An error that keeps the policy from being published: a list that is unreadable, invalid, on a broken chain, in
    an inconsistent revision chain, or still holding a placeholder. A list that is weaker than its parent is not one:
    that is a fact the public must see, so the site publishes it as 不符合."""
    return finding.severity == ERROR and finding.rule not in RULES


def _blocking_by_file(findings: list[Finding]) -> dict[str, list[Finding]]:
    by_file: dict[str, list[Finding]] = {}
    for finding in findings:
        if is_blocking(finding):
            by_file.setdefault(finding.location.path, []).append(finding)
    return by_file


@dataclass
class Edge:
    """One checked parent→child pair: the child's effective list against the parent list it must not be weaker than."""

    child: ListRevision
    parent: ListRevision
    changes: list[Change]
    outdated_from: str | None = None  # the parent revision the child names, when a newer one is in force
    parent_by_code: bool = False  # the child names no parent: its parent is the nearest region above it (GB/T 2260)

    @property
    def parent_text(self) -> str:
        """How the parent was determined, for a list that names none."""
        return f"按行政区划代码确定上级：{self.parent.region_name}（{self.parent.region_code}）"


@dataclass
class CheckResult:
    repo: Repository
    catalog: Catalog | None
    as_of: datetime.date
    findings: list[Finding] = field(default_factory=list)
    edges: dict[str, Edge] = field(default_factory=dict)  # child region code -> edge (revisions in force on as_of)
    only: list[str] | None = None  # the files asked about (display paths); None: the whole policy
    # By file, the blocking findings about what a list says (loading, schema, meaning, derivation): they block
    # answers. Those about its publication (revision chain, placeholders) block only publishing: a draft can be tried
    # out and compared, which lists what it still lacks.
    blocking_by_file: dict[str, list[Finding]] = field(default_factory=dict, repr=False)

    @property
    def ok(self) -> bool:
        """No error at all: what ``qingdan check`` (the editors' gate) requires."""
        return not has_errors(self.findings)

    @property
    def blocking(self) -> list[Finding]:
        """Errors that make the policy unusable (see :func:`is_blocking`); the site is not built while there are any."""
        return [f for f in self.findings if is_blocking(f)]

    @property
    def reported(self) -> list[Finding]:
        """The findings about the files asked about, or about a folder holding one (a refused link, say: the file
        was then never read); all of them when the check could not get past loading."""
        if self.only is None or self.catalog is None:
            return self.findings
        asked = [PurePath(path) for path in self.only]
        return [f for f in self.findings
                if any(PurePath(f.location.path) in (path, *path.parents) for path in asked)]

    def blocking_for(self, entry: Entry) -> list[Finding]:
        """Why no answer may be computed from ``entry``'s list (eligibility, a comparison, a diff, a scaffold): the
        blocking findings about what its file, or any file it derives from, says. Empty when the list is usable,
        including when it is weaker than its parent."""
        return [f for e in self.catalog.lineage(entry) for f in self.blocking_by_file.get(e.path, [])]


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


def compare_edge(catalog: Catalog, child_entry: Entry, parent_entry: Entry, facts: dict) -> Edge | None:
    child = catalog.effective(child_entry)
    parent = catalog.effective(parent_entry)
    if child is None or parent is None:
        return None
    changes = compare_lists(parent, child, facts, require_filled=is_county_level(child.region_code))
    by_code = isinstance(child_entry, ListRevision)
    outdated = child_entry.parent_revision if not by_code and child_entry.parent_revision != parent.revision_id else None
    return Edge(child, parent, changes, outdated, by_code)


def edge_findings(edge: Edge) -> list[Finding]:
    findings = [change_to_finding(c, edge.parent, edge.child) for c in edge.changes]
    if edge.parent_by_code:
        findings = [dataclasses.replace(f, message=f"{f.message}（{edge.parent_text}）") for f in findings]
    if edge.outdated_from:
        d = edge.child.derivation
        findings.append(Finding(
            "PARENT_OUTDATED",
            f"本清单依据的是{edge.parent.region_name}清单修订版 {edge.outdated_from}，现行的是修订版 "
            f"{edge.parent.revision_id}（{edge.parent.effective.isoformat()} 起施行）；已按现行修订版检查",
            d.locate(("parent", "revision")), "warning",
            f"请对照现行上级清单调整本清单，并把 parent.revision 改为 \"{edge.parent.revision_id}\"",
            {"category": "其他", "parent_revision": edge.parent.revision_id}))
    return findings


def comparison_skipped(child: Entry, parent: Entry) -> Finding:
    """A list whose parent has errors cannot be compared with it; the errors are reported on the parent."""
    how = "" if isinstance(child, Derivation) else "（按行政区划代码确定上级）"
    at = child.locate(("parent",) if isinstance(child, Derivation) else ("region",))
    return Finding("COMPARISON_SKIPPED", f"上级清单 {parent.region_name}（{parent.region_code}）修订版 "
                   f"{parent.revision_id}{how}有错误（见 {parent.path}），暂时无法检查本清单是否低于上级清单", at,
                   severity=WARNING, hint="上级清单改正后，请重新运行 qingdan check")


def revision_findings(catalog: Catalog) -> list[Finding]:
    """Exactly one revision in force on any date after the first, each naming the revision it supersedes."""
    findings = []
    for entries in catalog.entries_by_region.values():
        seen_ids: dict[str, object] = {}
        for index, entry in enumerate(entries):
            if entry.revision_id in seen_ids:
                findings.append(Finding("REVISION_DUPLICATE_ID", f"{entry.region_name}已有修订版“{entry.revision_id}”",
                                        entry.locate(("revision", "id")), hint="每个修订版的 id 必须不同（用作固定网址）"))
            seen_ids[entry.revision_id] = entry
            supersedes = entry.data["revision"].get("supersedes")
            if index == 0:
                if supersedes:
                    findings.append(Finding("REVISION_SUPERSEDES", f"找不到被取代的修订版“{supersedes}”（它应比本修订版更早施行）",
                                            entry.locate(("revision", "supersedes"))))
                continue
            previous = entries[index - 1]
            if previous.effective == entry.effective:
                findings.append(Finding("REVISION_SAME_DATE", f"{entry.region_name}有两个修订版在同一天"
                                        f"（{entry.effective.isoformat()}）施行：{previous.revision_id} 和 {entry.revision_id}",
                                        entry.locate(("revision", "effective")),
                                        hint="同一天只能有一个修订版开始施行"))
            if supersedes != previous.revision_id:
                message = (f"应写明所取代的修订版：supersedes: \"{previous.revision_id}\"" if not supersedes else
                           f"取代的应是前一修订版“{previous.revision_id}”，而不是“{supersedes}”")
                findings.append(Finding("REVISION_SUPERSEDES", message,
                                        entry.locate(("revision", "supersedes") if supersedes else ("revision",)),
                                        hint="按施行日期排列，每个修订版取代紧挨着它的前一个"))
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
                    findings.append(Finding("PLACEHOLDER_NOT_REPLACED",
                                            f"“{placeholder.text}”是新建清单时留下的占位文字，还没有换成正式内容",
                                            entry.locate(pointer), hint=f"请换成正式内容：{placeholder.hint}"))
    return findings


def check_policy(root: Path, only: list[Path] | None = None, as_of: datetime.date | None = None,
                 progress: Progress = no_progress) -> CheckResult:
    """Check the whole policy under ``root``. ``only`` (files under ``lists/``) narrows what is *reported* to those
    files; everything is still loaded, so that what they derive from and are compared against is there.
    ``progress`` wraps the long loops (files, lists) so a terminal can show how far along a large run is."""
    as_of = as_of or datetime.date.today()
    repo = load_repository(root, None, progress)
    result = CheckResult(repo, None, as_of, list(repo.findings),
                         only=None if only is None else [display_path(path) for path in only])
    if repo.vocabulary is None or has_errors(repo.findings) and not (repo.revisions or repo.derivations):
        return result
    catalog = build_catalog(repo)
    result.catalog = catalog
    entries = [e for region in catalog.entries_by_region.values() for e in region]
    result.findings.extend(catalog.findings)
    derivations = [e for e in entries if isinstance(e, Derivation) and catalog.effective(e) is not None]
    for entry in derivations:
        parent = catalog.effective(catalog.find(entry.parent_region, entry.parent_revision))
        result.findings.extend(check_list(catalog.effective(entry), repo.vocabulary, parent))
    own = _blocking_by_file(result.findings)
    for entry in derivations:  # a derivation of a list with errors: the errors are there, a pointer to them here
        if any(own.get(ancestor.path) for ancestor in catalog.lineage(entry)[1:]):
            result.findings.append(parent_broken(entry, catalog.lineage(entry)[1]))
    result.blocking_by_file = _blocking_by_file(result.findings)
    result.findings.extend(revision_findings(catalog))
    result.findings.extend(placeholder_findings(entries))

    facts = repo.vocabulary.to_json()
    children = [e for e in entries if catalog.parent_region(e) is not None]
    for entry in progress(children, len(children), "检查下级清单"):
        if result.blocking_for(entry):
            continue
        code = entry.region_code
        in_force = entry.effective <= as_of and catalog.in_force(code, as_of) is entry
        parent = _parent_entry(catalog, entry, as_of if in_force else entry.effective)
        if parent is None:
            continue
        if result.blocking_for(parent):
            result.findings.append(comparison_skipped(entry, parent))
            continue
        edge = compare_edge(catalog, entry, parent, facts)
        result.findings.extend(edge_findings(edge))
        if in_force:
            result.edges[code] = edge
    result.findings = [f for f in result.findings if f.severity != "info"]  # improvements are not problems
    return result
