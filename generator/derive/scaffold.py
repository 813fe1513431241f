"""A new county's derivation file, ready to fill: every value the parent leaves to the county is listed.

Every value is written by PyYAML's emitter, never by string formatting, so that any name reads back as written; the
comments for the clerk are added between the emitted blocks. Texts the clerk must replace are placeholders, listed
once in :data:`PLACEHOLDERS`: the check reports each one still in a file, so a scaffold is never published as is.
"""
from __future__ import annotations

import datetime
import unicodedata
from dataclasses import dataclass

import yaml

from ..errors import PolicyError
from ..loading.yamlsafe import parse_yaml
from ..model.policy import ListRevision

MAX_NAME_LENGTH = 40  # the longest county name in GB/T 2260 has 15 characters


@dataclass(frozen=True)
class Placeholder:
    text: str  # what the scaffold writes
    hint: str  # what the clerk should write instead


DOCUMENT_NUMBER = Placeholder("请填写文号", "document_number 写县区政府印发本清单的正式文号，例如“平政发〔2024〕5号”")
PLACEHOLDERS = (DOCUMENT_NUMBER,)


def region_name_problem(name: str) -> str | None:
    """Why ``name`` cannot be a region's name (a Chinese sentence for the user), or None when it can."""
    if not name.strip():
        return "县区名称不能为空，例如 --name 平城区"
    hidden = [c for c in name if unicodedata.category(c)[0] == "C" or unicodedata.category(c) in ("Zl", "Zp")]
    if hidden:
        shown = "、".join(f"U+{ord(c):04X}" for c in dict.fromkeys(hidden))
        return f"县区名称中不能有换行、制表符或其他看不见的控制字符（发现 {shown}），请只写名称本身，例如 --name 平城区"
    if name != name.strip():
        return f"县区名称前后不能有空格：请写 --name {name.strip()}"
    if len(name) > MAX_NAME_LENGTH:
        return f"县区名称过长（{len(name)} 个字，最多 {MAX_NAME_LENGTH} 个字），请只写名称本身，例如 --name 平城区"
    return None


def _reads_back(text: str) -> bool:
    """Whether the project's strict reader takes ``text``, written unquoted, as that very text."""
    try:
        return parse_yaml(text, "").data == text
    except PolicyError:
        return False


class _Dumper(yaml.SafeDumper):
    """PyYAML's safe emitter, also quoting what YAML 1.1 would leave plain but the strict reader refuses or reads
    differently (``y``, ``0o17``, ``1e5``…): a text resolved to a non-text tag is never written plain. Repeated
    values are written out again, never as anchors and aliases (which the reader refuses)."""

    def ignore_aliases(self, data) -> bool:
        return True

    def resolve(self, kind, value, implicit):
        tag = super().resolve(kind, value, implicit)
        if kind is yaml.ScalarNode and implicit[0] and tag == self.DEFAULT_SCALAR_TAG and not _reads_back(value):
            return "tag:qingdan,2024:ambiguous"
        return tag


def _emit(data: dict, indent: int = 0) -> list[str]:
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False,
                     width=float("inf"))
    return [" " * indent + line for line in text.rstrip("\n").split("\n")]


def _one_line(text: str) -> str:
    """Policy text for a comment line."""
    return " ".join(str(text).split())


def periodless_terms(parent: ListRevision) -> dict:
    """item id -> (item, its periodic terms whose open parameter leaves the period to the county too)."""
    open_params = open_parameters(parent)
    return {item.id: (item, terms) for item in parent.content.items
            if (terms := [t for t in item.terms if t.PERIODIC and t.param in open_params and not t.period])}


def open_parameters(parent: ListRevision) -> dict:
    """The parameters the parent leaves to the county (由县区政府确定): those without a value."""
    return {key: p for key, p in parent.content.parameters.items() if p.value is None}


def scaffold_data(code: str, name: str, parent: ListRevision, today: datetime.date) -> dict:
    """A new county's derivation as data: every open value still to fill, placeholders for the rest."""
    return {"kind": "derivation", "list_id": f"county-{code}-basic-elderly-care", "title": f"{name}基本养老服务清单",
            "region": {"code": code, "name": name},
            "parent": {"region": parent.region_code, "revision": parent.revision_id},
            "revision": {"id": today.isoformat(), "document_number": DOCUMENT_NUMBER.text,
                         "issuer": f"{name}人民政府", "published": today, "effective": today},
            "parameters": {key: {"value": None} for key in open_parameters(parent)},
            "items": {item_id: {"terms": {t.id: {} for t in terms}}
                      for item_id, (_, terms) in periodless_terms(parent).items()},
            "added_items": []}


