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


def scaffold_derivation(code: str, name: str, parent: ListRevision, today: datetime.date) -> str:
    """The file text; ``name`` must have passed :func:`region_name_problem`."""
    open_params = {key: p for key, p in parent.content.parameters.items() if p.value is None}
    parent_name = _one_line(parent.region_name)
    lines = [
        "# yaml-language-server: $schema=../../schema/derivation.schema.json",
        f"# {name}基本养老服务清单：由{parent_name}清单（修订版 {parent.revision_id}）推导。",
        "# 只能放宽条件、提高标准、补充本地说明或新增项目；qingdan check 会逐项检查不低于上级清单。",
        *_emit({"kind": "derivation", "list_id": f"county-{code}-basic-elderly-care", "title": f"{name}基本养老服务清单",
                "region": {"code": code, "name": name},
                "parent": {"region": parent.region_code, "revision": parent.revision_id}}),
        "",
        f"# 发布信息：document_number 写印发本清单的正式文号（替换“{DOCUMENT_NUMBER.text}”，否则检查报 "
        "PLACEHOLDER_NOT_REPLACED）；",
        "# issuer 写发布单位；published、effective 写发布日期和施行日期（格式 YYYY-MM-DD），均以正式文件为准。",
        *_emit({"revision": {"id": today.isoformat(), "document_number": DOCUMENT_NUMBER.text,
                             "issuer": f"{name}人民政府", "published": today, "effective": today}}),
        "",
        "# 上级清单留给县区确定的数值：请逐项把 value 的 null 改为数字，否则检查报 PARAMETER_UNFILLED。",
    ]
    if open_params:
        lines.append("parameters:")
        for key, param in open_params.items():
            param_lines = _emit({key: {"value": None}}, indent=2)
            param_lines[-1] += "  # 请填写"
            lines += [f"  # {_one_line(param.label)}（{_one_line(param.text)}），单位：{_one_line(param.unit_text)}",
                      *param_lines]
    else:
        lines += _emit({"parameters": {}})
    lines += [
        "",
        "# 对上级项目的修改，按项目标识书写，例如：",
        "#   care-service-subsidy:",
        "#     terms:",
        "#       subsidy: {value: 80}",
        "#     eligibility_any: {fact: age, ge: 75}",
    ]
    periodless = {item.id: (item, terms) for item in parent.content.items
                  if (terms := [t for t in item.terms if t.PERIODIC and t.param in open_params and not t.period])}
    if periodless:
        lines.append("items:")
        for item_id, (item, terms) in periodless.items():
            labels = "、".join(f"“{_one_line(t.label)}”" for t in terms)
            lines += [f"  # 第{item.number}项 {_one_line(item.name)}：{labels}的发放周期由县区确定，"
                      "请把下面的 {} 改为 {period: 月}（或 年 等）",
                      *_emit({item_id: {"terms": {t.id: {} for t in terms}}}, indent=2)]
    else:
        lines += _emit({"items": {}})
    lines += [
        "",
        "# 本县区新增的项目（上级清单没有的），按上级清单项目的格式写在这里：",
        *_emit({"added_items": []}),
        "",
    ]
    return "\n".join(lines)
