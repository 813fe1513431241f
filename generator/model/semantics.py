"""Checks the schema cannot express: names that must exist, values that must fit a fact's domain, numbering.

It reads the typed content (:class:`~generator.model.content.Content`): conditions through their one
:meth:`~generator.model.condition.Condition.walk`, each leaf's operand checked against the part of the list its
operator names (``refers_to`` in the operator table).
"""
from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any

from ..findings import ERROR, Finding, Rule, RuleSet
from .condition import COMPARISONS, Condition
from .content import Content, Item
from .policy import ListRevision
from .vocabulary import Fact, Vocabulary

RULES = RuleSet(
    "含义检查（名称、取值、编号）",
    Rule("UNKNOWN_DEFINITION", ERROR, "含义", "条件引用（ref）了清单中没有的定义", "引用了不存在的定义“{name}”",
         "请先在 definitions 中定义它"),
    Rule("UNKNOWN_SITUATION", ERROR, "含义", "条件引用了清单中没有写明的情形", "引用了不存在的情形“{name}”",
         "请先在 situations 中写明它"),
    Rule("UNKNOWN_PARAMETER", ERROR, "含义", "条件或标准引用了清单中没有声明的参数", "引用了不存在的参数“{name}”",
         "请先在 parameters 中声明它"),
    Rule("PARAMETER_KIND", ERROR, "含义", "条件引用了数值参数，或标准的数值引用了是/否参数",
         {"condition": "参数“{name}”是数值，不能作为条件", "standard": "参数“{name}”的取值是 true 或 false，不能作为标准的数值"},
         {"condition": "条件中的参数应写 value: true 或 false（是否实施）；数值参数用在服务标准的 value: {{param: …}} 中",
          "standard": "服务标准的 value: {{param: …}} 应引用数值参数；是/否参数用在条件中：{{param: …}}"}),
    Rule("UNKNOWN_FACT", ERROR, "含义", "条件比较了词表中没有的事实", "词表中没有事实“{name}”",
         "可用的事实见 policy/vocabulary.yaml"),
    Rule("CONDITION_SHAPE", ERROR, "含义", "事实比较的写法不对：没有或多于一个比较运算符，或运算符没有和 fact 一起写",
         {"count": "事实“{name}”的比较必须恰好有一个运算符（{operators}），现在有 {count} 个",
          "stray": "比较运算符只能与 fact 一起使用"},
         {"count": "多个比较请放进 all 或 any 列表", "stray": ""}),
    Rule("VALUE_OUT_OF_DOMAIN", ERROR, "含义", "比较的值不在事实的取值范围内（或对非数值的事实比较大小）",
         {"ordering": "“{name}”（{label}）不是数值，不能比较大小",
          "range": "{value} 超出了“{name}”（{label}）的取值范围（{domain}）",
          "value": "{value} 不是“{name}”（{label}）的有效取值，允许：{domain}"}),
    Rule("DEFINITION_CYCLE", ERROR, "含义", "定义直接或间接引用了它自己", "定义“{name}”直接或间接引用了它自己",
         "请去掉循环引用"),
    Rule("ITEM_NUMBERING", ERROR, "含义", "项目序号不是从 1 开始连续编号", "序号应为 {expected}，实际是 {actual}",
         "序号必须从 1 开始连续编号，并按顺序排列"),
    Rule("DUPLICATE_ID", ERROR, "含义", "项目标识或同一项目中的标准条目标识重复",
         {"item": "项目标识“{id}”与第 {number} 项重复", "term": "同一项目中标准条目标识“{id}”重复"}),
    Rule("UNKNOWN_OVERLAP", ERROR, "含义", "标准引用了 overlaps 中没有写明的不得相加组",
         "引用了不存在的不得相加组“{name}”", "请先在 overlaps 中写明这一组及其说明"),
    Rule("UNKNOWN_FACT_GROUP", ERROR, "含义", "词表中的事实属于一个 fact_groups 中没有写明的分组",
         "事实“{fact}”的分组“{name}”在 fact_groups 中没有写明", "请在 fact_groups 中写明这一组的 title 和 help"),
)
_UNKNOWN = {"definitions": "UNKNOWN_DEFINITION", "situations": "UNKNOWN_SITUATION", "parameters": "UNKNOWN_PARAMETER"}


