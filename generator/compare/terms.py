"""Direction-aware comparison of one standard term in the parent and in the child.

Each kind knows which way is better for the citizen: amounts and counts higher, time limits and the payable share of a
discount lower. Amounts per different periods are compared per year. Values given by formulas are evaluated with the
child's own parameters where the parent leaves them open or marks them local (e.g. 1.3 × the county's 低保 standard).

Every change is told twice: ``message`` says what changed (for the diff between two revisions, read by citizens), and
``advice`` tells the editor of a list that must not be weaker what the parent requires, what the child wrote and what
to write instead.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from ..engine.render import discount_text, number, term_text
from .conditions import parameters_in_place

PER_YEAR = {"日": 365, "周": 52, "月": 12, "季": 4, "年": 1}
BETTER_HIGHER = {"amount": True, "count": True, "time_limit": False, "discount": False}
_WEAKER_BOUND = {True: {"min": 2, "exact": 1, "max": 0}, False: {"max": 2, "exact": 1, "min": 0}}
KIND_NAMES = {"amount": "金额", "count": "次数", "time_limit": "办理时限", "discount": "优惠", "text": "文字"}
BOUND_NAMES = {"min": "不低于", "max": "不超过", "exact": "固定为"}


@dataclass(frozen=True)
class Sides:
    """How an editor's message names the parent list and the child: ("市清单", "本县")."""

    parent: str
    child: str


@dataclass
class TermChange:
    rule: str
    message: str
    advice: str
    parent_value: float | None = None
    child_value: float | None = None
    hint: str = ""


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


def _required(term: dict, value: float | None, parameters: dict) -> str:
    """What a term asks for in words, with the formula behind a computed amount: "每人每月不低于988元（…的1.3倍）"."""
    if value is None:
        return ""
    text = term_text(term, value)
    formula = term.get("value")
    if isinstance(formula, dict):
        label = parameters.get(formula["param"], {}).get("label", formula["param"])
        times = formula.get("times", 1)
        text += f"（{label}的{number(times)}倍）" if times != 1 else f"（{label}）"
    return text


def _fix(parent: dict, child: dict, target: float, higher: bool) -> str:
    """What the child must write: the parent's floor (or ceiling) in the child's own period, e.g. "不低于70元"."""
    bound = parent.get("bound", "exact")
    if bound == "exact":
        bound = "min" if higher else "max"
    period = child.get("period") if child.get("period") != parent.get("period") else None
    return term_text({**parent, "bound": bound, "per": None, "period": period}, target)


def _param_hint(parent: dict, child: dict, child_params: dict, target: float, higher: bool) -> str:
    """When the child's amount comes from its own parameter, the number to give that parameter instead."""
    formula = child.get("value")
    if not isinstance(formula, dict) or formula["param"] not in child_params:
        return ""
    times = formula.get("times", 1)
    needed = _rounded(target / times, higher)
    label = child_params[formula["param"]].get("label", formula["param"])
    word = "不低于" if higher else "不超过"
    return (f"这里的数值来自参数“{label}”（{formula['param']}）"
            + (f"的{number(times)}倍" if times != 1 else "") + f"：请把该参数的 value 改为{word}{number(needed)}{child['unit']}")


def _period_words(term: dict) -> str:
    return f"按{term['period']}计" if term.get("period") else "不分周期"


def _rounded(value: float, up: bool) -> float:
    """To cents, in the citizen's favour (a floor rounded up, a ceiling rounded down)."""
    return (math.ceil if up else math.floor)(round(value * 100, 6)) / 100


