"""Loads the 办理指南 files (``guidance/<code>.yaml``, one per region, typed in :mod:`generator.model.guidance`) through
the strict YAML reader and ``schema/guidance.schema.json``, then checks what they refer to. Every problem is a finding
at file:line:col; a policy root without a ``guidance/`` folder simply has no guidance."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import PolicyError
from ..findings import ERROR, Finding, Rule, RuleSet
from ..model.guidance import LIST_FIELDS, GuidanceValue, RegionGuidance
from .repository import SCHEMA_DIR, display_path
from .schema import schema_findings
from .yamlsafe import YamlDocument, load_yaml

GUIDANCE_DIR = "guidance"
FAKE_PHONE_MARK = "000000"
"""What makes an invented phone number obviously invented (0352-000000X): nobody takes it for a real one and dials."""

RULES = RuleSet(
    "办理指南",
    Rule("GUIDANCE_FILE_NAME", ERROR, "文件", "办理指南的文件名与其中的地区代码不一致",
         "文件名应为 {code}.yaml（与 region.code 一致），现在是 {name}",
         "每个地区一个文件：guidance/<行政区划代码>.yaml；请改文件名或 region.code"),
    Rule("GUIDANCE_UNKNOWN_REGION", ERROR, "引用", "办理指南所属的地区没有清单",
         "地区 {code}（{name}）没有清单，办理指南无处显示",
         "region.code 应是 policy/lists/ 下某个地区的代码"),
    Rule("GUIDANCE_UNKNOWN_ITEM", ERROR, "引用", "办理指南写的项目标识不是本地区清单（或其上级清单）中的项目",
         "没有标识为“{item}”的项目", "{fix}"),
    Rule("GUIDANCE_EXAMPLE_PHONE", ERROR, "示例", "示例电话不是明显不存在的号码，可能被当成真实号码拨打",
         "示例电话“{phone}”看起来像真实号码", f"示例电话请写明显不存在的号码，例如 0352-{FAKE_PHONE_MARK}1"),
)


@dataclass
class Guidance:
    """Every region's guidance by region code, and the problems found loading it."""

    regions: dict[str, RegionGuidance] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)


def _entry(data: Mapping, region: str) -> dict[str, GuidanceValue]:
    return {key: GuidanceValue(tuple(given["value"]) if key in LIST_FIELDS else given["value"],
                               bool(given.get("example")), region)
            for key, given in data.items()}


def _problems(doc: YamlDocument, file: Path, regions: Mapping[str, str], items: Mapping[str, set[str]]) -> list[Finding]:
    data = doc.data
    code, name = data["region"]["code"], data["region"]["name"]
    found = []
    if file.stem != code:
        found.append(RULES["GUIDANCE_FILE_NAME"].at(doc.locate(("region", "code")), code=code, name=file.name))
    if code not in regions:
        found.append(RULES["GUIDANCE_UNKNOWN_REGION"].at(doc.locate(("region", "code")), code=code, name=name))
    known = items.get(code)
    for item_id in data.get("items", {}):
        if known is not None and item_id not in known:
            close = sorted(i for i in known if i.split("-")[0] == item_id.split("-")[0])
            fix = f"是不是想写“{close[0]}”？" if close else "项目标识见本地区清单中各项目的 id"
            found.append(RULES["GUIDANCE_UNKNOWN_ITEM"].at(doc.locate(("items", item_id, "#key")), item=item_id,
                                                          fix=fix))
    entries = [(("default",), data.get("default", {}))] + [(("items", i), e) for i, e in data.get("items", {}).items()]
    for pointer, entry in entries:
        phone = entry.get("phone")
        if phone is not None and phone.get("example") and FAKE_PHONE_MARK not in phone["value"]:
            found.append(RULES["GUIDANCE_EXAMPLE_PHONE"].at(doc.locate(pointer + ("phone", "value")),
                                                           phone=phone["value"]))
    return found


def load_guidance(root: Path, regions: Mapping[str, str], items: Mapping[str, set[str]]) -> Guidance:
    """The guidance under ``root/guidance``. ``regions``: the regions with a list (code -> name); ``items``: the item
    ids each region's usable lists hold, its parent's included (a region whose lists cannot be read is not in it: its
    entries are not checked against items nobody knows)."""
    guidance = Guidance()
    folder = root / GUIDANCE_DIR
    if not folder.is_dir() or folder.is_symlink():  # a linked folder is refused by policy_files
        return guidance
    for file in sorted(folder.glob("*.yaml")):
        try:
            doc = load_yaml(file, display_path(file))
        except PolicyError as exc:
            guidance.findings.extend(exc.findings)
            continue
        problems = schema_findings(doc, root / SCHEMA_DIR / "guidance.schema.json")
        problems = problems or _problems(doc, file, regions, items)
        guidance.findings.extend(problems)
        if problems:
            continue
        code, name = doc.data["region"]["code"], doc.data["region"]["name"]
        guidance.regions[code] = RegionGuidance(
            code, name, _entry(doc.data.get("default", {}), name),
            {item_id: _entry(entry, name) for item_id, entry in doc.data.get("items", {}).items()})
    return guidance

