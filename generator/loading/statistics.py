"""Reads the quarterly statistics: a Frictionless Data Package (``statistics/datapackage.json``, one CSV resource per
quarter, one Table Schema) validated with the ``frictionless`` library, every problem a finding at file:row:column.

Every file is read by the one policy-file reader (:func:`~generator.loading.yamlsafe.read_text`: no links, no FIFOs,
UTF-8 only, no control characters) and handed to frictionless as bytes, so frictionless never opens a path or a URL
itself. A resource must be a file of this folder named after its quarter (``2025Q4.csv``) and use the folder's
``tableschema.json``. Rows are numbered as frictionless numbers them, the header being row 1: that is the row's line
in the file, as a cell may not hold a line break.

Only the table is checked here (the package, the header, each cell's type and form); what the figures mean is
checked by :mod:`generator.model.plan_semantics`.
"""
from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from pathlib import Path, PurePath

import frictionless
from frictionless import Dialect, Package, Resource, Schema, formats

from ..errors import PolicyError
from ..findings import Finding, Location
from ..model.plan import STATISTICS_COLUMNS, Quarter, Statistics
from ..model.plan_rules import plan_finding
from .repository import display_path
from .yamlsafe import read_text

PACKAGE_FILE = "datapackage.json"
TABLE_SCHEMA_FILE = "tableschema.json"
FIELDS = STATISTICS_COLUMNS
NUMBER_FIELDS = ("numerator", "denominator", "value")
RESOURCE_PATH = re.compile(r"^([0-9]{4}Q[1-4])\.csv$")
NUMBER = re.compile(r"^(?:0|[1-9][0-9]*)(?:\.[0-9]+)?$")  # what a figure looks like: 92.5, 0, 1200
_CSV = Dialect(controls=[formats.CsvControl(delimiter=",")])

# json's own messages (English), in the editor's words.
_JSON_PROBLEMS = [
    ("Expecting ',' delimiter", "这里缺少逗号"),
    ("Expecting ':' delimiter", "这里缺少冒号"),
    ("Expecting property name enclosed in double quotes", "键名要用英文双引号括起来（也可能是最后一项后面多了逗号）"),
    ("Expecting value", "这里缺少值（也可能是多了逗号）"),
    ("Unterminated string", "字符串缺少结尾的英文双引号"),
    ("Invalid control character", "字符串里有控制字符"),
    ("Extra data", "JSON 已经结束，后面还有多余的内容"),
]


@dataclass(frozen=True)
class Row:
    """A row whose cells passed the table checks: typed values (numbers as Decimal, empty cells as None)."""

    path: str
    number: int
    cells: dict[str, object]


def _json(text: str, display: str, findings: list[Finding]) -> object:
    """``text`` parsed strictly (no duplicate keys, no NaN or Infinity); None, with a finding, when it is not JSON."""
    name = PurePath(display).name

    def unique_keys(pairs: list[tuple[str, object]]) -> dict:
        keys = [key for key, _ in pairs]
        duplicate = next((key for key in keys if keys.count(key) > 1), None)
        if duplicate is not None:
            raise ValueError(duplicate)
        return dict(pairs)

    def no_constant(constant: str) -> object:
        raise json.JSONDecodeError(f"Expecting value ({constant})", text, text.find(constant))

    try:
        return json.loads(text, object_pairs_hook=unique_keys, parse_constant=no_constant)
    except json.JSONDecodeError as exc:
        problem = next((words for english, words in _JSON_PROBLEMS if exc.msg.startswith(english)), "JSON 语法错误")
        findings.append(plan_finding("STAT_PACKAGE_JSON", Location(display, exc.lineno, exc.colno), file=name,
                                     problem=problem))
    except ValueError as exc:
        findings.append(plan_finding("STAT_PACKAGE_JSON", _key_location(text, display, str(exc), last=True), file=name,
                                     problem=f"键“{exc}”重复"))
    return None


def _key_location(text: str, display: str, key: str, last: bool = False) -> Location:
    """Where ``"key"`` stands in a JSON text (its first or last occurrence), else the file's start."""
    needle = json.dumps(key, ensure_ascii=False)
    offset = text.rfind(needle) if last else text.find(needle)
    if offset < 0:
        return Location(display, 1, 1)
    line_start = text.rfind("\n", 0, offset) + 1
    return Location(display, text.count("\n", 0, offset) + 1, offset - line_start + 1)


def _read(file: Path, findings: list[Finding]) -> str | None:
    try:
        return read_text(file, display_path(file))
    except PolicyError as exc:
        findings.extend(exc.findings)
        return None


