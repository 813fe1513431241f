"""Evaluates every item of a compiled list for one person: status, reasons per criterion, resolved benefits.

Besides the facts still to give, a result says why the text itself leaves it open (``reasons``, e.g.
"以能力评估认定为准") and which readings of the text it rests on (``interpretations``: every definition marked
``interpretation: true`` that decided it, with the official words it reads and why). A fact the person did not
give may be estimated from others (a definition with ``estimate``: the ability level from everyday activities): the
results that depend on it stay unknown, never eligible, and only say what the estimate suggests. Benefits of which only one
applies (``alternatives``, e.g. the care tiers of item 16) are also said once, together; a benefit in an ``overlap``
group must never be added to another of the same group (the text does not say whether both are paid).
"""
from __future__ import annotations

from typing import Any

from ..model.condition import Condition, Outcome, Scope, combine
from ..model.content import Content, Item
from ..model.terms import Term
from ..model.vocabulary import Vocabulary
from .money import monthly_money
from .profile import SITUATIONS_KEY, validate_profile

STATUS_BY_VALUE = {True: "eligible", False: "ineligible", None: "conditional"}
RESULT_BY_VALUE = {True: "met", False: "not_met", None: "unknown"}


def criteria(eligibility: Condition) -> tuple[Condition, ...]:
    """The top-level conditions a person must meet, each reported separately."""
    if eligibility.op == "all" and eligibility.label is None:
        return eligibility.children
    return (eligibility,)


