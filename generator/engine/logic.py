"""Three-valued (Kleene) evaluation of conditions: a fact missing from the profile is unknown (None).

Kleene logic is monotone: adding facts can only turn unknown into true or false, never flip a definite answer.

Besides facts and situations, a condition can hold two leaves that no profile decides:

- ``{undecided: 以能力评估认定为准}``: the text leaves the question to an official assessment or to the county. It is
  always unknown (可能可以享受), with that text as the reason and no fact to ask for; it is never definite, so
  monotonicity holds.
- ``{param: free_public_transport}``: a yes/no value of the list itself (a parameter, e.g. whether a county
  implements free transit). True or false when the list states it; unknown, with the parameter's text as the reason,
  when it does not.
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


@dataclass(slots=True)
class Outcome:
    value: bool | None
    missing: set[str] = field(default_factory=set)  # unknown facts that could still decide this
    situations: set[str] = field(default_factory=set)  # undecided situations that could still decide this
    reasons: tuple[str, ...] = ()  # why the text itself leaves this open (an assessment, the county), in order
    interpretations: tuple[str, ...] = ()  # definitions marked `interpretation: true` the value rests on

    @property
    def settled(self) -> bool:
        """Nothing the person could still add changes the value (unknown only for a reason of the text's own)."""
        return not self.missing and not self.situations


def operator_of(atom: dict) -> str:
    for op in OPERATORS:
        if op in atom:
            return op
    raise ValueError(f"condition without operator: {atom!r}")


def _union(groups: list[tuple[str, ...]]) -> tuple[str, ...]:
    """The entries of every group, in order, once (the engine runs per keystroke: the common cases stay cheap)."""
    groups = [group for group in groups if group]
    if len(groups) < 2:
        return groups[0] if groups else ()
    return tuple(dict.fromkeys(entry for group in groups for entry in group))


def evaluate(condition: dict, facts: dict, situations: dict, definitions: dict,
             parameters: dict | None = None) -> Outcome:
    if "fact" in condition:
        name = condition["fact"]
        if facts.get(name) is None:
            return Outcome(UNKNOWN, {name})
        op = operator_of(condition)
        return Outcome(_COMPARE[op](facts[name], condition[op]))
    if "ref" in condition:
        definition = definitions[condition["ref"]]
        inner = evaluate(definition["condition"], facts, situations, definitions, parameters)
        if definition.get("interpretation") and condition["ref"] not in inner.interpretations:
            inner.interpretations = (condition["ref"], *inner.interpretations)
        return inner
    if "situation" in condition:
        key = condition["situation"]
        value = situations.get(key)
        return Outcome(value, set(), {key}) if value is None else Outcome(bool(value))
    if "undecided" in condition:
        return Outcome(UNKNOWN, reasons=(condition["undecided"],))
    if "param" in condition:
        parameter = (parameters or {})[condition["param"]]
        value = parameter.get("value")
        return Outcome(value) if isinstance(value, bool) else Outcome(UNKNOWN, reasons=(parameter["text"],))
    if "not" in condition:
        inner = evaluate(condition["not"], facts, situations, definitions, parameters)
        if inner.value is not None:
            inner.value = not inner.value
        return inner
    if "all" in condition:
        return _combine([evaluate(c, facts, situations, definitions, parameters) for c in condition["all"]],
                        decisive=False)
    if "any" in condition:
        return _combine([evaluate(c, facts, situations, definitions, parameters) for c in condition["any"]],
                        decisive=True)
    raise ValueError(f"unknown condition: {condition!r}")


def all_of(outcomes: list[Outcome]) -> Outcome:
    """The outcome of an ``all`` whose parts are already evaluated."""
    return _combine(outcomes, decisive=False)


def _combine(outcomes: list[Outcome], decisive: bool) -> Outcome:
    """AND (decisive=False: one false decides) or OR (decisive=True: one true decides).

    A decided value rests on one deciding part (the one with the fewest interpretations: any of them is enough);
    any other value rests on every part.
    """
    deciding = [o for o in outcomes if o.value is decisive]
    if deciding:
        least = min(deciding, key=lambda o: len(o.interpretations)) if len(deciding) > 1 else deciding[0]
        return Outcome(decisive, interpretations=least.interpretations)
    interpretations = _union([o.interpretations for o in outcomes])
    unknown = [o for o in outcomes if o.value is None]
    if not unknown:
        return Outcome(not decisive, interpretations=interpretations)
    return Outcome(UNKNOWN, set().union(*(o.missing for o in unknown)), set().union(*(o.situations for o in unknown)),
                   _union([o.reasons for o in unknown]), interpretations)


def facts_used(condition: dict, definitions: dict) -> set[str]:
    """Every fact a condition reads, through definitions."""
    if "fact" in condition:
        return {condition["fact"]}
    if "ref" in condition:
        return facts_used(definitions[condition["ref"]]["condition"], definitions)
    children = condition.get("all") or condition.get("any") or ([condition["not"]] if "not" in condition else [])
    return set().union(set(), *(facts_used(c, definitions) for c in children))
