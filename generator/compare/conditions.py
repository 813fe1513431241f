"""Exact comparison of two eligibility conditions over the declared fact domains.

"Narrowed" means: some person fares worse under the child than under the parent, in the order 可以享受 (true) >
可能 (unknown) > 暂不符合 (false). A condition can stay unknown for a reason no fact removes (an ``undecided`` leaf: the
text leaves it to an assessment or to the county), so a county that turns a city 可以享受 into 可能 narrows, and one
that turns 可能 into 可以享受 widens. Conditions compare facts with
constants, so every atom's truth is constant between consecutive constants: checking one representative value per
interval (and each constant itself) decides the question over the whole, possibly infinite, domain. Only facts that
either condition reads are enumerated; everything else cannot change the answer. This is sound and complete: a
counter-example is reported exactly when one exists.

A found counter-example is then made minimal: facts are dropped (left unknown) while the engine's three-valued logic
still gives, whatever else the person adds, a better answer under the parent than under the child, so it can be pasted
into ``qingdan eligibility``.
"""
from __future__ import annotations

import itertools
import json
from functools import lru_cache

from ..engine.logic import evaluate, operator_of

MAX_ASSIGNMENTS = 2_000_000


ALWAYS, NEVER = {"all": []}, {"any": []}  # an empty conjunction holds for everyone, an empty disjunction for no one


def parameters_in_place(parent: dict, child: dict) -> dict:
    """The parent's parameters as they apply in the child's place: a local one (当地低保标准, whether the county
    implements free transit) is each place's own, so the child's value stands on both sides of a comparison."""
    return {**parent, **{name: p for name, p in child.items() if p.get("local") or parent.get(name, {}).get("local")}}


def expand(condition: dict, definitions: dict, parameters: dict | None = None) -> dict:
    """The condition with every definition reference replaced by the definition's own condition and, when
    ``parameters`` are given (as :func:`find_counterexample` needs), every yes/no parameter by its value:
    ``ALWAYS``, ``NEVER``, or ``undecided`` with the parameter's text when the list does not state it."""
    if "ref" in condition:
        return expand(definitions[condition["ref"]]["condition"], definitions, parameters)
    if "param" in condition and parameters is not None:
        parameter = parameters[condition["param"]]
        value = parameter.get("value")
        return {"undecided": parameter["text"]} if not isinstance(value, bool) else ALWAYS if value else NEVER
    if "not" in condition:
        return {"not": expand(condition["not"], definitions, parameters)}
    for key in ("all", "any"):
        if key in condition:
            return {key: [expand(c, definitions, parameters) for c in condition[key]]}
    return {k: v for k, v in condition.items() if k != "label"}


def _atoms(condition: dict):
    if "fact" in condition or "situation" in condition:
        yield condition
    for child in condition.get("all", ()) or condition.get("any", ()) or ([condition["not"]] if "not" in condition else []):
        yield from _atoms(child)


def _representatives(fact: dict, constants: set) -> list:
    if fact["type"] == "boolean":
        return [False, True]
    if fact["type"] == "enum":
        return list(fact["values"])
    low, high = fact["min"], fact["max"]
    if fact["type"] == "integer":
        points = {low, high}
        for c in constants:
            for p in (c - 1, c, c + 1):
                if low <= p <= high and float(p).is_integer():
                    points.add(int(p))
            # a non-integer constant: the integers around it
            points.update(p for p in (int(c // 1), int(c // 1) + 1) if low <= p <= high)
        return sorted(int(p) for p in points)
    points = sorted({low, high, *(c for c in constants if low <= c <= high)})
    mids = [(a + b) / 2 for a, b in zip(points, points[1:])]
    return sorted(set(points) | set(mids))


def _domains(conditions: list[dict], facts: dict) -> tuple[list[str], list[list], list[str]]:
    constants: dict[str, set] = {}
    situations: set[str] = set()
    for condition in conditions:
        for atom in _atoms(condition):
            if "situation" in atom:
                situations.add(atom["situation"])
                continue
            value = atom[operator_of(atom)]
            values = value if isinstance(value, list) else [value]
            constants.setdefault(atom["fact"], set()).update(
                v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool))
    names = sorted(constants)
    return names, [_representatives(facts[n], constants[n]) for n in names], sorted(situations)


RANK = {True: 2, None: 1, False: 0}  # 可以享受 > 可能 > 暂不符合


def _worse(parent: dict, child: dict, facts: dict, situations: dict) -> bool:
    """Whether the child's answer is worse than the parent's for this (possibly partial) profile, whatever the person
    still adds: both answers are settled (unknown only for a reason of the text's own, never for a missing fact)."""
    before, after = evaluate(parent, facts, situations, {}), evaluate(child, facts, situations, {})
    return before.settled and after.settled and RANK[before.value] > RANK[after.value]


def _minimise(parent: dict, child: dict, facts: dict, situations: dict) -> tuple[dict, dict]:
    """Drop facts and situations while the child's answer stays worse than the parent's."""
    facts, situations = dict(facts), dict(situations)
    for store in (facts, situations):
        for name in sorted(store):
            value = store.pop(name)
            if not _worse(parent, child, facts, situations):
                store[name] = value
    return facts, situations


def find_counterexample(parent: dict, child: dict, facts: dict) -> dict | None:
    """A minimal profile with a worse answer under ``child`` than under ``parent`` (expanded conditions), or None."""
    if parent == child:
        return None
    return _find_cached(json.dumps(parent, sort_keys=True), json.dumps(child, sort_keys=True),
                        json.dumps(facts, sort_keys=True))


@lru_cache(maxsize=65536)
def _find_cached(parent_json: str, child_json: str, facts_json: str) -> dict | None:
    parent, child, facts = json.loads(parent_json), json.loads(child_json), json.loads(facts_json)
    if parent == child:
        return None
    names, domains, situation_names = _domains([parent, child], facts)
    count = 1
    for domain in domains:
        count *= len(domain)
    count <<= len(situation_names)
    if count > MAX_ASSIGNMENTS:
        raise ValueError(f"条件过于复杂，无法穷举比较（{count} 种组合）")
    for values in itertools.product(*domains):
        assignment = dict(zip(names, values))
        for flags in itertools.product((False, True), repeat=len(situation_names)):
            situations = dict(zip(situation_names, flags))
            if _worse(parent, child, assignment, situations):
                profile, needed = _minimise(parent, child, assignment, situations)
                if needed:
                    profile["situations"] = needed
                return profile
    return None
