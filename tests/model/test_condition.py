"""One condition type, one walk, one table of operators (issue 13): every operator evaluates, reads, expands and is
enumerated through its row of generator.model.condition.OPERATORS, and nothing else in generator/ looks inside a
condition's keys."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.loading.repository import load_repository
from generator.model.condition import ALWAYS, COMPARISONS, NEVER, OPERATORS, Condition, Scope, Wording
from generator.model.content import Definition, Parameter
from generator.model.schemas import CONDITION
from tests.conftest import POLICY, ROOT

FACTS = load_repository(POLICY).vocabulary.facts
DEFINITIONS = {"old": Definition("老年人", "年满60周岁", Condition.fact("age", "ge", 60), interpretation=True)}
PARAMETERS = {"transit": Parameter("同步实施免费乘车", "有条件的县区同步实施"),
              "yes": Parameter("已实施", "", value=True)}
SITUATIONS = {"lawsuit": "涉及权益的诉讼"}
EXAMPLES = {  # one condition per operator: (as written, facts, situations, value, words)
    "fact": ({"fact": "age", "ge": 80}, {"age": 85}, {}, True, "年满80周岁"),
    "all": ({"all": [{"fact": "age", "ge": 80}, {"ref": "old"}]}, {"age": 70}, {}, False, "年满80周岁，且属于老年人"),
    "any": ({"any": [{"fact": "age", "ge": 80}, {"situation": "lawsuit"}]}, {"age": 70}, {}, None,
            "年满80周岁，或涉及权益的诉讼"),
    "not": ({"not": {"ref": "old"}}, {"age": 70}, {}, False, "不属于老年人"),
    "ref": ({"ref": "old"}, {"age": 60}, {}, True, "属于老年人"),
    "situation": ({"situation": "lawsuit"}, {}, {"lawsuit": True}, True, "涉及权益的诉讼"),
    "undecided": ({"undecided": "以认定为准"}, {"age": 99}, {}, None, "以认定为准"),
    "param": ({"param": "transit"}, {}, {}, None, "同步实施免费乘车（有条件的县区同步实施）"),
}


def test_every_operator_has_an_example_and_the_schema_is_the_table():
    assert set(EXAMPLES) == set(OPERATORS)
    assert [next(iter(one["required"])) for one in CONDITION["oneOf"]] == list(OPERATORS)
    assert set(CONDITION["properties"]) == {*OPERATORS, *COMPARISONS, "label"}


@pytest.mark.parametrize("op", list(EXAMPLES))
def test_each_operator_evaluates_reads_expands_and_walks(op):
    data, facts, situations, value, words = EXAMPLES[op]
    condition = Condition.parse(data)
    assert condition.op == op
    assert condition.evaluate(Scope(facts, situations, DEFINITIONS, PARAMETERS)).value is value
    assert condition.text(Wording(FACTS, DEFINITIONS, SITUATIONS, PARAMETERS)) == words
    expanded = condition.expanded(DEFINITIONS, PARAMETERS)
    assert all(node.op not in ("ref", "param") and node.label is None for node, _ in expanded.walk())
    assert expanded.evaluate(Scope(facts, situations)).value is value  # the comparison reads the expanded form


def test_walk_gives_each_node_its_pointer_in_the_file():
    condition = Condition.parse({"all": [{"fact": "age", "ge": 80}, {"not": {"any": [{"ref": "old"}]}}]})
    assert [(node.op, pointer) for node, pointer in condition.walk(("items", 0, "eligibility"))] == [
        ("all", ("items", 0, "eligibility")),
        ("fact", ("items", 0, "eligibility", "all", 0)),
        ("not", ("items", 0, "eligibility", "all", 1)),
        ("any", ("items", 0, "eligibility", "all", 1, "not")),
        ("ref", ("items", 0, "eligibility", "all", 1, "not", "any", 0)),
    ]


def test_a_yes_no_parameter_expands_to_its_value():
    assert Condition.parse({"param": "yes"}).expanded({}, PARAMETERS) == ALWAYS
    assert Condition.parse({"not": {"param": "yes"}}).expanded({}, PARAMETERS) == Condition("not", (ALWAYS,))
    assert ALWAYS.evaluate(Scope({})).value is True and NEVER.evaluate(Scope({})).value is False


def test_the_comparison_enumerates_facts_and_situations_through_the_table():
    condition = Condition.parse(EXAMPLES["any"][0])
    assert sorted(condition.atoms()) == [("fact", "age", (80,)), ("situation", "lawsuit", ())]


def test_no_other_module_reads_a_conditions_keys():
    """The six walkers issue 13 found (semantics, engine, materialise, comparison twice, site) are gone: outside the
    model's condition module, no code asks a condition for its operator keys."""
    keys = "|".join(OPERATORS)
    names = r"(?:condition|cond|node|atom|eligibility|when|inner|child|parent|definition)\w*"
    pattern = re.compile(rf'"({keys})" in {names}\b|\b{names}(?:\.get\(|\[)\s*"({keys})"')
    offenders = [f"{path.relative_to(ROOT)}:{number}" for path in (ROOT / "generator").rglob("*.py")
                 if path.name != "condition.py" or path.parent.name != "model"
                 for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if pattern.search(line)]
    assert offenders == []
