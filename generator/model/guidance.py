"""办理指南: how to apply for the items of a region's list — the office, its address, phone and opening hours, the
documents to bring, and the online channels.

The guidance is not part of a list: an office's phone or hours change without a revision of the list (a formal act of
the government), so each region has one file of its own, ``policy/guidance/<code>.yaml``, with ``default`` (for every
item) and ``items`` (per item id). A county inherits the city's guidance and overrides it field by field (:func:`resolve`).
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

FIELDS = {"office": "办理机构", "address": "地址", "phone": "咨询电话", "hours": "办理时间", "documents": "需要带的材料",
          "online": "网上办理"}
"""Every field of a guidance entry with its label, in the order pages show them."""
LIST_FIELDS = frozenset({"documents", "online"})  # a list of texts; the others are one text each
EXAMPLE_LABELS = {key: "示例号码，请勿拨打" if key == "phone" else "示例" for key in FIELDS}
"""The badge an invented value carries, by field: an invented phone number must never be taken for a real one."""
EXAMPLE_NOTE = "标有“示例”的办理信息是演示用的，不是真实的机构、地址或电话；请以当地政府公布的为准。"
NO_GUIDANCE = "暂无办理指南，请向户籍所在地的乡镇（街道）或县（区）有关部门咨询。"


@dataclass(frozen=True)
class GuidanceValue:
    value: str | tuple[str, ...]
    example: bool  # an invented value (no real contact is known): the site labels it 示例
    region: str  # the name of the region whose file gives it


@dataclass(frozen=True)
class RegionGuidance:
    """One region's file: its defaults for every item and its entries for single items."""

    code: str
    name: str
    default: Mapping[str, GuidanceValue]
    items: Mapping[str, Mapping[str, GuidanceValue]]


def resolve(chain: Sequence[RegionGuidance], item_id: str | None) -> dict[str, GuidanceValue]:
    """The guidance for one item, the nearest region first (``[county, city]``): each field from the county's entry
    for the item, else the county's default, else the city's entry for the item, else the city's default. A county's
    own office thus replaces the city's department for every item it does not say otherwise about. ``item_id`` None:
    the defaults alone, what an item without an entry of its own gets."""
    found: dict[str, GuidanceValue] = {}
    for region in chain:
        for entry in (region.items.get(item_id, {}), region.default):
            for key, value in entry.items():
                found.setdefault(key, value)
    return {key: found[key] for key in FIELDS if key in found}
