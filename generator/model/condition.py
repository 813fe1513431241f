"""Eligibility conditions: one type (:class:`Condition`), one :meth:`~Condition.walk`, and one table of operators.

A condition is a tree. Its leaves compare a person fact with constants (``{fact: age, ge: 80}``), name a definition
of the list (``ref``), a situation the person answers (``situation``), a yes/no parameter of the list (``param``), or
a point the text itself leaves open (``undecided``); ``all``, ``any`` and ``not`` combine conditions. Each operator
is one row of :data:`OPERATORS`: its name, its arity, how it evaluates, how it reads in Chinese, what the exhaustive
comparison enumerates for it, how it expands for that comparison, and which part of the list its operand names. The
fact comparisons (``eq``, ``ge``, ``in``…) are the rows of :data:`COMPARISONS`. The JSON Schema of a condition is
generated from both tables (:mod:`generator.model.schemas`).

Evaluation is three-valued (Kleene): a fact missing from the profile is unknown (None). Kleene logic is monotone:
adding facts can only turn unknown into true or false, never flip a definite answer. Two leaves no profile decides:

- ``{undecided: 以能力评估认定为准}`` is always unknown (可能可以享受), with that text as the reason and no fact to ask
  for; it is never definite, so monotonicity holds;
- ``{param: free_public_transport}`` is true or false when the list states the parameter, and unknown, with the
  parameter's text as the reason, when it does not.

Standard library only: the rules engine evaluates these very objects in the browser.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from .text import join_or, number

TRUE, FALSE, UNKNOWN = True, False, None
LEAF, ONE, MANY = "leaf", "one", "many"  # an operator's arity: an operand, one condition, a list of conditions


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


@dataclass(frozen=True, slots=True)
class Scope:
    """What a condition is evaluated against: the person's facts and situations, and the list's definitions and
    parameters (:class:`~generator.model.content.Definition`, :class:`~generator.model.content.Parameter`)."""

    facts: Mapping[str, Any]
    situations: Mapping[str, Any] = field(default_factory=dict)
    definitions: Mapping[str, Any] = field(default_factory=dict)
    parameters: Mapping[str, Any] = field(default_factory=dict)
    estimates: Mapping[str, Outcome] = field(default_factory=dict)
    """A missing fact -> what an estimate says of it (the ability level from everyday activities): an unknown
    outcome whose reasons and interpretations every comparison of that fact carries. Never a value."""


@dataclass(frozen=True)
class Wording:
    """What a condition needs to read in Chinese: the facts (:class:`~generator.model.vocabulary.Fact`), and the
    list's definitions, situations and parameters."""

    facts: Mapping[str, Any]
    definitions: Mapping[str, Any] = field(default_factory=dict)
    situations: Mapping[str, str] = field(default_factory=dict)
    parameters: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Comparison:
    """One way a fact atom compares the person's value with its constant (``{fact: age, ge: 80}``)."""

    name: str
    holds: Callable[[Any, Any], bool]
    value: str  # the constant's JSON Schema shape: "scalar", "number" or "scalars"
    says: str = ""  # how an enum value or a list of them reads: 为 / 不是
    age: str = ""  # how a fact in 周岁 reads, e.g. "年满{v}{u}"
    numeric: str = ""  # how another number reads, e.g. "{l}不少于{v}{u}"

    @property
    def ordering(self) -> bool:
        """Compares sizes: only a numeric fact can be compared so."""
        return self.value == "number"

    @property
    def many(self) -> bool:
        """Takes a list of values."""
        return self.value == "scalars"


COMPARISONS: dict[str, Comparison] = {c.name: c for c in [
    Comparison("eq", lambda a, b: a == b, "scalar", "为", "{v}{u}", "{l}为{v}{u}"),
    Comparison("ne", lambda a, b: a != b, "scalar", "不是", "不是{v}{u}", "{l}不为{v}{u}"),
    Comparison("lt", lambda a, b: a < b, "number", age="未满{v}{u}", numeric="{l}少于{v}{u}"),
    Comparison("le", lambda a, b: a <= b, "number", age="不超过{v}{u}", numeric="{l}不超过{v}{u}"),
    Comparison("gt", lambda a, b: a > b, "number", age="超过{v}{u}", numeric="{l}多于{v}{u}"),
    Comparison("ge", lambda a, b: a >= b, "number", age="年满{v}{u}", numeric="{l}不少于{v}{u}"),
    Comparison("in", lambda a, b: a in b, "scalars", "为"),
    Comparison("not_in", lambda a, b: a not in b, "scalars", "不是"),
]}


