"""The whole policy check: load and validate every file, materialise derivations, and check every derived list
against its parent (措施 1). ``qingdan check``, ``qingdan build`` and the site all use this one function."""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, TypeVar

T = TypeVar("T")
Progress = Callable[[Iterable[T], int, str], Iterable[T]]


def no_progress(items: Iterable[T], total: int, description: str) -> Iterable[T]:
    return items

from .compare.lists import Change, change_to_finding, compare_lists
from .compare.rules import RULES
from .derive.catalog import Catalog
from .derive.effective import build_catalog
from .findings import ERROR, Finding, has_errors
from .loading.repository import Repository, load_repository
from .model.policy import Derivation, ListRevision
from .model.semantics import check_list


def is_county_level(code: str) -> bool:
    """GB/T 2260: provinces end in 0000, prefecture-level cities in 00, county-level divisions otherwise."""
    return not code.endswith("00")


@dataclass
class Edge:
    """One checked parent→child pair: the child's effective list against the parent list it must not be weaker than."""

    child: ListRevision
    parent: ListRevision
    changes: list[Change]
    outdated_from: str | None = None  # the parent revision the child names, when a newer one is in force


@dataclass
class CheckResult:
    repo: Repository
    catalog: Catalog | None
    as_of: datetime.date
    findings: list[Finding] = field(default_factory=list)
    edges: dict[str, Edge] = field(default_factory=dict)  # child region code -> edge (revisions in force on as_of)

    @property
    def ok(self) -> bool:
        """No error at all: what ``qingdan check`` (the editors' gate) requires."""
        return not has_errors(self.findings)

    @property
    def blocking(self) -> list[Finding]:
        """Errors that make the policy unusable (unreadable, invalid, a broken chain). A county list that is weaker
        than its parent is not among them: it is a fact the public must see, so the site publishes it as 不符合."""
        return [f for f in self.findings if f.severity == ERROR and f.rule not in RULES]


def compare_edge(catalog: Catalog, child_entry: Derivation, as_of: datetime.date, facts: dict) -> Edge | None:
    child = catalog.effective(child_entry)
    if child is None:
        return None
    named = catalog.find(child_entry.parent_region, child_entry.parent_revision)
    parent_entry = catalog.in_force(child_entry.parent_region, as_of) if named.effective <= as_of else named
    parent = catalog.effective(parent_entry)
    if parent is None:
        return None
    changes = compare_lists(parent, child, facts, require_filled=is_county_level(child.region_code))
    outdated = named.revision_id if parent_entry is not named else None
    return Edge(child, parent, changes, outdated)


def edge_findings(edge: Edge) -> list[Finding]:
    findings = [change_to_finding(c, edge.parent, edge.child) for c in edge.changes]
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


def check_policy(root: Path, only: list[Path] | None = None, as_of: datetime.date | None = None,
                 progress: Progress = no_progress) -> CheckResult:
    """``progress`` wraps the long loops (files, derivations) so a terminal can show how far along a large run is."""
    as_of = as_of or datetime.date.today()
    repo = load_repository(root, only, progress)
    result = CheckResult(repo, None, as_of, list(repo.findings))
    if repo.vocabulary is None or has_errors(repo.findings) and not (repo.revisions or repo.derivations):
        return result
    catalog = build_catalog(repo)
    result.catalog = catalog
    result.findings.extend(catalog.findings)
    result.findings.extend(revision_findings(catalog))
    facts = repo.vocabulary.to_json()
    derivations = [(code, e) for code, entries in catalog.entries_by_region.items() for e in entries
                   if isinstance(e, Derivation)]
    for code, entry in progress(derivations, len(derivations), "检查下级清单"):
        effective = catalog.effective(entry)
        if effective is None:
            continue
        parent = catalog.find(entry.parent_region, entry.parent_revision)
        semantic = check_list(effective, repo.vocabulary, catalog.effective(parent) if parent else None)
        result.findings.extend(semantic)
        if semantic:
            continue
        in_force = entry.effective <= as_of and catalog.in_force(code, as_of) is entry
        edge = compare_edge(catalog, entry, as_of if in_force else entry.effective, facts)
        if edge is None:
            continue
        result.findings.extend(edge_findings(edge))
        if in_force:
            result.edges[code] = edge
    result.findings = [f for f in result.findings if f.severity != "info"]  # improvements are not problems
    return result