def _suggest(name: str, known) -> str:
    close = difflib.get_close_matches(name, list(known), n=1)
    return f"是不是想写“{close[0]}”？" if close else ""


def _value_problem(fact: Fact, test: str, value: Any) -> dict | None:
    """The VALUE_OUT_OF_DOMAIN variant and fields when the constant does not fit the fact, else None."""
    fields = {"name": fact.name, "label": fact.label, "domain": fact.domain_text()}
    if COMPARISONS[test].ordering:
        if not fact.numeric:
            return {"variant": "ordering", **fields}
        if not (fact.min <= value <= fact.max):
            return {"variant": "range", "value": value, **fields}
        return None
    for one in value if COMPARISONS[test].many else [value]:
        if not fact.accepts(one):
            return {"variant": "value", "value": repr(one), **fields}
    return None


class _ListChecker:
    def __init__(self, revision: ListRevision, vocabulary: Vocabulary, checked: ListRevision | None = None):
        self.revision = revision
        self.vocabulary = vocabulary
        self.content: Content = revision.content
        self.findings: list[Finding] = []
        # Parts shared, as the very same objects, with an already checked list (a derivation's parent) need no
        # second look: a derived list re-checks only what its derivation changed.
        shared = checked.data if checked is not None else {"items": [], "definitions": {}}
        self.checked_ids = {id(part) for part in [*shared["items"], *shared.get("definitions", {}).values(),
                                                  *shared.get("situation_questions", {}).values()]}

    def error(self, rule: str, pointer: tuple, **fields) -> None:
        self.findings.append(RULES[rule].at(self.revision.locate(pointer), **fields))

    def run(self) -> list[Finding]:
        data = self.revision.data.get("definitions", {})
        for name, definition in self.content.definitions.items():
            if id(data[name]) not in self.checked_ids:
                self.check_condition(definition.condition, ("definitions", name, "condition"))
                if definition.estimate is not None and definition.estimate.fact not in self.vocabulary.facts:
                    self.error("UNKNOWN_FACT", ("definitions", name, "estimate", "fact"), name=definition.estimate.fact,
                               hint=_suggest(definition.estimate.fact, self.vocabulary.facts)
                               or RULES["UNKNOWN_FACT"].hint)
        self.check_situation_questions()
        self.check_definition_cycles()
        self.check_items()
        return self.findings

    def check_situation_questions(self) -> None:
        """Each plain question asks about a situation the list states (a question inherited as is was checked)."""
        for key, question in self.revision.data.get("situation_questions", {}).items():
            if key not in self.content.situations and id(question) not in self.checked_ids:
                self.error("UNKNOWN_SITUATION", ("situation_questions", key), name=key,
                           hint=_suggest(key, self.content.situations) or RULES["UNKNOWN_SITUATION"].hint)

    def names(self, space: str) -> Mapping[str, Any]:
        return getattr(self.content, space)

    def check_condition(self, condition: Condition, pointer: tuple) -> None:
        for node, at in condition.walk(pointer):
            space = node.operator.refers_to
            if space == "parameters":
                self.check_parameter(node.operand, at + ("param",), condition=True)
            elif space is not None and node.operand not in self.names(space):
                known = self.names(space)
                rule = RULES[_UNKNOWN[space]]
                self.error(_UNKNOWN[space], at + (node.op,), name=node.operand,
                           hint=_suggest(node.operand, known) or rule.hint)
            if node.op == "fact":
                self.check_atom(node, at)
            elif node.stray:
                self.error("CONDITION_SHAPE", at, variant="stray")

    def check_atom(self, node: Condition, at: tuple) -> None:
        name = node.operand
        fact = self.vocabulary.facts.get(name)
        if fact is None:
            self.error("UNKNOWN_FACT", at + ("fact",), name=name,
                       hint=_suggest(name, self.vocabulary.facts) or RULES["UNKNOWN_FACT"].hint)
            return
        count = (node.test is not None) + len(node.stray)
        if count != 1:
            self.error("CONDITION_SHAPE", at, variant="count", name=name, operators="、".join(COMPARISONS),
                       count=count)
            return
        problem = _value_problem(fact, node.test, node.value)
        if problem:
            self.error("VALUE_OUT_OF_DOMAIN", at + (node.test,), **problem)

    def check_parameter(self, name: str, at: tuple, condition: bool) -> None:
        """A parameter must exist; a condition reads a yes/no one, a standard a number."""
        parameters = self.content.parameters
        if name not in parameters:
            self.error("UNKNOWN_PARAMETER", at, name=name,
                       hint=_suggest(name, parameters) or RULES["UNKNOWN_PARAMETER"].hint)
            return
        value = parameters[name].value
        if condition and value is not None and not isinstance(value, bool):
            self.error("PARAMETER_KIND", at, variant="condition", name=name)
        elif not condition and isinstance(value, bool):
            self.error("PARAMETER_KIND", at, variant="standard", name=name)

    def check_definition_cycles(self) -> None:
        definitions = self.content.definitions

        def refs(name: str) -> set[str]:
            return {node.operand for node, _ in definitions[name].condition.walk() if node.op == "ref"}

        for start in definitions:
            stack, seen = [start], set()
            while stack:
                for target in refs(stack.pop()) & definitions.keys():
                    if target == start:
                        self.error("DEFINITION_CYCLE", ("definitions", start), name=start)
                        stack = []
                        break
                    if target not in seen:
                        seen.add(target)
                        stack.append(target)

    def check_items(self) -> None:
        data = self.revision.data["items"]
        seen_ids: dict[str, int] = {}
        for index, item in enumerate(self.content.items):
            at = ("items", index)
            if item.number != index + 1:
                self.error("ITEM_NUMBERING", at + ("number",), expected=index + 1, actual=item.number)
            if item.id in seen_ids:
                self.error("DUPLICATE_ID", at + ("id",), variant="item", id=item.id, number=seen_ids[item.id])
            seen_ids.setdefault(item.id, index + 1)
            if id(data[index]) not in self.checked_ids:
                self.check_condition(item.eligibility, at + ("eligibility",))
                self.check_terms(item, at)

    def check_terms(self, item: Item, at: tuple) -> None:
        overlaps = self.content.overlaps
        term_ids: set[str] = set()
        for index, term in enumerate(item.terms):
            t_at = at + ("terms", index)
            if term.id in term_ids:
                self.error("DUPLICATE_ID", t_at + ("id",), variant="term", id=term.id)
            term_ids.add(term.id)
            if term.param is not None:
                self.check_parameter(term.param, t_at + ("value", "param"), condition=False)
            if term.overlap is not None and term.overlap not in overlaps:
                self.error("UNKNOWN_OVERLAP", t_at + ("overlap",), name=term.overlap,
                           hint=_suggest(term.overlap, overlaps) or RULES["UNKNOWN_OVERLAP"].hint)
            if term.when is not None:
                self.check_condition(term.when, t_at + ("when",))


def check_vocabulary(document, vocabulary: Vocabulary) -> list[Finding]:
    """Every fact's group is declared in ``fact_groups`` (``document`` locates the vocabulary file's keys)."""
    return [RULES["UNKNOWN_FACT_GROUP"].at(document.locate(("facts", fact.name, "group")), fact=fact.name,
                                           name=fact.group,
                                           hint=_suggest(fact.group, vocabulary.groups) or RULES["UNKNOWN_FACT_GROUP"].hint)
            for fact in vocabulary.facts.values() if fact.group and fact.group not in vocabulary.groups]


def check_list(revision: ListRevision, vocabulary: Vocabulary, checked: ListRevision | None = None) -> list[Finding]:
    """Every semantic problem of a list; parts shared with ``checked`` (already checked) are skipped."""
    return _ListChecker(revision, vocabulary, checked).run()