class Engine:
    """A compiled list prepared once (parsed into the typed model, texts rendered up front) and evaluated for many
    profiles. ``content`` is the list's typed content when the caller already has it (it is parsed otherwise)."""

    def __init__(self, compiled: dict, content: Content | None = None):
        self.compiled = compiled
        self.content = content or Content.parse(compiled)
        self.facts = Vocabulary.from_json(compiled["facts"]).facts
        self.definitions = self.content.definitions
        self.situations = self.content.situations
        self.parameters = self.content.parameters
        self.overlaps = self.content.overlaps
        self.wording = self.content.wording(self.facts)
        self.interpretations = {
            name: {"id": name, "label": d.label, "text": d.text, "reads": d.reads, "why": d.why}
            for name, d in self.definitions.items() if d.interpretation}
        self.estimates = {d.estimate.fact: (name, d) for name, d in self.definitions.items() if d.estimate}
        self._items = [self._prepare(item) for item in self.content.items]

    def text(self, condition: Condition) -> str:
        """A condition in plain Chinese."""
        return condition.text(self.wording)

    def _prepare(self, item: Item) -> dict:
        prepared = [(c, self.text(c), sorted(c.facts_used(self.definitions))) for c in criteria(item.eligibility)]
        terms = [(t, self._shown(t)) for t in item.terms]
        alternatives: dict[str, list[Term]] = {}
        for term in item.terms:
            if term.alternatives:
                alternatives.setdefault(term.alternatives, []).append(term)
        return {"item": item, "criteria": prepared, "terms": terms,
                "alternatives": {label: group for label, group in alternatives.items() if len(group) > 1}}

    def _estimated(self, scope: Scope) -> tuple[dict[str, Outcome], dict[str, set[str]]]:
        """For each estimated fact the person did not give: what its estimate says (only once the estimate's own
        facts decide it), and the estimate's facts still unanswered (asked in the fact's place)."""
        said, asks = {}, {}
        for fact, (name, definition) in self.estimates.items():
            if fact in scope.facts:
                continue
            outcome = definition.condition.evaluate(scope)
            asks[fact] = outcome.missing
            if outcome.value is not None:
                reason = definition.estimate.holds if outcome.value else definition.estimate.fails
                said[fact] = Outcome(None, reasons=(reason,), interpretations=(name,) if definition.interpretation else ())
        return said, asks

    # -- evaluation -------------------------------------------------------------------------------------------
    def evaluate(self, profile: Any) -> dict:
        """The result for every item, in 序号 order. Raises ProfileError for an invalid profile."""
        facts = validate_profile(profile, self.facts, self.situations)
        situations = facts.pop(SITUATIONS_KEY, {})
        said, asks = self._estimated(Scope(facts, situations, self.definitions, self.parameters)) \
            if self.estimates else ({}, {})
        scope = Scope(facts, situations, self.definitions, self.parameters, said)
        results = [self._evaluate_item(p, scope) for p in self._items]
        relevant = self._deciding(results)
        for fact in [f for f in relevant if asks.get(f)]:  # asked also through the estimate's facts, right after it
            at = relevant.index(fact) + 1
            relevant[at:at] = [name for name in self.facts if name in asks[fact] and name not in relevant]
        for result in results:
            del result["_relevant"]
        self._mark_overlaps(results)
        return {
            "region": self.compiled["region"],
            "list": self.compiled["list"],
            "results": results,
            "deciding_facts": relevant,
            "money": monthly_money(results),
        }

    def _deciding(self, results: list[dict]) -> list[str]:
        """The facts not yet given that can still change a result (of an item not ruled out), those that can change
        the most items first, then in the vocabulary's order: the calculator asks them in this order."""
        counts: dict[str, int] = {}
        for result in results:
            if result["status"] != "ineligible":
                for name in result["_relevant"]:
                    counts[name] = counts.get(name, 0) + 1
        order = list(self.facts)
        return sorted(counts, key=lambda name: (-counts[name], order.index(name)))

    def _detail(self, outcome: Outcome, used: list[str], facts: dict) -> str:
        if outcome.value is None:
            asks = [self.facts[name].label for name in used if name in outcome.missing]
            asks += [self.situations[key] for key in sorted(outcome.situations)]
            parts = (["请补充：" + "、".join(asks)] if asks else []) + list(outcome.reasons)
            return "未知" + ("，" if asks else "：") + "；".join(parts) if parts else "未知"
        known = [name for name in used if name in facts]
        shown = "，".join(self.facts[n].value_text(facts[n], phrase=True) for n in known)
        return ("是" if outcome.value else "否") + (f"（{shown}）" if shown else "")

    def _evaluate_item(self, prepared: dict, scope: Scope) -> dict:
        item: Item = prepared["item"]
        official = item.official
        results, outcomes = [], []
        for condition, text, used in prepared["criteria"]:
            outcome = condition.evaluate(scope)
            outcomes.append(outcome)
            results.append({"text": text, "result": RESULT_BY_VALUE[outcome.value],
                            "detail": self._detail(outcome, used, scope.facts)})
        overall = combine(outcomes, decisive=False) if len(outcomes) > 1 else outcomes[0]  # the eligibility's parts
        status = STATUS_BY_VALUE[overall.value]
        benefits, relevant, readings = [], set(overall.missing), list(overall.interpretations)
        for term, shown in prepared["terms"]:
            benefit, outcome = self._benefit(term, shown, scope)
            if outcome is not None:
                relevant |= outcome.missing
                if status != "ineligible":
                    readings += outcome.interpretations
            if benefit is not None:
                benefits.append(benefit)
        why_not = next((c["text"] for c in results if c["result"] == "not_met"), None) if status == "ineligible" else None
        readings = set(readings)
        return {
            "number": item.number,
            "id": item.id,
            "name": official["name"],
            "status": status,
            "benefits": benefits,
            "alternatives": self._alternatives(prepared, benefits),
            "criteria": results,
            "missing": [name for name in self.facts if name in overall.missing],
            "situations": [{"id": key, "text": self.situations[key]} for key in sorted(overall.situations)],
            "reasons": list(overall.reasons),
            "interpretations": [entry for name, entry in self.interpretations.items() if name in readings],
            "why_not": why_not,
            "department": official["department"],
            "type": official["service_type"],
            "target_group": official["target_group"],
            "local": item.local,
            "_relevant": relevant,
        }

    # -- benefits ---------------------------------------------------------------------------------------------
    def _shown(self, term: Term) -> dict:
        """What a benefit shows whatever the profile (prepared once): texts, resolved values, marks."""
        text, value, example = term.describe(self.parameters)
        return {"id": term.id, "label": term.label, "kind": term.KIND, "text": text, "applies": "yes",
                "when": self.text(term.when) if term.when is not None else None, "reasons": [],
                "open": term.MEASURED and value is None,
                "example": example, "alternatives": term.alternatives,
                "overlap": {"group": term.overlap, "text": self.overlaps[term.overlap], "with": []}
                if term.overlap else None,
                **term.benefit(value)}

    def _benefit(self, term: Term, shown: dict, scope: Scope) -> tuple[dict | None, Outcome | None]:
        """The benefit as the person sees it (None when its condition rules it out), and that condition's outcome.
        Each result gets its own dicts: callers may change them."""
        outcome = None
        benefit = {key: dict(value) if isinstance(value, dict) else value for key, value in shown.items()}
        if term.when is not None:
            outcome = term.when.evaluate(scope)
            if outcome.value is False:
                return None, None
            if outcome.value is None:
                benefit["applies"], benefit["reasons"] = "maybe", list(outcome.reasons)
        if benefit["overlap"]:
            benefit["overlap"]["with"] = []
        return benefit, outcome

    def _alternatives(self, prepared: dict, benefits: list[dict]) -> list[dict]:
        """Each group of listed benefits of which only one applies, said once (e.g. "每人每月不低于100元或200元").

        A group appears when more than one of its benefits is still listed; which one applies is then for the
        assessment (its reasons) or for the facts still to give.
        """
        if not prepared["alternatives"]:
            return []
        listed = {b["id"]: b for b in benefits}
        out = []
        for label, group in prepared["alternatives"].items():
            terms = [t for t in group if t.id in listed]
            if len(terms) < 2:
                continue
            resolved = [t.resolve(self.parameters) for t in terms]
            members = [listed[t.id] for t in terms]
            reasons = list(dict.fromkeys(r for b in members for r in b["reasons"]))
            text = Term.together(terms, [v for v, _, _ in resolved], [e for _, e, _ in resolved])
            out.append({"label": label, "text": "，".join([text, *reasons]), "terms": [t.id for t in terms],
                        "reasons": reasons, "example": any(b["example"] for b in members)})
        return out

    @staticmethod
    def _mark_overlaps(results: list[dict]) -> None:
        """Every shown benefit of an overlap group names the others shown in other items (never to be summed)."""
        shown = [(r, b) for r in results if r["status"] != "ineligible" for b in r["benefits"] if b["overlap"]]
        for result, benefit in shown:
            benefit["overlap"]["with"] = [
                {"number": other["number"], "item": other["name"], "id": b["id"], "label": b["label"]}
                for other, b in shown if other is not result and b["overlap"]["group"] == benefit["overlap"]["group"]]


def evaluate(compiled: dict, profile: Any) -> dict:
    return Engine(compiled).evaluate(profile)
