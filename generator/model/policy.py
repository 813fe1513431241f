"""A published revision of a list, as loaded from one policy file (or materialised from a derivation)."""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any, Callable

from ..findings import Location
from ..loading.yamlsafe import YamlDocument


@dataclass
class ListRevision:
    """One revision of one region's list. ``data`` has the shape of ``policy/schema/list.schema.json``."""

    data: dict[str, Any]
    doc: YamlDocument | None = None  # where the data came from, for locations
    path: str = ""
    # For a list materialised from a derivation: maps a pointer into ``data`` to a location in the derivation file.
    locator: Callable[[tuple], Location] | None = field(default=None, repr=False)
    derivation: "Derivation | None" = field(default=None, repr=False)

    @property
    def region_code(self) -> str:
        return self.data["region"]["code"]

    @property
    def region_name(self) -> str:
        return self.data["region"]["name"]

    @property
    def revision_id(self) -> str:
        return self.data["revision"]["id"]

    @property
    def effective(self) -> datetime.date:
        return datetime.date.fromisoformat(self.data["revision"]["effective"])

    @property
    def items(self) -> list[dict[str, Any]]:
        return self.data["items"]

    @property
    def is_example(self) -> bool:
        return bool(self.data["revision"].get("example"))

    def locate(self, pointer: tuple = ()) -> Location:
        if self.locator is not None:
            return self.locator(tuple(pointer))
        if self.doc is None:
            return Location(self.path)
        return self.doc.locate(pointer)

    def item_index(self, item_id: str) -> int | None:
        for index, item in enumerate(self.items):
            if item["id"] == item_id:
                return index
        return None


@dataclass
class Derivation:
    """A county (or any lower-level) list written as changes to its parent list's revision.

    ``data`` has the shape of ``policy/schema/derivation.schema.json``; see ``generator.derive.materialize``.
    """

    data: dict[str, Any]
    doc: YamlDocument
    path: str

    region_code = ListRevision.region_code
    region_name = ListRevision.region_name
    revision_id = ListRevision.revision_id
    effective = ListRevision.effective
    is_example = ListRevision.is_example

    @property
    def parent_region(self) -> str:
        return self.data["parent"]["region"]

    @property
    def parent_revision(self) -> str:
        return self.data["parent"]["revision"]

    def locate(self, pointer: tuple = ()) -> Location:
        return self.doc.locate(pointer)
