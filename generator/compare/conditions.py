"""Exact comparison of two eligibility conditions over the declared fact domains.

"Narrowed" means: some person fares worse under the child than under the parent, in the order 可以享受 (true) >
可能 (unknown) > 暂不符合 (false). A condition can stay unknown for a reason no fact removes (an ``undecided`` leaf: the
text leaves it to an assessment or to the county), so a county that turns a city 可以享受 into 可能 narrows, and one
that turns 可能 into 可以享受 widens. Conditions compare facts with constants, so every atom's truth is constant
between consecutive constants: checking one representative value per interval (and each constant itself) decides the
question over the whole, possibly infinite, domain. Only facts that either condition reads are enumerated (what each
operator contributes is its ``atoms`` in :data:`generator.model.condition.OPERATORS`); everything else cannot change
the answer. This is sound and complete: a counter-example is reported exactly when one exists.

A found counter-example is then made minimal: facts are dropped (left unknown) while the engine's three-valued logic
still gives, whatever else the person adds, a better answer under the parent than under the child, so it can be pasted
into ``qingdan eligibility``.
"""
from __future__ import annotations

import itertools
from collections.abc import Mapping
from functools import lru_cache

from ..model.condition import Condition, Scope, fact_constants
from ..model.vocabulary import Fact

MAX_ASSIGNMENTS = 2_000_000
RANK = {True: 2, None: 1, False: 0}  # 可以享受 > 可能 > 暂不符合


def _worse(parent: Condition, child: Condition, facts: dict, situations: dict) -> bool:
    """Whether the child's answer is worse than the parent's for this (possibly partial) profile, whatever the person
    still adds: both answers are settled (unknown only for a reason of the text's own, never for a missing fact)."""
    scope = Scope(facts, situations)
    before, after = parent.evaluate(scope), child.evaluate(scope)
    return before.settled and after.settled and RANK[before.value] > RANK[after.value]


def _minimise(parent: Condition, child: Condition, facts: dict, situations: dict) -> tuple[dict, dict]:
    """Drop facts and situations while the child's answer stays worse than the parent's."""
    facts, situations = dict(facts), dict(situations)
    for store in (facts, situations):
        for name in sorted(store):
            value = store.pop(name)
            if not _worse(parent, child, facts, situations):
                store[name] = value
    return facts, situations


def find_counterexample(parent: Condition, child: Condition, facts: Mapping[str, Fact]) -> dict | None:
    """A minimal profile with a worse answer under ``child`` than under ``parent`` (expanded conditions), or None."""
    if parent == child:
        return None
    constants, _ = fact_constants([parent, child])
    return _find_cached(parent, child, tuple(facts[name] for name in sorted(constants)))


@lru_cache(maxsize=65536)
def _find_cached(parent: Condition, child: Condition, facts: tuple[Fact, ...]) -> dict | None:
    constants, situation_names = fact_constants([parent, child])
    situation_names = sorted(situation_names)
    names = [fact.name for fact in facts]
    values = [fact.representatives(constants[fact.name]) for fact in facts]
    count = 1
    for domain in values:
        count *= len(domain)
    count <<= len(situation_names)
    if count > MAX_ASSIGNMENTS:
        raise ValueError(f"条件过于复杂，无法穷举比较（{count} 种组合）")
    for assignment_values in itertools.product(*values):
        assignment = dict(zip(names, assignment_values))
        for flags in itertools.product((False, True), repeat=len(situation_names)):
            situations = dict(zip(situation_names, flags))
            if _worse(parent, child, assignment, situations):
                profile, needed = _minimise(parent, child, assignment, situations)
                if needed:
                    profile["situations"] = needed
                return profile
    return None