@dataclass(frozen=True)
class Condition:
    """One node of a condition tree. ``operand`` is a leaf's argument: the fact, definition, situation or parameter
    it names, or the text of an ``undecided`` point; a fact atom's ``test`` is one of :data:`COMPARISONS` and
    ``value`` its constant (a tuple for ``in``/``not_in``). ``stray`` holds comparison keys the operator does not
    take (a second one on a fact, any on another operator): the semantic check reports them."""

    op: str
    children: tuple["Condition", ...] = ()
    operand: Any = None
    test: str | None = None
    value: Any = None
    label: str | None = None
    stray: tuple[str, ...] = ()

    @classmethod
    def parse(cls, data: Mapping[str, Any]) -> "Condition":
        """A condition as written in a policy file or a compiled list (already valid against the schema)."""
        op = next((name for name in OPERATORS if name in data), None)
        if op is None:
            raise ValueError(f"condition without operator: {dict(data)!r}")
        tests = [name for name in COMPARISONS if name in data]
        test = tests.pop(0) if op == "fact" and tests else None
        arity = OPERATORS[op].arity
        children = tuple(cls.parse(c) for c in data[op]) if arity == MANY else (cls.parse(data[op]),) \
            if arity == ONE else ()
        value = data[test] if test else None
        return cls(op, children, data[op] if arity == LEAF else None, test,
                   tuple(value) if isinstance(value, list) else value, data.get("label"), tuple(tests))

    @classmethod
    def fact(cls, name: str, test: str, value: Any) -> "Condition":
        return cls("fact", operand=name, test=test, value=tuple(value) if isinstance(value, list) else value)

    @property
    def operator(self) -> "Operator":
        return OPERATORS[self.op]

    def walk(self, pointer: tuple = ()) -> Iterator[tuple["Condition", tuple]]:
        """Every node with its pointer (the keys and indexes that reach it in the file), parents first."""
        yield self, pointer
        arity = self.operator.arity
        for index, child in enumerate(self.children):
            yield from child.walk(pointer + ((self.op, index) if arity == MANY else (self.op,)))

    def evaluate(self, scope: Scope) -> Outcome:
        return self.operator.evaluate(self, scope)

    def text(self, wording: Wording, nested: bool = False) -> str:
        """E.g. {all: [age >= 80, ref economically_difficult]} -> "年满80周岁，且属于经济困难老年人"."""
        if self.label is not None:
            return self.label
        return self.operator.render(self, wording, nested)

    def expanded(self, definitions: Mapping[str, Any], parameters: Mapping[str, Any] | None = None) -> "Condition":
        """The condition with every definition reference replaced by the definition's own condition and, when
        ``parameters`` are given (as the comparison needs), every yes/no parameter by its value: :data:`ALWAYS`,
        :data:`NEVER`, or ``undecided`` with the parameter's text when the list does not state it. No labels."""
        return self.operator.expand(self, definitions, parameters)

    def atoms(self) -> Iterator[tuple[str, str, tuple]]:
        """What an exhaustive comparison must enumerate: ("fact", name, numeric constants) and
        ("situation", key, ()) for every such leaf."""
        for node, _ in self.walk():
            yield from node.operator.atoms(node)

    def facts_used(self, definitions: Mapping[str, Any]) -> set[str]:
        """Every fact the condition reads, through definitions."""
        used: set[str] = set()
        for node, _ in self.walk():
            if node.op == "fact":
                used.add(node.operand)
            elif node.op == "ref":
                used |= definitions[node.operand].condition.facts_used(definitions)
        return used


def comparisons_of(data: Any, fact: str, test: str) -> list[tuple]:
    """Where a condition as written (a policy file's mapping) compares ``fact`` by ``test`` (e.g. age ``ge``): the
    pointers of those leaves, in reading order; [] for data that is not a valid condition. With
    :func:`constant_at` and :func:`set_constant`, an editor (the 县区清单编制 page) changes a threshold in place."""
    try:
        condition = Condition.parse(data)
    except (ValueError, TypeError, KeyError, AttributeError):
        return []
    return [pointer for node, pointer in condition.walk()
            if node.op == "fact" and node.operand == fact and node.test == test]


def _leaf_at(data: Any, pointer: tuple) -> dict:
    for step in pointer:
        data = data[step]
    return data


