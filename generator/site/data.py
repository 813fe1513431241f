"""The open-data files: each list as JSON (the compiled form, :mod:`generator.site.exports`) and as CSV with the
official columns, the region index, and the JSON Schemas. Pure functions returning {path in the site: bytes}."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from ..model.content import FIELD_LABELS
from ..model import guidance
from . import urls
from .exports import compiled_lists, region_index
from .model import ListView, SiteData

CSV_COLUMNS = ["序号", *FIELD_LABELS.values()]
EXAMPLE_COLUMN = "说明"
EXAMPLE_NOTE = "示例数据，不是正式发布的清单"
SCHEMA_LABELS = {"list.schema.json": "清单", "derivation.schema.json": "县（区）推导清单",
                 "vocabulary.schema.json": "个人情况词表", "indicators.schema.json": "统计指标",
                 "target.schema.json": "实施方案的目标", "guidance.schema.json": "办理指南"}
# A cell starting with one of these is a formula to Excel; a leading apostrophe keeps it text (OWASP CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _json(data: object) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _cell(text: object) -> str:
    text = str(text)
    return "'" + text if text.startswith(_FORMULA_START) else text


def list_csv(view: ListView) -> bytes:
    """The official table as CSV: UTF-8 with a byte-order mark (so Excel detects the encoding), CRLF lines."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS + ([EXAMPLE_COLUMN] if view.example else []))
    for item in view.items:
        row = [item.number, *(item.official[key] for key in FIELD_LABELS)]
        writer.writerow([_cell(c) for c in row] + ([EXAMPLE_NOTE] if view.example else []))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def schema_files(site: SiteData) -> list[Path]:
    folder = site.policy_root / "schema"
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


def guidance_data(site: SiteData, code: str, item_ids: list[str]) -> dict:
    """A region's 办理指南 as the calculator shows it: for each item, every field resolved (the region's own, else the
    city's), as on the item pages; ``common``, what an item without an entry of its own gets (the printout says it
    once); the field labels, the badge an invented value carries, and the texts said beside them."""
    def fields(item_id: str | None) -> dict:
        return {key: {"value": v.value, "example": v.example, "region": v.region}
                for key, v in site.guidance_for(code, item_id).items()}

    return {"region": {"code": code, "name": site.region(code).name}, "fields": guidance.FIELDS,
            "example_labels": guidance.EXAMPLE_LABELS, "example_note": guidance.EXAMPLE_NOTE,
            "missing": guidance.NO_GUIDANCE, "common": fields(None),
            "items": {item_id: fields(item_id) for item_id in item_ids}}


def data_files(site: SiteData) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    compiled = compiled_lists(site.snapshot)
    for code, data in compiled.items():
        files[urls.data_json(code)] = _json(data)
        files[urls.guidance_json(code)] = _json(guidance_data(site, code, [item["id"] for item in data["items"]]))
    files[urls.REGIONS_JSON] = _json(region_index(compiled))
    for region in site.regions:
        if region.current is not None:
            files[urls.data_csv(region.code)] = list_csv(region.current)
        for view in region.lists:
            files[urls.revision_json(view.code, view.id)] = _json(view.compiled)
            files[urls.revision_csv(view.code, view.id)] = list_csv(view)
    files.update(site.statistics_files)  # the statistics' data package, as checked
    for path in schema_files(site):
        files[urls.schema(path.name)] = path.read_bytes()
    return files
