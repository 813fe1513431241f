"""Evaluates every item of a compiled list for one person: status, reasons per criterion, resolved benefits."""
from __future__ import annotations

from .logic import Outcome, evaluate as evaluate_condition, facts_used
from .profile import SITUATIONS_KEY, validate_profile
from .render import condition_text, number, term_text, value_text

STATUS_BY_VALUE = {True: "eligible", False: "ineligible", None: "conditional"}
RESULT_BY_VALUE = {True: "met", False: "not_met", None: "unknown"}


def _criteria(eligibility: dict) -> list[dict]:
    """The top-level conditions a person must meet, each reported separately."""
    if "all" in eligibility and "label" not in eligibility:
        return list(eligibility["all"])
    return [eligibility]


class Engine:
    """A compiled list prepared once (texts rendered up front) and evaluated for many profiles."""

    def __init__(self, compiled: dict):
        self.compiled = compiled
        self.facts = compiled["facts"]
        self.definitions = compiled.get("definitions", {})
        self.situations = compiled.get("situations", {})
        self.parameters = compiled.get("parameters", {})
        self._items = [self._prepare(item) for item in compiled["items"]]

    def _text(self, condition: dict) -> str:
        return condition_text(condition, self.facts, self.definitions, self.situations)

    def _prepare(self, item: dict) -> dict:
        criteria = [(c, self._text(c), sorted(facts_used(c, self.definitions))) for c in _criteria(item["eligibility"])]
        terms = [(t, self._text(t["when"]) if "when" in t else None) for t in item["terms"]]
        return {"item": item, "criteria": criteria, "terms": terms}

    # -- evaluation -------------------------------------------------------------------------------------------
    def evaluate(self, profile: dict) -> dict:
        """The result for every item, in 序号 order. Raises ProfileError for an invalid profile."""
        facts = validate_profile(profile, self.facts, self.situations)
        situations = facts.pop(SITUATIONS_KEY, {})
        results = [self._evaluate_item(p, facts, situations) for p in self._items]
        relevant = sorted({name for r in results if r["status"] != "ineligible" for name in r["_relevant"]},
                          key=list(self.facts).index)
        for result in results:
            del result["_relevant"]
        return {
            "region": self.compiled["region"],
            "list": self.compiled["list"],
            "results": results,
            "deciding_facts": relevant,
        }

    def _detail(self, outcome: Outcome, used: list[str], facts: dict) -> str:
        if outcome.value is None:
            asks = [self.facts[name]["label"] for name in used if name in outcome.missing]
            asks += [self.situations[key] for key in sorted(outcome.situations)]
            return "未知，请补充：" + "、".join(asks) if asks else "未知"
        known = [name for name in used if name in facts]
        shown = "，".join(
            value_text(self.facts[n], facts[n], phrase=True) for n in known)
        return ("是" if outcome.value else "否") + (f"（{shown}）" if shown else "")

    def _evaluate_item(self, prepared: dict, facts: dict, situations: dict) -> dict:
        item = prepared["item"]
        official = item["official"]
        criteria, outcomes = [], []
        for condition, text, used in prepared["criteria"]:
            outcome = evaluate_condition(condition, facts, situations, self.definitions)
            outcomes.append(outcome)
            criteria.append({"text": text, "result": RESULT_BY_VALUE[outcome.value],
                             "detail": self._detail(outcome, used, facts)})
        overall = evaluate_condition(item["eligibility"], facts, situations, self.definitions)
        status = STATUS_BY_VALUE[overall.value]
        benefits, relevant = [], set(overall.missing)
        for term, when_text in prepared["terms"]:
            benefit, missing = self._benefit(term, when_text, facts, situations)
            relevant |= missing
            if benefit is not None:
                benefits.append(benefit)
        why_not = next((c["text"] for c in criteria if c["result"] == "not_met"), None) if status == "ineligible" else None
        return {
            "number": item["number"],
            "id": item["id"],
            "name": official["name"],
            "status": status,
            "benefits": benefits,
            "criteria": criteria,
            "missing": [name for name in self.facts if name in overall.missing],
            "situations": [{"id": key, "text": self.situations[key]} for key in sorted(overall.situations)],
            "why_not": why_not,
            "department": official["department"],
            "type": official["service_type"],
            "target_group": official["target_group"],
            "local": bool(item.get("local")),
            "_relevant": relevant,
        }

    # -- benefits ---------------------------------------------------------------------------------------------
    def resolve_value(self, term: dict) -> tuple[float | None, str, bool]:
        """(number or None when left open, explanation of a formula or open value, whether it is an example)."""
        value = term.get("value")
        if not isinstance(value, dict):
            return value, "", bool(term.get("example"))
        parameter = self.parameters[value["param"]]
        times = value.get("times", 1)
        example = bool(term.get("example") or parameter.get("example"))
        base = parameter.get("value")
        multiple = f"的{number(times)}倍" if times != 1 else ""
        if base is None:
            if times == 1:
                return None, parameter["text"], example
            return None, f"{parameter['label']}{multiple}（{parameter['text']}）", example
        if times == 1:
            return base, "", example
        return base * times, f"{parameter['label']}{number(base)}{parameter['unit']}{multiple}", example

    def _benefit(self, term: dict, when_text: str | None, facts: dict, situations: dict) -> tuple[dict | None, set]:
        applies, missing = "yes", set()
        if "when" in term:
            outcome = evaluate_condition(term["when"], facts, situations, self.definitions)
            if outcome.value is False:
                return None, set()
            if outcome.value is None:
                applies, missing = "maybe", outcome.missing
        value, explanation, example = self.resolve_value(term)
        kind = term["kind"]
        text = term_text(term, value, explanation)
        if value is not None and explanation:
            text += f"（{explanation}）"
        benefit = {"id": term["id"], "label": term["label"], "kind": kind, "text": text, "applies": applies,
                   "when": when_text, "open": kind in ("amount", "count", "time_limit") and value is None,
                   "example": example}
        if kind == "amount":
            benefit["amount"] = {"value": value, "unit": term["unit"], "period": term.get("period"),
                                 "per": term.get("per"), "bound": term["bound"]}
        elif kind == "count":
            benefit["count"] = {"value": value, "unit": term["unit"], "period": term.get("period"), "bound": term["bound"]}
        elif kind == "time_limit":
            benefit["time_limit"] = {"value": value, "unit": term["unit"], "bound": term["bound"]}
        elif kind == "discount":
            benefit["discount"] = {"payable": term["payable"]}
        return benefit, missing


def evaluate(compiled: dict, profile: dict) -> dict:
    return Engine(compiled).evaluate(profile)
