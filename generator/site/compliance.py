"""The one place the site asks for compliance results: each county's list in force against its parent (措施 1:
覆盖范围和实现程度不得低于市级清单).

:func:`compliance_for` reads the edges the policy snapshot compared (``generator.checking.PolicySnapshot.edges``)
and turns them into the shape below, which is all the pages read. A region without an entry is shown as “尚无检查结果”.
"""
from __future__ import annotations

from typing import Any

from ..compare.rules import RULES

# Per-item status -> the label the matrix shows. "same" and "higher" comply; "lower" and "missing" do not.
ITEM_STATUS_LABELS = {"same": "符合", "higher": "高于", "lower": "不符合", "missing": "不符合"}
ITEM_STATUS_DETAIL = {"same": "与上级相同", "higher": "高于上级", "lower": "低于上级", "missing": "缺少此项"}
REGION_STATUS_LABELS = {"pass": "符合", "fail": "不符合"}
# Change categories that make an item better for the citizen than the parent's (severity "info").
BETTER = {"提高", "范围扩大", "新增"}


def changes_status(changes: list) -> str:
    """An item's status from the comparison's changes about it (the 符合性对照 matrix, the 县区清单编制 page)."""
    if any(c.rule.id == "ITEM_MISSING" for c in changes):
        return "missing"
    if any(c.rule.severity == "error" for c in changes):
        return "lower"
    if any(c.rule.severity == "info" and c.rule.category in BETTER for c in changes):
        return "higher"
    return "same"


def compliance_for(snapshot) -> dict[str, Any]:
    """Compliance of every county's list in force with its parent list, from the snapshot's compared edges
    (:class:`generator.checking.PolicySnapshot`). Returns::

        {
          "checked": bool,            # False: no check results (every page says 尚无检查结果)
          "regions": {
            "<county code>": {
              "status": "pass" | "fail",                       # the county list as a whole: 符合 / 不符合
              "parent": {"code", "name", "revision"},          # the list it was checked against
              "findings": [generator.findings.Finding, ...],   # every difference the check reports, with rule IDs
                                                               # (the editors' page of the county)
              "public": [{"severity", "item", "text"}, ...],   # the same, told to a citizen: the rule's public
                                                               # wording, no rule ID, file or command; "item" is
                                                               # {number, id, name} or None
              "items": {                                       # keyed by the parent item's id
                "<item id>": {"status": "same" | "higher" | "lower" | "missing", "detail": "optional text"},
              },
            },
          },
        }
    """
    regions: dict[str, Any] = {}
    for code, edge in sorted(snapshot.edges.items()):
        findings = list(edge.findings)
        by_item: dict[str, list] = {}
        for change in edge.changes:
            by_item.setdefault(change.item["id"], []).append(change)
        items = {}
        for item in edge.parent.content.items:
            changes = by_item.get(item.id, [])
            items[item.id] = {"status": changes_status(changes),
                                 "detail": "；".join(c.message for c in changes if c.rule.severity != "info") or None}
        regions[code] = {
            "status": "fail" if any(f.severity == "error" for f in findings) else "pass",
            "parent": {"code": edge.parent.region_code, "name": edge.parent.region_name,
                       "revision": edge.parent.revision_id},
            "findings": findings,
            "public": _public(edge),
            "items": items,
        }
    return {"checked": bool(regions), "regions": regions}


def _public(edge) -> list[dict[str, Any]]:
    """Every finding of the edge as a citizen reads it, in the findings' order (the changes, then PARENT_OUTDATED)."""
    told = [{"severity": str(c.rule.severity), "item": c.item, "text": c.public} for c in edge.changes]
    if edge.outdated_from:
        rule = RULES["PARENT_OUTDATED"]
        told.append({"severity": str(rule.severity), "item": None,
                     "text": rule.public_text(parent=edge.parent.region_name, named=edge.outdated_from,
                                              current=edge.parent.revision_id)})
    return told


def item_status(result: dict[str, Any], code: str, item_id: str) -> dict[str, Any] | None:
    """The check's verdict on one item of one county, or None when there is none."""
    entry = result.get("regions", {}).get(code, {}).get("items", {}).get(item_id)
    if entry is None:
        return None
    if isinstance(entry, str):
        entry = {"status": entry}
    status = entry.get("status")
    if status not in ITEM_STATUS_LABELS:
        return None
    return {"status": status, "label": ITEM_STATUS_LABELS[status],
            "detail": entry.get("detail") or ITEM_STATUS_DETAIL[status]}


def region_status(result: dict[str, Any], code: str) -> dict[str, Any] | None:
    """{status, label, parent, findings, public} for one county, or None when it was not checked."""
    entry = result.get("regions", {}).get(code)
    if not entry or entry.get("status") not in REGION_STATUS_LABELS:
        return None
    return {"status": entry["status"], "label": REGION_STATUS_LABELS[entry["status"]],
            "parent": entry.get("parent"), "findings": list(entry.get("findings", [])),
            "public": list(entry.get("public", []))}
