"""The open-data contract shared by the site pages, the downloads and the calculator.

The site publishes, for every region, the compiled effective list in force on the build date as
``data/<code>.json`` (exactly what ``qingdan eligibility`` evaluates), and ``data/regions.json`` indexing them.
"""
from __future__ import annotations

import datetime

from ..derive.catalog import Catalog
from ..derive.effective import compiled_for
from ..loading.repository import Repository


def compiled_lists(repo: Repository, catalog: Catalog, as_of: datetime.date) -> dict[str, dict]:
    """Region code -> compiled list in force on ``as_of`` (regions whose first revision is later are left out)."""
    lists = {}
    for code in catalog.regions:
        if catalog.revisions_by_region[code][0].effective <= as_of:
            lists[code] = compiled_for(repo, catalog, code, as_of)
    return lists


def region_index(compiled: dict[str, dict]) -> list[dict]:
    """[{code, name, title, revision, example, url}] in code order: the city first, then its counties."""
    return [
        {"code": code, "name": c["region"]["name"], "title": c["list"]["title"], "revision": c["list"]["revision"],
         "example": c["list"]["example"], "url": f"data/{code}.json"}
        for code, c in sorted(compiled.items())
    ]
