"""The open-data contract shared by the site pages, the downloads and the calculator.

The site publishes, for every region, the compiled effective list in force on the build date as
``data/<code>.json`` (exactly what ``qingdan eligibility`` evaluates), and ``data/regions.json`` indexing them.
"""
from __future__ import annotations

from ..checking import PolicySnapshot


def compiled_lists(snapshot: PolicySnapshot) -> dict[str, dict]:
    """Region code -> compiled list in force on the snapshot's date (regions whose first revision is later are left
    out)."""
    catalog = snapshot.catalog
    return {code: snapshot.compiled_in_force(code) for code in catalog.regions
            if catalog.entries_by_region[code][0].effective <= snapshot.as_of}


def region_index(compiled: dict[str, dict]) -> list[dict]:
    """[{code, name, title, revision, example, url}] in code order: the city first, then its counties."""
    return [
        {"code": code, "name": c["region"]["name"], "title": c["list"]["title"], "revision": c["list"]["revision"],
         "example": c["list"]["example"], "url": f"data/{code}.json"}
        for code, c in sorted(compiled.items())
    ]