def _table_schema(folder: Path, findings: list[Finding]) -> tuple[Schema | None, str | None]:
    """The folder's Table Schema (and its text, as published), when it is one and has the columns of the statistics."""
    file = folder / TABLE_SCHEMA_FILE
    text = _read(file, findings)
    descriptor = _json(text, display_path(file), findings) if text is not None else None
    if descriptor is None:
        return None, None
    return _checked_schema(descriptor, text, display_path(file), findings), text


def _checked_schema(descriptor: object, text: str, display: str, findings: list[Finding]) -> Schema | None:
    at = Location(display, 1, 1)
    try:
        schema = Schema.from_descriptor(descriptor)
    except frictionless.FrictionlessException as exc:
        findings.append(plan_finding("STAT_TABLE_SCHEMA", at, problem=f"不符合 Table Schema 规范（“{exc.error.note}”）"))
        return None
    names = tuple(field.name for field in schema.fields)
    if names != FIELDS:
        findings.append(plan_finding("STAT_TABLE_SCHEMA", at,
                                     problem=f"字段应为 {'、'.join(FIELDS)}，实际是 {'、'.join(names)}"))
        return None
    wrong = [f.name for f in schema.fields if (f.type == "number") != (f.name in NUMBER_FIELDS)]
    if wrong:
        kind = "number" if wrong[0] in NUMBER_FIELDS else "string"
        findings.append(plan_finding("STAT_TABLE_SCHEMA", _key_location(text, at.path, wrong[0]),
                                     problem=f"字段“{wrong[0]}”的类型应为 {kind}"))
        return None
    return schema


def _resources(descriptor: dict, text: str, display: str, findings: list[Finding]) -> dict[Quarter, dict]:
    """The package's resources by quarter; a finding for each one that is not a quarter's file of this folder."""
    out: dict[Quarter, dict] = {}
    for resource in descriptor.get("resources") or []:
        if not isinstance(resource, dict):
            continue  # Package.metadata_validate has reported it
        name, path = str(resource.get("name", "")), resource.get("path")
        match = RESOURCE_PATH.match(path) if isinstance(path, str) else None
        where = _key_location(text, display, path if isinstance(path, str) else name)
        if match is None:
            findings.append(plan_finding("STAT_RESOURCE_PATH", where, name=name, path=path))
            continue
        if resource.get("schema") != TABLE_SCHEMA_FILE:
            written = json.dumps(resource.get("schema"), ensure_ascii=False)
            findings.append(plan_finding("STAT_TABLE_SCHEMA", where,
                                         problem=f"资源“{name}”的 schema 应为 \"{TABLE_SCHEMA_FILE}\"，实际是 {written}"))
            continue
        quarter = Quarter.parse(match[1])
        if quarter in out:
            findings.append(plan_finding("STAT_RESOURCE_DUPLICATE", where, quarter=quarter,
                                         first=out[quarter].get("name"), second=name))
            continue
        out[quarter] = resource
    return out


def _header_problem(text: str) -> str | None:
    first = text.split("\n", 1)[0].rstrip("\r")
    if not first.strip():
        return "第一行是空的；第一行应为表头"
    labels = next(csv.reader([first]))
    for index, (label, field) in enumerate(zip(labels, FIELDS), start=1):
        if label != field:
            return f"第 {index} 列应为“{field}”，实际是“{label}”"
    if len(labels) < len(FIELDS):
        return f"缺少第 {len(labels) + 1} 列“{FIELDS[len(labels)]}”"
    if len(labels) > len(FIELDS):
        return f"第 {len(FIELDS) + 1} 列“{labels[len(FIELDS)]}”是多余的"
    return None


def _cell_findings(error: frictionless.errors.RowError, cells: list[str], at: Location) -> list[Finding]:
    """frictionless's errors on one row, in Chinese. A number in the wrong form is told once, whatever frictionless
    made of it (``inf`` and ``１２`` pass its number type; ``NaN`` fails its minimum)."""
    kind = error.type
    if kind == "blank-row":
        return [plan_finding("STAT_BLANK_ROW", Location(at.path, at.line, 1))]
    if kind in ("missing-cell", "extra-cell"):
        problem = f"有 {len(cells)} 个单元格，表头有 {len(FIELDS)} 列"
        return [plan_finding("STAT_ROW_SHAPE", Location(at.path, at.line, error.field_number), problem=problem)]
    field = getattr(error, "field_name", "")
    where = Location(at.path, at.line, getattr(error, "field_number", 0) or 1)
    cell = getattr(error, "cell", "")
    if field in NUMBER_FIELDS and cell and not NUMBER.match(cell):
        return []  # told by _number_findings
    if kind == "constraint-error" and not cell:
        what = "每行都要写明地区代码、季度、指标、数值、单位和来源" if field != "value" else "写这个指标的数值"
        return [plan_finding("STAT_CELL_REQUIRED", where, field=field, what=what)]
    if kind == "constraint-error":
        return [plan_finding("STAT_CELL_FORMAT", where, field=field, cell=cell,
                             what=_FORMATS.get(field, "请对照表结构改正"))]
    return [plan_finding("STAT_TABLE", where, kind=kind)]