def constant_at(data: Any, pointer: tuple) -> Any:
    """The constant of the comparison at ``pointer`` (from :func:`comparisons_of`) in the condition as written."""
    leaf = _leaf_at(data, pointer)
    return leaf[next(name for name in COMPARISONS if name in leaf)]


def set_constant(data: Any, pointer: tuple, value: Any) -> None:
    """Change, in place, the constant of the comparison at ``pointer`` in the condition as written."""
    leaf = _leaf_at(data, pointer)
    leaf[next(name for name in COMPARISONS if name in leaf)] = value


ALWAYS, NEVER = Condition("all"), Condition("any")  # an empty conjunction holds for everyone, a disjunction for no one


def fact_constants(conditions) -> tuple[dict[str, set], set[str]]:
    """The numbers each fact is compared with in ``conditions`` (every fact read has an entry, perhaps empty), and
    the situations they read: what an exhaustive comparison enumerates (each operator's ``atoms``)."""
    constants: dict[str, set] = {}
    situations: set[str] = set()
    for condition in conditions:
        for kind, name, values in condition.atoms():
            if kind == "situation":
                situations.add(name)
            else:
                constants.setdefault(name, set()).update(values)
    return constants, situations


# -- how each operator evaluates ----------------------------------------------------------------------------------
def _union(groups: list[tuple[str, ...]]) -> tuple[str, ...]:
    """The entries of every group, in order, once (the engine runs per keystroke: the common cases stay cheap)."""
    groups = [group for group in groups if group]
    if len(groups) < 2:
        return groups[0] if groups else ()
    return tuple(dict.fromkeys(entry for group in groups for entry in group))


def combine(outcomes: list[Outcome], decisive: bool) -> Outcome:
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


def _evaluate_fact(node: Condition, scope: Scope) -> Outcome:
    value = scope.facts.get(node.operand)
    if value is None:
        estimate = scope.estimates.get(node.operand)
        if estimate is not None:  # still unknown: an estimate explains, it never decides
            return Outcome(UNKNOWN, {node.operand}, reasons=estimate.reasons, interpretations=estimate.interpretations)
        return Outcome(UNKNOWN, {node.operand})
    return Outcome(COMPARISONS[node.test].holds(value, node.value))


def _evaluate_ref(node: Condition, scope: Scope) -> Outcome:
    definition = scope.definitions[node.operand]
    inner = definition.condition.evaluate(scope)
    if definition.interpretation and node.operand not in inner.interpretations:
        inner.interpretations = (node.operand, *inner.interpretations)
    return inner


def _evaluate_situation(node: Condition, scope: Scope) -> Outcome:
    value = scope.situations.get(node.operand)
    return Outcome(value, set(), {node.operand}) if value is None else Outcome(bool(value))


def _evaluate_param(node: Condition, scope: Scope) -> Outcome:
    parameter = scope.parameters[node.operand]
    value = parameter.value
    return Outcome(value) if isinstance(value, bool) else Outcome(UNKNOWN, reasons=(parameter.text,))


def _evaluate_not(node: Condition, scope: Scope) -> Outcome:
    inner = node.children[0].evaluate(scope)
    if inner.value is not None:
        inner.value = not inner.value
    return inner


# -- how each operator reads --------------------------------------------------------------------------------------
def _fact_text(node: Condition, wording: Wording, nested: bool) -> str:
    fact = wording.facts[node.operand]
    comparison, value = COMPARISONS[node.test], node.value
    if fact.type == "boolean":
        positive = (node.test == "eq") == bool(value)
        return fact.phrase_true if positive else fact.phrase_false
    if comparison.many:
        return f"{fact.label}{comparison.says}{join_or([fact.value_text(v) for v in value])}"
    if (fact.type == "enum" or fact.value_labels) and node.test in ("eq", "ne"):
        return f"{fact.label}{comparison.says}{fact.value_text(value)}"
    words = comparison.age if fact.unit == "周岁" and not (fact.type == "enum" or fact.value_labels) \
        else comparison.numeric
    return words.format(l=fact.label, v=number(value), u=fact.unit)


def parameter_condition_text(parameter: Any) -> str:
    """A yes/no parameter as a condition: its label, with the text's own words when the list does not state it."""
    example = "（示例）" if parameter.example else ""
    if parameter.value is None:
        return f"{parameter.label}（{parameter.text}）"
    return (parameter.label if parameter.value else f"未{parameter.label}") + example


