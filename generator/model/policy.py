"""A published revision of a list, as loaded from one policy file (or materialised from a derivation)."""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from ..findings import Location
from ..loading.yamlsafe import YamlDocument


@dataclass
class ListRevision:
    """One revision of one region's list. ``data`` has the shape of ``policy/schema/list.schema.json``."""

    data: dict[str, Any]
    doc: YamlDocument | None = None  # where the data came from, for locations; None when materialised
    path: str = ""

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

    def locate(self, pointer: tuple = ()) -> Location:
        if self.doc is None:
            return Location(self.path)
        return self.doc.locate(pointer)

    def item_index(self, item_id: str) -> int | None:
        for index, item in enumerate(self.items):
            if item["id"] == item_id:
                return index
        return None
