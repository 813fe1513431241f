"""The effective list of a region on a date: what the engine, the site and the exports all use."""
from __future__ import annotations

import datetime

from ..loading.repository import Repository
from ..model.compile import compile_list
from .catalog import Catalog


def build_catalog(repo: Repository) -> Catalog:
    entries: dict[str, list] = {}
    for entry in [*repo.revisions, *repo.derivations]:
        entries.setdefault(entry.region_code, []).append(entry)
    for region in entries.values():
        region.sort(key=lambda e: e.effective)
    catalog = Catalog(entries)
    for region in entries.values():
        for entry in region:
            catalog.effective(entry)
    return catalog


def compiled_for(repo: Repository, catalog: Catalog, code: str, as_of: datetime.date) -> dict:
    return compile_list(catalog.effective_in_force(code, as_of), repo.vocabulary)