def compare_term(parent: dict, child: dict, parent_params: dict, child_params: dict, sides: Sides,
                 subject: str = "") -> list[TermChange]:
    """``subject`` names the term in advice ("“护理补贴（全护理）”"); empty when the item's name already says it."""
    label = parent["label"]
    what = subject or "服务标准"
    kind = parent["kind"]
    if kind == "text":
        return []
    # a local parameter (当地低保标准) is each place's own fact: the parent's formula uses the child's value
    old = resolve(parent, parameters_in_place(parent_params, child_params), child_params)
    required = _required(parent, old, parent_params)
    shown_required = f"（{required}）" if required else ""
    if child["kind"] != kind:
        return [TermChange(
            "TERM_KIND_CHANGED",
            f"“{label}”的类型由{KIND_NAMES[kind]}改成了{KIND_NAMES[child['kind']]}",
            f"{sides.parent}的{what}是{KIND_NAMES[kind]}{shown_required}；{sides.child}写成了"
            f"{KIND_NAMES[child['kind']]}，无法确认不低于{sides.parent}。请改回{KIND_NAMES[kind]}（kind: {kind}）并写明数值。")]
    if kind != "discount" and child.get("unit") != parent.get("unit"):
        return [TermChange(
            "UNIT_MISMATCH",
            f"“{label}”的单位由“{parent.get('unit')}”改成了“{child.get('unit')}”",
            f"{sides.parent}的{what}以“{parent.get('unit')}”为单位{shown_required}；{sides.child}写的单位是"
            f"“{child.get('unit')}”，无法比较。请把单位改为“{parent.get('unit')}”（unit: {parent.get('unit')}），"
            f"并按“{parent.get('unit')}”填写数值。")]
    new = resolve(child, child_params, {})
    if old is None or new is None:
        return []  # an open value: reported as PARAMETER_UNFILLED
    higher = BETTER_HIGHER[kind]
    changes = []
    parent_open = resolve(parent, parent_params, {}) is None
    if kind in ("amount", "count") and parent.get("period") != child.get("period"):
        if parent.get("period") and child.get("period"):
            old_cmp, new_cmp = old * PER_YEAR[parent["period"]], new * PER_YEAR[child["period"]]
            target = _rounded(old_cmp / PER_YEAR[child["period"]], higher)  # the parent's floor per the child's period
        elif parent_open and not parent.get("period"):
            old_cmp, new_cmp, target = old, new, old  # the parent left amount and period to the child
        else:
            fix = f"写 period: {parent['period']}" if parent.get("period") else "删除 period"
            return [TermChange(
                "UNIT_MISMATCH",
                f"“{label}”的周期由“{parent.get('period') or '无'}”改成了“{child.get('period') or '无'}”",
                f"{sides.parent}的{what}{_period_words(parent)}{shown_required}；{sides.child}写的是"
                f"{_period_words(child)}，无法比较。请{fix}，与{sides.parent}一致。")]
    else:
        old_cmp, new_cmp, target = old, new, old
    shown = f"由{_show(parent, old)}改为{_show(child, new)}"
    if new_cmp != old_cmp:
        worse = new_cmp < old_cmp if higher else new_cmp > old_cmp
        rule = {("amount", True): "AMOUNT_LOWERED", ("amount", False): "AMOUNT_RAISED",
                ("count", True): "COUNT_LOWERED", ("count", False): "COUNT_RAISED",
                ("discount", True): "DISCOUNT_LOWERED", ("discount", False): "DISCOUNT_RAISED",
                ("time_limit", True): "TIME_LIMIT_LENGTHENED", ("time_limit", False): "TIME_LIMIT_SHORTENED"}[kind, worse]
        advice, hint = "", ""  # an improvement is told as it is
        if worse and kind == "discount":
            advice = (f"{sides.parent}要求{subject}{required}；{sides.child}写的是{discount_text(new)}。"
                      f"请改为{discount_text(old)}（payable: {number(old)}）。")
        elif worse:
            period = f"每{child['period']}" if child.get("period") != parent.get("period") else ""
            advice = (f"{sides.parent}要求{subject}{required}；{sides.child}写的是{period}{number(new)}{child['unit']}。"
                      f"请改为{_fix(parent, child, target, higher)}。")
            hint = _param_hint(parent, child, child_params, target, higher)
        changes.append(TermChange(rule, f"“{label}”{shown}", advice, old, new, hint))
    if kind != "discount":
        ranks = _WEAKER_BOUND[higher]
        if ranks[child["bound"]] < ranks[parent["bound"]] and child["bound"] != "exact":
            changes.append(TermChange(
                "BOUND_WEAKENED",
                f"“{label}”由“{BOUND_NAMES[parent['bound']]}”改成了“{BOUND_NAMES[child['bound']]}”",
                f"{sides.parent}要求{subject}{required}；{sides.child}写的是{term_text(child, new)}。"
                f"请改为“{BOUND_NAMES[parent['bound']]}”（bound: {parent['bound']}）。", old, new))
    return changes
