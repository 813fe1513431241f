"""The one place the site asks what changed between two consecutive revisions of a list (措施 2: 动态调整).

:func:`changes_between` is filled by the revisions stage: it classifies the changes with the same comparison rules
as the compliance check (``generator.compare``). Between revisions of one list a lowering is the government's
right, so every change is listed plainly with its category rather than judged. The pages read only the shape
documented here.
"""
from __future__ import annotations

from typing import Any

from ..compare.lists import compare_lists
from ..loading.repository import Repository
from ..model.policy import ListRevision

CATEGORY_ORDER = ["删除", "降低", "范围缩小", "新增", "提高", "范围扩大", "文字修改", "其他"]


def changes_between(repo: Repository, older: ListRevision, newer: ListRevision) -> list[dict[str, Any]] | None:
    """What changed from revision ``older`` to revision ``newer`` of the same list (both effective lists).

    Returns None when no comparison is available, otherwise one entry per change (an empty list: nothing
    changed), in item order::

        [{"rule": "AMOUNT_RAISED", "category": "提高", "message": "…",
          "item": {"number": 10, "id": "care-service-subsidy", "name": "养老服务补贴"}, "term": "subsidy" | None}]
    """
    if repo.vocabulary is None:
        return None
    changes = compare_lists(older, newer, repo.vocabulary.to_json(), require_filled=False)
    out = [{"rule": c.rule.id, "category": c.rule.category, "message": c.message, "item": dict(c.item),
            "term": c.term} for c in changes]
    return sorted(out, key=lambda c: (c["item"].get("number", 0),
                                      CATEGORY_ORDER.index(c["category"]) if c["category"] in CATEGORY_ORDER else 99))