_FORMATS = {
    "region": "写六位行政区划代码（GB/T 2260），例如 140213",
    "quarter": "写“年份Q季度”，例如 2025Q4",
    "indicator": "写 indicators.yaml 中的指标标识（英文小写字母、数字和下划线）",
}


def _number_findings(cells: list[str], at: Location) -> list[Finding]:
    findings = []
    for field in NUMBER_FIELDS:
        index = FIELDS.index(field)
        cell = cells[index] if index < len(cells) else ""
        if cell and not NUMBER.match(cell):
            findings.append(plan_finding("STAT_NOT_A_NUMBER", Location(at.path, at.line, index + 1), field=field,
                                         cell=cell))
    return findings


def _rows(text: str, display: str, schema: Schema, findings: list[Finding]) -> list[Row]:
    problem = _header_problem(text)
    if problem:
        findings.append(plan_finding("STAT_HEADER", Location(display, 1, 1), problem=problem))
        return []
    rows = []
    resource = Resource(data=text.encode("utf-8"), format="csv", encoding="utf-8", schema=schema, dialect=_CSV)
    try:
        with resource:
            for row in resource.row_stream:
                at = Location(display, row.row_number, 0)
                cells = [str(c) if c is not None else "" for c in row.cells]
                broken = next((i for i, c in enumerate(cells) if "\n" in c or "\r" in c), None)
                if broken is not None:
                    findings.append(plan_finding("STAT_LINE_BREAK", Location(display, at.line, broken + 1),
                                                 field=FIELDS[broken] if broken < len(FIELDS) else "?"))
                    return rows  # the rows after it stand on other lines than their numbers say
                errors = [e for e in row.errors if e.type != "primary-key"]  # told as STAT_DUPLICATE_ROW
                problems = _number_findings(cells, at)
                for error in errors:
                    problems.extend(_cell_findings(error, cells, at))
                findings.extend(problems)
                if not problems and not errors:
                    rows.append(Row(display, row.row_number, row.to_dict()))
    except frictionless.FrictionlessException as exc:
        findings.append(plan_finding("STAT_TABLE", Location(display, 1, 1), kind=exc.error.type))
    return rows


def load_statistics(folder: Path, findings: list[Finding]) -> tuple[Statistics | None, list[Row]]:
    """The data package in ``folder`` and its rows that passed the table checks; findings for everything else."""
    package_file = folder / PACKAGE_FILE
    display = display_path(package_file)
    text = _read(package_file, findings)
    descriptor = _json(text, display, findings) if text is not None else None
    if descriptor is None:
        return None, []
    if not isinstance(descriptor, dict):
        findings.append(plan_finding("STAT_PACKAGE", Location(display, 1, 1), problem="内容应为一个 JSON 对象（{…}）"))
        return None, []
    for error in Package.metadata_validate(descriptor):
        findings.append(plan_finding("STAT_PACKAGE", Location(display, 1, 1), problem=f"“{error.note}”"))
    schema, schema_text = _table_schema(folder, findings)
    resources = _resources(descriptor, text, display, findings)
    listed = {resource["path"] for resource in resources.values()}
    for csv_file in sorted(folder.glob("*.csv")):
        if csv_file.name not in listed:
            findings.append(plan_finding("STAT_FILE_NOT_IN_PACKAGE", Location(display_path(csv_file)),
                                         file=csv_file.name))
    files = {quarter: display_path(folder / resource["path"]) for quarter, resource in resources.items()}
    published = {PACKAGE_FILE: text.encode("utf-8")}
    rows: list[Row] = []
    for quarter, resource in sorted(resources.items()):
        csv_text = _read(folder / resource["path"], findings)
        if csv_text is None or schema is None:
            continue
        published[resource["path"]] = csv_text.encode("utf-8")
        rows.extend(_rows(csv_text, files[quarter], schema, findings))
    if schema_text is not None:
        published[TABLE_SCHEMA_FILE] = schema_text.encode("utf-8")
    statistics = Statistics(display, _key_location(text, display, "resources"), str(descriptor.get("title", "")),
                            str(descriptor.get("description", "")), descriptor.get("example") is True, files, [],
                            published)
    return statistics, rows
