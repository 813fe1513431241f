"""The third value in the no-weaker check (issue 12): 可以享受 > 可能 > 暂不符合.

A condition can stay 可能 for a reason no fact removes (an ``undecided`` leaf: the text leaves the point to an
official assessment or to the county). A county that turns a city 可以享受 into 可能 narrows, one that turns 可能 into
暂不符合 narrows too, and one that turns 可能 into 可以享受 widens. A yes/no parameter marked local (free transit:
有条件的县区同步实施) is each county's own: not implementing it is no narrowing.
"""
from __future__ import annotations

import json

from generator.compare import conditions
from generator.loading.repository import load_repository
from generator.model.condition import Condition, Scope
from generator.model.content import Parameter
from tests.compare.helpers import PINGCHENG, YUNGANG, append, edit, findings_by_rule, status_of
from tests.conftest import CITY_FILE, POLICY, run_qingdan

FACTS = load_repository(POLICY).vocabulary.facts


def evaluate(condition: dict, facts: dict, situations: dict, definitions: dict):
    """A condition as written in a policy file, evaluated by the model (generator.model.condition)."""
    return Condition.parse(condition).evaluate(Scope(facts, situations, definitions))


def find_counterexample(parent: dict, child: dict, facts):
    return conditions.find_counterexample(Condition.parse(parent), Condition.parse(child), facts)


def expand(condition: dict, definitions: dict, parameters: dict | None = None) -> Condition:
    typed = None if parameters is None else {name: Parameter.parse(p) for name, p in parameters.items()}
    return Condition.parse(condition).expanded(definitions, typed)
AGE_65 = {"fact": "age", "ge": 65}
ASSESSED = {"undecided": "以能力评估认定为准"}
RANK = {"eligible": 2, "conditional": 1, "ineligible": 0}


def test_an_undecided_leaf_is_unknown_with_its_reason_and_nothing_to_ask():
    outcome = evaluate({"all": [AGE_65, ASSESSED]}, {"age": 70}, {}, {})
    assert (outcome.value, outcome.missing, outcome.situations, outcome.reasons) == (None, set(), set(),
                                                                                      ("以能力评估认定为准",))
    assert outcome.settled
    assert evaluate({"all": [AGE_65, ASSESSED]}, {"age": 60}, {}, {}).value is False  # still decided by a fact
    assert evaluate({"any": [AGE_65, ASSESSED]}, {"age": 70}, {}, {}).value is True
    assert evaluate({"not": ASSESSED}, {}, {}, {}).value is None


def test_city_eligible_county_possible_narrows_and_the_reverse_widens():
    possible = {"all": [AGE_65, ASSESSED]}
    # find_counterexample(parent, child): someone the child treats worse. City 可以享受, county 可能: narrower.
    assert find_counterexample(AGE_65, possible, FACTS) == {"age": 65}
    # City 可能, county 可以享受: nobody worse off (and the widening is the same search the other way round)
    assert find_counterexample(possible, AGE_65, FACTS) is None


def test_city_possible_county_ineligible_narrows_and_the_example_is_minimal():
    parent = {"any": [{"fact": "economic_status", "eq": "tekun"}, {"all": [AGE_65, ASSESSED]}]}
    child = {"fact": "economic_status", "eq": "tekun"}
    example = find_counterexample(parent, child, FACTS)
    assert example["age"] >= 65 and example["economic_status"] != "tekun"
    assert set(example) == {"age", "economic_status"}  # neither can be dropped: without one, the child might agree
    assert find_counterexample(child, parent, FACTS) is None


def test_the_same_undecided_point_on_both_sides_is_no_change():
    both = {"all": [AGE_65, ASSESSED]}
    assert find_counterexample(both, {"all": [{"fact": "age", "ge": 65}, {"undecided": "以能力评估认定为准"}]},
                               FACTS) is None
    # a different reason is still the same answer (可能) for everyone
    assert find_counterexample(both, {"all": [AGE_65, {"undecided": "以认定为准"}]}, FACTS) is None


