"""A published revision of a list, as loaded from one policy file (or materialised from a derivation).

Its ``data`` is the file's data as it passed the schema (derivations share unchanged parts with their parent's, so
it is read-only); its typed ``content`` is parsed from it once, on first use.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Callable, Protocol

from ..findings import Location
from .content import Content


class Located(Protocol):
    """Where every value of a file stands (the loader's parsed document)."""

    def locate(self, pointer: tuple = ()) -> Location: ...


@dataclass
class ListRevision:
    """One revision of one region's list. ``data`` has the shape of ``policy/schema/list.schema.json``."""

    data: dict[str, Any]
    doc: Located | None = None  # where the data came from, for locations
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

    @cached_property
    def content(self) -> Content:
        """The typed content: definitions, parameters, situations, overlaps and items."""
        return Content.parse(self.data)

    @property
    def is_example(self) -> bool:
        return bool(self.data["revision"].get("example"))

    def locate(self, pointer: tuple = ()) -> Location:
        if self.locator is not None:
            return self.locator(tuple(pointer))
        if self.doc is None:
            return Location(self.path)
        return self.doc.locate(pointer)


@dataclass
class Derivation:
    """A county (or any lower-level) list written as changes to its parent list's revision.

    ``data`` has the shape of ``policy/schema/derivation.schema.json``; see ``generator.derive.materialize``.
    """

    data: dict[str, Any]
    doc: Located
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
