"""Changes between two revisions of one list (措施 2: 动态调整), classified for citizens and auditors.

The same direction-aware comparison as the compliance check, read the other way: the government may lower a standard
in a new revision, and the diff says so plainly (降低 / 范围缩小) instead of calling it an error.
"""
from __future__ import annotations

from ..model.policy import ListRevision
from .lists import Change, compare_lists

CATEGORIES = ["新增", "删除", "提高", "降低", "范围扩大", "范围缩小", "文字修改", "其他"]


def diff_lists(old: ListRevision, new: ListRevision, facts: dict) -> list[Change]:
    changes = compare_lists(old, new, facts)
    return sorted(changes, key=lambda c: (c.item["number"], CATEGORIES.index(c.rule.category)))


def _where(revision: ListRevision, pointer: tuple | None) -> str | None:
    return None if pointer is None else str(revision.locate(pointer))


def diff_to_json(old: ListRevision, new: ListRevision, changes: list[Change]) -> dict:
    def side(r: ListRevision) -> dict:
        meta = r.data["revision"]
        return {"code": r.region_code, "name": r.region_name, "revision": r.revision_id,
                "document_number": meta.get("document_number"), "effective": meta["effective"],
                "fixture": bool(meta.get("fixture")), "example": bool(meta.get("example"))}

    return {
        "old": side(old),
        "new": side(new),
        "summary": {c: sum(ch.rule.category == c for ch in changes) for c in CATEGORIES if
                    any(ch.rule.category == c for ch in changes)},
        "changes": [{
            "category": change.rule.category,
            "rule": change.rule.id,
            "item": change.item,
            "term": change.term,
            "message": change.message,
            "example": change.counterexample,
            "values": change.values or None,
            "old_location": _where(old, change.parent_pointer),
            "new_location": _where(new, change.child_pointer),
        } for change in changes],
    }


def format_diff_text(report: dict) -> str:
    old, new = report["old"], report["new"]
    lines = [f"{new['name']}清单：修订版 {old['revision']}（{old['effective']} 起施行）→ 修订版 {new['revision']}"
             f"（{new['effective']} 起施行）"]
    if not report["changes"]:
        lines.append("两个修订版的内容（正式文字和规则）没有差异。")
        return "\n".join(lines)
    lines.append("共 " + "，".join(f"{k} {v} 处" for k, v in report["summary"].items()))
    for change in report["changes"]:
        lines.append(f"  [{change['category']}] 第{change['item']['number']}项“{change['item']['name']}”：{change['message']}")
        if change["new_location"]:
            lines.append(f"      位置：{change['new_location']}")
    return "\n".join(lines)