def _not_text(node: Condition, wording: Wording, nested: bool) -> str:
    inner = node.children[0]
    if inner.op == "ref" and inner.label is None:
        return f"不属于{wording.definitions[inner.operand].label}"
    return f"不符合：{inner.text(wording, True)}"


def _joined_text(glue: str) -> Callable[[Condition, Wording, bool], str]:
    def render(node: Condition, wording: Wording, nested: bool) -> str:
        parts = [child.text(wording, True) for child in node.children]
        text = glue.join(parts) if len(parts) > 1 else parts[0]
        return f"（{text}）" if nested and len(parts) > 1 else text
    return render


# -- what the comparison enumerates, and how it expands -----------------------------------------------------------
def _fact_atoms(node: Condition) -> tuple:
    values = node.value if isinstance(node.value, tuple) else (node.value,)
    numbers = tuple(v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool))
    return (("fact", node.operand, numbers),)


def _no_atoms(node: Condition) -> tuple:
    return ()


def _expand_leaf(node: Condition, definitions, parameters) -> Condition:
    return dataclasses.replace(node, label=None)


def _expand_ref(node: Condition, definitions, parameters) -> Condition:
    return definitions[node.operand].condition.expanded(definitions, parameters)


def _expand_param(node: Condition, definitions, parameters) -> Condition:
    if parameters is None:
        return _expand_leaf(node, definitions, parameters)
    parameter = parameters[node.operand]
    if not isinstance(parameter.value, bool):
        return Condition("undecided", operand=parameter.text)
    return ALWAYS if parameter.value else NEVER


def _expand_children(node: Condition, definitions, parameters) -> Condition:
    return dataclasses.replace(node, label=None,
                               children=tuple(c.expanded(definitions, parameters) for c in node.children))


@dataclass(frozen=True)
class Operator:
    """One row of the operator table."""

    name: str
    arity: str  # LEAF, ONE or MANY
    evaluate: Callable[[Condition, Scope], Outcome]
    render: Callable[[Condition, Wording, bool], str]
    atoms: Callable[[Condition], tuple] = _no_atoms
    expand: Callable[[Condition, Mapping, Mapping | None], Condition] = _expand_leaf
    operand: str = ""  # the operand's JSON Schema shape: "identifier" or "text" (a leaf's)
    refers_to: str | None = None  # the part of the list a leaf's operand names, checked to exist
    summary: str = ""  # what it means, for the schema's description of a condition
    description: str = ""  # for the schema, when the operand needs explaining


OPERATORS: dict[str, Operator] = {o.name: o for o in [
    Operator("fact", LEAF, _evaluate_fact, _fact_text, _fact_atoms, operand="identifier",
             summary="事实比较（fact + 一个运算符）"),
    Operator("all", MANY, lambda node, scope: combine([c.evaluate(scope) for c in node.children], decisive=False),
             _joined_text("，且"), expand=_expand_children, summary="all（且）"),
    Operator("any", MANY, lambda node, scope: combine([c.evaluate(scope) for c in node.children], decisive=True),
             _joined_text("，或"), expand=_expand_children, summary="any（或）"),
    Operator("not", ONE, _evaluate_not, _not_text, expand=_expand_children, summary="not（非）"),
    Operator("ref", LEAF, _evaluate_ref, lambda node, w, nested: f"属于{w.definitions[node.operand].label}",
             expand=_expand_ref, operand="identifier", refers_to="definitions", summary="ref（引用定义）"),
    Operator("situation", LEAF, _evaluate_situation, lambda node, w, nested: w.situations[node.operand],
             lambda node: (("situation", node.operand, ()),), operand="identifier", refers_to="situations",
             summary="situation（情形）"),
    Operator("undecided", LEAF, lambda node, scope: Outcome(UNKNOWN, reasons=(node.operand,)),
             lambda node, w, nested: node.operand, operand="text",
             summary="undecided（原文把这一点留给有关部门认定或县区决定）",
             description="原文不能据以判断、留给有关部门认定或由县区决定的一点，写明原因，例如“以能力评估认定为准”："
                         "结果总是“可能可以享受”，原因随结果显示，不向市民追问事实"),
    Operator("param", LEAF, _evaluate_param, lambda node, w, nested: parameter_condition_text(
        w.parameters[node.operand]), expand=_expand_param, operand="identifier", refers_to="parameters",
             summary="param（清单的是/否参数）",
             description="引用一个是/否参数（parameters 中 value 为 true 或 false）：未写明时为“可能可以享受”，"
                         "原因是该参数的 text"),
]}
