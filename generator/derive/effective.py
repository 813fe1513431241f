"""The effective list of a region on a date: what the engine, the site and the exports all use."""
from __future__ import annotations

import datetime
from pathlib import Path

from ..findings import ERROR
from ..loading.repository import Repository
from ..model.compile import compile_list
from .catalog import Catalog


def unreadable_files(repo: Repository) -> dict[str, list[str]]:
    """Files under ``lists/<code>/`` that have errors and were not loaded, by the region code of their folder."""
    loaded = {entry.path for entry in [*repo.revisions, *repo.derivations]}
    unreadable: dict[str, list[str]] = {}
    for finding in repo.findings:
        path = finding.location.path
        folder = Path(path).parent
        if finding.severity == ERROR and path not in loaded and folder.parent.name == "lists":
            paths = unreadable.setdefault(folder.name, [])
            if path not in paths:
                paths.append(path)
    return unreadable


def build_catalog(repo: Repository) -> Catalog:
    entries: dict[str, list] = {}
    for entry in [*repo.revisions, *repo.derivations]:
        entries.setdefault(entry.region_code, []).append(entry)
    for region in entries.values():
        region.sort(key=lambda e: e.effective)
    catalog = Catalog(entries, unreadable=unreadable_files(repo))
    for region in entries.values():
        for entry in region:
            catalog.effective(entry)
    return catalog


def compiled_for(repo: Repository, catalog: Catalog, code: str, as_of: datetime.date) -> dict:
    return compile_list(catalog.effective_in_force(code, as_of), repo.vocabulary)
