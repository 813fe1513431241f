"""Three-valued (Kleene) evaluation of conditions: a fact missing from the profile is unknown (None).

Kleene logic is monotone: adding facts can only turn unknown into true or false, never flip a definite answer.
"""
from __future__ import annotations

from dataclasses import dataclass, field

TRUE, FALSE, UNKNOWN = True, False, None

_COMPARE = {
    "eq": lambda a, b: a == b,
    "ne": lambda a, b: a != b,
    "lt": lambda a, b: a < b,
    "le": lambda a, b: a <= b,
    "gt": lambda a, b: a > b,
    "ge": lambda a, b: a >= b,
    "in": lambda a, b: a in b,
    "not_in": lambda a, b: a not in b,
}
OPERATORS = tuple(_COMPARE)


@dataclass
class Outcome:
    value: bool | None
    missing: set[str] = field(default_factory=set)  # unknown facts that could still decide this
    situations: set[str] = field(default_factory=set)  # undecided situations that could still decide this


def operator_of(atom: dict) -> str:
    for op in OPERATORS:
        if op in atom:
            return op
    raise ValueError(f"condition without operator: {atom!r}")


def evaluate(condition: dict, facts: dict, situations: dict, definitions: dict) -> Outcome:
    if "fact" in condition:
        name = condition["fact"]
        if facts.get(name) is None:
            return Outcome(UNKNOWN, {name})
        op = operator_of(condition)
        return Outcome(_COMPARE[op](facts[name], condition[op]))
    if "ref" in condition:
        return evaluate(definitions[condition["ref"]]["condition"], facts, situations, definitions)
    if "situation" in condition:
        key = condition["situation"]
        value = situations.get(key)
        return Outcome(value, set(), {key}) if value is None else Outcome(bool(value))
    if "not" in condition:
        inner = evaluate(condition["not"], facts, situations, definitions)
        return Outcome(None if inner.value is None else not inner.value, inner.missing, inner.situations)
    if "all" in condition:
        return _combine([evaluate(c, facts, situations, definitions) for c in condition["all"]], decisive=False)
    if "any" in condition:
        return _combine([evaluate(c, facts, situations, definitions) for c in condition["any"]], decisive=True)
    raise ValueError(f"unknown condition: {condition!r}")


def _combine(outcomes: list[Outcome], decisive: bool) -> Outcome:
    """AND (decisive=False: one false decides) or OR (decisive=True: one true decides)."""
    if any(o.value is decisive for o in outcomes):
        return Outcome(decisive)
    unknown = [o for o in outcomes if o.value is None]
    if not unknown:
        return Outcome(not decisive)
    return Outcome(UNKNOWN, set().union(*(o.missing for o in unknown)), set().union(*(o.situations for o in unknown)))


def facts_used(condition: dict, definitions: dict) -> set[str]:
    """Every fact a condition reads, through definitions."""
    if "fact" in condition:
        return {condition["fact"]}
    if "ref" in condition:
        return facts_used(definitions[condition["ref"]]["condition"], definitions)
    children = condition.get("all") or condition.get("any") or ([condition["not"]] if "not" in condition else [])
    return set().union(set(), *(facts_used(c, definitions) for c in children))
