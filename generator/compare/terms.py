"""Direction-aware comparison of one standard term in the parent and in the child.

Each kind knows which way is better for the citizen: amounts and counts higher, time limits and the payable share of a
discount lower. Amounts per different periods are compared per year. Values given by formulas are evaluated with the
child's own parameters where the parent leaves them open or marks them local (e.g. 1.3 × the county's 低保 standard).
"""
from __future__ import annotations

from dataclasses import dataclass

from ..engine.render import discount_text, number

PER_YEAR = {"日": 365, "周": 52, "月": 12, "季": 4, "年": 1}
BETTER_HIGHER = {"amount": True, "count": True, "time_limit": False, "discount": False}
_WEAKER_BOUND = {True: {"min": 2, "exact": 1, "max": 0}, False: {"max": 2, "exact": 1, "min": 0}}


@dataclass
class TermChange:
    rule: str
    message: str
    parent_value: float | None = None
    child_value: float | None = None


def resolve(term: dict, parameters: dict, fallback: dict) -> float | None:
    """A term's number: literal, or parameter × times; an open parameter is looked up in ``fallback``."""
    if term["kind"] == "discount":
        return term["payable"]
    value = term.get("value")
    if not isinstance(value, dict):
        return value
    base = parameters.get(value["param"], {}).get("value")
    if base is None:
        base = fallback.get(value["param"], {}).get("value")
    return None if base is None else base * value.get("times", 1)


def _show(term: dict, value: float) -> str:
    if term["kind"] == "discount":
        return discount_text(value)
    period = f"每{term['period']}" if term.get("period") else ""
    return f"{period}{number(value)}{term['unit']}"


def compare_term(parent: dict, child: dict, parent_params: dict, child_params: dict) -> list[TermChange]:
    label = parent["label"]
    kind = parent["kind"]
    if kind == "text":
        return []
    if child["kind"] != kind:
        return [TermChange("TERM_KIND_CHANGED", f"“{label}”的类型由 {kind} 改成了 {child['kind']}")]
    if kind != "discount" and child.get("unit") != parent.get("unit"):
        return [TermChange("UNIT_MISMATCH", f"“{label}”的单位由“{parent.get('unit')}”改成了“{child.get('unit')}”")]
    # a local parameter (当地低保标准) is each place's own fact: the parent's formula uses the child's value
    local = {name: p for name, p in child_params.items() if p.get("local") or parent_params.get(name, {}).get("local")}
    old = resolve(parent, {**parent_params, **local}, child_params)
    new = resolve(child, child_params, {})
    if old is None or new is None:
        return []  # an open value: reported as PARAMETER_UNFILLED
    higher = BETTER_HIGHER[kind]
    changes = []
    parent_open = resolve(parent, parent_params, {}) is None
    if kind in ("amount", "count") and parent.get("period") != child.get("period"):
        if parent.get("period") and child.get("period"):
            old_cmp, new_cmp = old * PER_YEAR[parent["period"]], new * PER_YEAR[child["period"]]
        elif parent_open and not parent.get("period"):
            old_cmp, new_cmp = old, new  # the parent left amount and period to the child
        else:
            return [TermChange("UNIT_MISMATCH", f"“{label}”的周期由“{parent.get('period') or '无'}”改成了"
                                                f"“{child.get('period') or '无'}”")]
    else:
        old_cmp, new_cmp = old, new
    shown = f"由{_show(parent, old)}改为{_show(child, new)}"
    if new_cmp != old_cmp:
        worse = new_cmp < old_cmp if higher else new_cmp > old_cmp
        rule = {("amount", True): "AMOUNT_LOWERED", ("amount", False): "AMOUNT_RAISED",
                ("count", True): "COUNT_LOWERED", ("count", False): "COUNT_RAISED",
                ("discount", True): "DISCOUNT_LOWERED", ("discount", False): "DISCOUNT_RAISED",
                ("time_limit", True): "TIME_LIMIT_LENGTHENED", ("time_limit", False): "TIME_LIMIT_SHORTENED"}[kind, worse]
        changes.append(TermChange(rule, f"“{label}”{shown}", old, new))
    if kind != "discount":
        ranks = _WEAKER_BOUND[higher]
        if ranks[child["bound"]] < ranks[parent["bound"]] and child["bound"] != "exact":
            names = {"min": "不低于", "max": "不超过", "exact": "固定为"}
            changes.append(TermChange("BOUND_WEAKENED", f"“{label}”由“{names[parent['bound']]}”改成了"
                                                        f"“{names[child['bound']]}”", old, new))
    return changes
