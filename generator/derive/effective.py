"""The effective list of a region on a date: what the engine, the site and the exports all use."""
from __future__ import annotations

import datetime

from ..loading.repository import Repository
from ..model.compile import compile_list
from .catalog import Catalog


def build_catalog(repo: Repository) -> Catalog:
    return Catalog(repo.lists_by_region())


def compiled_for(repo: Repository, catalog: Catalog, code: str, as_of: datetime.date) -> dict:
    return compile_list(catalog.in_force(code, as_of), repo.vocabulary)
