"""How a revision page lists what changed from the revision before it (措施 2: 动态调整).

The changes are the snapshot's (:attr:`generator.checking.PolicySnapshot.revision_diffs`, classified by the same
comparison rules as the compliance check). Between revisions of one list a lowering is the government's right, so
every change is listed plainly with its category rather than judged; losses come first. The pages read only the
shape documented here.
"""
from __future__ import annotations

from typing import Any

CATEGORY_ORDER = ["删除", "降低", "范围缩小", "新增", "提高", "范围扩大", "文字修改", "其他"]


def changes(diff) -> list[dict[str, Any]] | None:
    """The changes of a :class:`~generator.checking.RevisionDiff` (None: no comparison available), one entry per
    change (an empty list: nothing changed), in item order::

        [{"rule": "AMOUNT_RAISED", "category": "提高", "message": "…",
          "item": {"number": 10, "id": "care-service-subsidy", "name": "养老服务补贴"}, "term": "subsidy" | None}]
    """
    if diff is None:
        return None
    out = [{"rule": c.rule.id, "category": c.rule.category, "message": c.message, "item": dict(c.item),
            "term": c.term} for c in diff.changes]
    return sorted(out, key=lambda c: (c["item"].get("number", 0),
                                      CATEGORY_ORDER.index(c["category"]) if c["category"] in CATEGORY_ORDER else 99))
