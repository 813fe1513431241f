"""Property (issue order 3, acceptance 4): whatever a derivation does, if the check accepts it then nobody loses.

Random derivations of the real city list (mostly widening and raising, sometimes narrowing and lowering) and random
complete profiles: when the check reports no error, every item eligible in the city is eligible in the county and every
amount or count is at least, and every time limit at most, the city's. When it reports narrowing, its counter-example
really is eligible in the city and not in the county.
"""
from __future__ import annotations

import copy
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from generator.compare.lists import compare_lists
from generator.derive.materialize import materialize
from generator.engine import Engine
from generator.loading.repository import load_repository
from generator.loading.yamlsafe import YamlDocument
from generator.model.compile import compile_list
from generator.model.policy import Derivation
from generator.model.terms import KINDS
from tests.conftest import POLICY

REPO = load_repository(POLICY)
CITY = next(r for r in REPO.revisions if r.region_code == "140200")
FACTS = REPO.vocabulary.to_json()
VOCABULARY = REPO.vocabulary.facts
CITY_ENGINE = Engine(compile_list(CITY, REPO.vocabulary))
RANK = {"eligible": 2, "conditional": 1, "ineligible": 0}  # 可以享受 > 可能 > 暂不符合


def fact_value(name: str):
    fact = FACTS[name]
    if fact["type"] == "boolean":
        return st.booleans()
    if fact["type"] == "enum":
        return st.sampled_from(sorted(fact["values"]))
    if fact["type"] == "integer":
        return st.integers(int(fact["min"]), int(fact["max"]))
    return st.integers(0, 40)


profiles = st.fixed_dictionaries({name: fact_value(name) for name in FACTS}).flatmap(
    lambda facts: st.fixed_dictionaries({"situations": st.fixed_dictionaries(
        {key: st.booleans() for key in CITY.data["situations"]})}).map(lambda s: {**facts, **s}))


def atom():
    return st.sampled_from(sorted(FACTS)).flatmap(lambda name: fact_value(name).map(
        lambda value: {"fact": name, "ge": value} if FACTS[name]["type"] in ("integer", "number")
        else {"fact": name, "eq": value}))


def tweak(condition: dict, draw) -> dict:
    """Shift numeric thresholds (mostly down) and grow or shrink membership lists."""
    condition = copy.deepcopy(condition)
    stack = [condition]
    while stack:
        node = stack.pop()
        stack.extend(node.get("all", []) + node.get("any", []) + ([node["not"]] if "not" in node else []))
        if "ge" in node and node["fact"] == "age" and draw(st.booleans()):
            node["ge"] = max(0, min(150, node["ge"] + draw(st.integers(-10, 2))))
        if "in" in node and draw(st.booleans()):
            domain = sorted(FACTS[node["fact"]].get("values", {})) or list(range(5))
            node["in"] = sorted(set(draw(st.lists(st.sampled_from(domain), min_size=1, max_size=len(domain)))),
                                key=str)
    return condition


@st.composite
def derivations(draw) -> dict:
    items = {}
    for item in draw(st.lists(st.sampled_from(CITY.items), max_size=5, unique_by=lambda i: i["id"])):
        change = {}
        how = draw(st.sampled_from(["any", "replace", "none"]))
        if how == "any":
            change["eligibility_any"] = draw(atom())
        elif how == "replace":
            change["eligibility"] = tweak(item["eligibility"], draw)
        terms = {}
        for term in item["terms"]:
            if term["kind"] in ("amount", "count", "time_limit") and not isinstance(term["value"], dict) \
                    and draw(st.booleans()):
                factor = draw(st.sampled_from([0.5, 0.9, 1, 1.2, 2]))
                terms[term["id"]] = {"value": term["value"] * factor}
            elif term["kind"] == "discount" and draw(st.booleans()):
                terms[term["id"]] = {"payable": draw(st.sampled_from([0, 0.5, 1]))}
        if terms:
            change["terms"] = terms
        items[item["id"]] = change
    parameters = {
        # free transit is each county's own to implement (有条件的县区同步实施): not implementing it is no narrowing,
        # so the property, about what a county must keep, is drawn with it implemented
        "free_public_transport": {"value": True},
        "local_dibao_standard": {"value": draw(st.integers(300, 1200))},
        "old_age_allowance_80_99": {"value": draw(st.integers(0, 200))},
        "nursing_subsidy_standard": {"value": draw(st.sampled_from([80, 100, 150]))},
    }
    return {"kind": "derivation", "list_id": "property-county", "title": "性质测试县", "region":
            {"code": "140299", "name": "性质测试县"}, "parent": {"region": "140200", "revision": CITY.revision_id},
            "revision": {"id": "2024-05-01", "issuer": "测试", "published": "2024-05-01", "effective": "2024-05-01"},
            "parameters": parameters, "items": items}


def amounts(result: dict) -> dict:
    values = {}
    for benefit in result["benefits"]:
        for kind in ("amount", "count", "time_limit"):
            if kind in benefit and benefit["applies"] == "yes" and benefit[kind]["value"] is not None:
                values[benefit["id"]] = (kind, benefit[kind]["value"], benefit[kind].get("period"))
    return values


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=derivations(), people=st.lists(profiles, min_size=5, max_size=5))
def test_accepted_derivations_never_leave_anyone_worse_off(data, people):
    derivation = Derivation(data, YamlDocument("county.yaml", data, {}), "county.yaml")
    county, problems = materialize(CITY, derivation)
    assert not problems
    changes = compare_lists(CITY, county, VOCABULARY, require_filled=True)
    errors = [c for c in changes if c.rule.severity == "error"]
    county_engine = Engine(compile_list(county, REPO.vocabulary))
    for change in errors:
        if change.counterexample is not None and change.rule.id == "ELIGIBILITY_NARROWED":
            number = change.item["number"]
            before = CITY_ENGINE.evaluate(change.counterexample)["results"][number - 1]["status"]
            after = county_engine.evaluate(change.counterexample)["results"][number - 1]["status"]
            assert RANK[before] > RANK[after], (before, after)
    if errors:
        return
    for person in people:
        city, local = CITY_ENGINE.evaluate(person)["results"], county_engine.evaluate(person)["results"]
        for before, after in zip(city, local):
            assert RANK[after["status"]] >= RANK[before["status"]], (before["name"], person)
            if before["status"] == "eligible":
                old, new = amounts(before), amounts(after)
                for term_id, (kind, value, period) in old.items():
                    assert term_id in new, (before["name"], term_id)
                    if KINDS[kind].HIGHER_IS_BETTER:
                        assert new[term_id][1] >= value - 1e-9, (before["name"], term_id)
                    else:
                        assert new[term_id][1] <= value + 1e-9, (before["name"], term_id)
