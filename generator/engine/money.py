"""The money a person can count on each month: the sum the calculator leads with ("每月至少可领 X 元").

Only what the text fixes is added: an item the person qualifies for (not 可能), a benefit that applies, in 元 per
person per month, exact or a floor ("不低于", so the sum is a floor too: 至少), with its value decided (not left to
the county) and not one of several tiers of which only one applies or a benefit that must not be added to another.
Every other money benefit of an item the person may get is listed with the reason it is left out, so nothing is
summed silently. A sum that includes an example value (示例: a county list of this repository) says so.
"""
from __future__ import annotations

from ..model.text import number

MONEY_UNIT = "元"
MONTH = "月"
PER_PERSON = "人"
COUNTED_BOUNDS = ("exact", "min")  # an exact amount or a floor: the person gets at least this much
LEFT_TO_ASSESSMENT = "是否可以享受还要看有关部门的认定或更多回答"


def _left_out(result: dict, benefit: dict) -> str | None:
    """Why a money benefit is not in the sum (None: it is)."""
    amount = benefit["amount"]
    if result["status"] != "eligible" or benefit["applies"] != "yes":
        return LEFT_TO_ASSESSMENT
    if benefit["open"] or amount["value"] is None:
        return "标准由县（区）确定，尚未写明"
    if benefit["alternatives"]:
        return "按认定只适用其中一档"
    if benefit["overlap"]:
        return "与其他项目的同类补贴不能相加"
    if amount["per"] not in (None, PER_PERSON):
        return f"按{amount['per']}计算，不是按人按月发放"
    if amount["period"] != MONTH:
        return "不是按月发放"
    if amount["bound"] not in COUNTED_BOUNDS:
        return "只规定了最高数额"
    return None


def monthly_money(results: list[dict]) -> dict:
    """{"total": 元, "text": "每月至少可领130元", "example": bool, "counted": [...], "not_counted": [...]} from the
    item results of :meth:`generator.engine.Engine.evaluate`; each entry names its item and benefit."""
    counted, not_counted = [], []
    for result in results:
        if result["status"] == "ineligible":
            continue
        for benefit in result["benefits"]:
            if benefit["kind"] != "amount" or benefit["amount"]["unit"] != MONEY_UNIT or benefit["applies"] == "no":
                continue
            entry = {"number": result["number"], "item": result["id"], "name": result["name"],
                     "benefit": benefit["id"], "label": benefit["label"], "text": benefit["text"],
                     "example": benefit["example"]}
            why = _left_out(result, benefit)
            if why is None:
                counted.append({**entry, "value": benefit["amount"]["value"]})
            else:
                not_counted.append({**entry, "why": why})
    total = round(sum(entry["value"] for entry in counted), 2)
    return {"total": total, "unit": MONEY_UNIT, "text": f"每月至少可领{number(total)}{MONEY_UNIT}",
            "example": any(entry["example"] for entry in counted), "counted": counted, "not_counted": not_counted}