def test_a_local_yes_no_parameter_is_the_childs_on_both_sides():
    condition = {"all": [AGE_65, {"param": "free_public_transport"}]}
    stated = {"free_public_transport": {"label": "实施", "text": "有条件的县区同步实施", "value": True}}
    unstated = {"free_public_transport": {"label": "实施", "text": "有条件的县区同步实施"}}
    assert expand(condition, {}, stated) == Condition.parse({"all": [AGE_65, {"all": []}]})
    assert expand(condition, {}, unstated) == Condition.parse({"all": [AGE_65, {"undecided": "有条件的县区同步实施"}]})
    assert expand(condition, {}) == Condition.parse(condition)  # without parameters: as written, for comparing texts


def test_a_county_that_makes_a_definite_item_only_possible_fails_the_check(policy_copy):
    line = append(policy_copy, YUNGANG, (
        "  health-management:\n"
        "    eligibility:\n"
        "      all:\n"
        "        - {fact: age, ge: 65}\n"
        "        - {undecided: 以县区卫健部门的安排为准}\n"))
    narrowed = findings_by_rule(policy_copy)["ELIGIBILITY_NARROWED"]
    (finding,) = [f for f in narrowed if f.extra["item"]["number"] == 6]
    assert finding.severity == "error" and line <= finding.location.line <= line + 4
    example = finding.extra["counterexample"]
    assert status_of(policy_copy, "140200", example, 6) == "eligible"
    assert status_of(policy_copy, "140214", example, 6) == "conditional"


def test_a_county_that_makes_a_possible_item_definite_widens_and_passes(policy_copy):
    """云冈区 (an example) adapts the homes of every economically difficult elderly person: 可能 becomes 可以享受."""
    append(policy_copy, YUNGANG, (
        "  home-adaptation:\n"
        "    eligibility:\n"
        "      all:\n"
        "        - {ref: elderly}\n"
        "        - {ref: economically_difficult}\n"))
    assert not [f for f in sum(findings_by_rule(policy_copy).values(), []) if f.severity == "error"]
    result = run_qingdan("compare", "140200", "140214", "--format", "json", cwd=policy_copy.parent)
    findings = [f for f in json.loads(result.stdout)["findings"] if f["extra"]["item"]["number"] == 11]
    assert [f["rule"] for f in findings] == ["ELIGIBILITY_WIDENED"], findings
    example = findings[0]["extra"]["counterexample"]
    assert RANK[status_of(policy_copy, "140214", example, 11)] > RANK[status_of(policy_copy, "140200", example, 11)]


def test_free_transit_is_each_countys_own(policy_copy):
    """Item 7: 有条件的县区同步实施. Unstated: 可能; stated true: 可以享受; stated false: 暂不符合 — never an error."""
    edit(policy_copy, PINGCHENG, "  free_public_transport:\n    value: true\n",
         "  free_public_transport:\n    value: false\n")
    grouped = findings_by_rule(policy_copy)
    assert not [f for f in sum(grouped.values(), []) if f.severity == "error"]
    assert status_of(policy_copy, "140200", {"age": 70}, 7) == "eligible"
    assert status_of(policy_copy, "140212", {"age": 70}, 7) == "conditional"  # 新荣区 does not say
    assert status_of(policy_copy, "140213", {"age": 70}, 7) == "ineligible"  # 平城区 now says it does not


def test_a_parameter_of_the_wrong_kind_and_an_unknown_overlap_group_are_errors_where_they_are_written(policy_copy):
    city = policy_copy / CITY_FILE
    text = city.read_text(encoding="utf-8")
    text = text.replace("        - {param: free_public_transport}\n", "        - {param: nursing_subsidy_standard}\n", 1)
    text = text.replace("        overlap: nursing_subsidy\n", "        overlap: nursing_subsidies\n", 1)
    city.write_text(text, encoding="utf-8")
    grouped = findings_by_rule(policy_copy)
    (kind,) = grouped["PARAMETER_KIND"]
    assert "nursing_subsidy_standard" in kind.message and kind.location.path.endswith("140200/2024-02-06.yaml")
    assert kind.location.line == text[: text.index("{param: nursing_subsidy_standard}")].count("\n") + 1
    (overlap,) = grouped["UNKNOWN_OVERLAP"]
    assert "nursing_subsidy" in overlap.hint  # the group it probably means