def scaffold_derivation(code: str, name: str, parent: ListRevision, today: datetime.date) -> str:
    """The file text; ``name`` must have passed :func:`region_name_problem`."""
    return derivation_text(parent, scaffold_data(code, name, parent, today))


_HEAD = ("kind", "list_id", "title", "region", "parent")
_BODY = ("revision", "definitions", "situations", "parameters", "items", "added_items")


def _dated(revision: dict) -> dict:
    """Dates given as ISO text written as dates (plain, as editors write them), anything else as it is."""
    dated = dict(revision)
    for key in ("published", "effective"):
        if isinstance(dated.get(key), str):
            try:
                dated[key] = datetime.date.fromisoformat(dated[key])
            except ValueError:
                pass
    return dated


def derivation_text(parent: ListRevision, data: dict) -> str:
    """A derivation of ``parent`` as a file, with the schema modeline and the clerk's comments: ``qingdan county new``
    writes a new county's (:func:`scaffold_data`), the 县区清单编制 page the one drafted there. Only what ``data``
    holds is written (a derivation states its changes only); keys the format does not know are kept, for the check
    to report."""
    open_params = open_parameters(parent)
    periodless = periodless_terms(parent)
    name = _one_line(data.get("region", {}).get("name", "")) if isinstance(data.get("region"), dict) else ""
    head = {key: data[key] for key in _HEAD if key in data}
    head.update({key: value for key, value in data.items() if key not in _HEAD and key not in _BODY})
    lines = [
        "# yaml-language-server: $schema=../../schema/derivation.schema.json",
        f"# {name}基本养老服务清单：由{_one_line(parent.region_name)}清单（修订版 {parent.revision_id}）推导。",
        "# 只能放宽条件、提高标准、补充本地说明或新增项目；qingdan check 会逐项检查不低于上级清单。",
        *_emit(head),
        "",
        f"# 发布信息：document_number 写印发本清单的正式文号（替换“{DOCUMENT_NUMBER.text}”，否则检查报 "
        "PLACEHOLDER_NOT_REPLACED）；",
        "# issuer 写发布单位；published、effective 写发布日期和施行日期（格式 YYYY-MM-DD），均以正式文件为准。",
        *_emit({"revision": _dated(data["revision"]) if isinstance(data.get("revision"), dict)
                else data.get("revision")}),
        "",
    ]
    for key, what in (("definitions", "本县区放宽的定义"), ("situations", "本县区补充的情形")):
        if key in data:
            lines += [f"# {what}：", *_emit({key: data[key]}), ""]
    lines.append("# 上级清单留给县区确定的数值：请逐项把 value 的 null 改为数字，否则检查报 PARAMETER_UNFILLED。")
    parameters = data.get("parameters", {})
    if parameters and isinstance(parameters, dict):
        lines.append("parameters:")
        for key, change in parameters.items():
            param_lines = _emit({key: change}, indent=2)
            if isinstance(change, dict) and change.get("value", 0) is None:
                param_lines[-1] += "  # 请填写"
            param = open_params.get(key) or parent.content.parameters.get(key)
            if param is not None:
                lines.append(f"  # {_one_line(param.label)}（{_one_line(param.text)}），单位：{_one_line(param.unit_text)}")
            lines += param_lines
    else:
        lines += _emit({"parameters": parameters})
    lines += [
        "",
        "# 对上级项目的修改，按项目标识书写，例如：",
        "#   care-service-subsidy:",
        "#     terms:",
        "#       subsidy: {value: 80}",
        "#     eligibility_any: {fact: age, ge: 75}",
    ]
    items = data.get("items", {})
    numbered = {item.id: item for item in parent.content.items}
    if items and isinstance(items, dict):
        lines.append("items:")
        for item_id, change in items.items():
            if item_id in periodless and not any(
                    isinstance(change, dict) and isinstance(change.get("terms"), dict)
                    and (change["terms"].get(t.id) or {}).get("period") for t in periodless[item_id][1]):
                item, terms = periodless[item_id]
                labels = "、".join(f"“{_one_line(t.label)}”" for t in terms)
                lines.append(f"  # 第{item.number}项 {_one_line(item.name)}：{labels}的发放周期由县区确定，"
                             "请把下面的 {} 改为 {period: 月}（或 年 等）")
            elif item_id in numbered:
                lines.append(f"  # 第{numbered[item_id].number}项 {_one_line(numbered[item_id].name)}")
            lines += _emit({item_id: change}, indent=2)
    else:
        lines += _emit({"items": items})
    lines += [
        "",
        "# 本县区新增的项目（上级清单没有的），按上级清单项目的格式写在这里：",
        *_emit({"added_items": data.get("added_items", [])}),
        "",
    ]
    return "\n".join(lines)
