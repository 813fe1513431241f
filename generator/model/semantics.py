"""Checks the schema cannot express: names that must exist, values that must fit a fact's domain, numbering."""
from __future__ import annotations

import difflib
from typing import Any, Iterator

from ..findings import Finding
from .policy import ListRevision
from .vocabulary import Fact, Vocabulary

COMPARISONS = ("eq", "ne", "lt", "le", "gt", "ge", "in", "not_in")
ORDERING = ("lt", "le", "gt", "ge")


def _suggest(name: str, known) -> str:
    close = difflib.get_close_matches(name, list(known), n=1)
    return f"是不是想写“{close[0]}”？" if close else ""


def iter_conditions(condition: dict, pointer: tuple) -> Iterator[tuple[dict, tuple]]:
    """Every node of a condition tree with its pointer, parents first."""
    yield condition, pointer
    for key in ("all", "any"):
        for index, child in enumerate(condition.get(key, ())):
            yield from iter_conditions(child, pointer + (key, index))
    if "not" in condition:
        yield from iter_conditions(condition["not"], pointer + ("not",))


def _value_problem(fact: Fact, op: str, value: Any) -> str:
    if op in ORDERING:
        if not fact.numeric:
            return f"“{fact.name}”（{fact.label}）不是数值，不能比较大小"
        if not (fact.min <= value <= fact.max):
            return f"{value} 超出了“{fact.name}”（{fact.label}）的取值范围（{fact.domain_text()}）"
        return ""
    values = value if op in ("in", "not_in") else [value]
    for one in values:
        if not fact.accepts(one):
            return f"{one!r} 不是“{fact.name}”（{fact.label}）的有效取值，允许：{fact.domain_text()}"
    return ""


class _ListChecker:
    def __init__(self, revision: ListRevision, vocabulary: Vocabulary, checked: ListRevision | None = None):
        self.revision = revision
        self.vocabulary = vocabulary
        self.data = revision.data
        self.findings: list[Finding] = []
        # Parts shared, as the very same objects, with an already checked list (a derivation's parent) need no
        # second look: a derived list re-checks only what its derivation changed.
        shared = checked.data if checked is not None else {"items": [], "definitions": {}}
        self.checked_ids = {id(part) for part in [*shared["items"], *shared.get("definitions", {}).values()]}

    def error(self, rule: str, message: str, pointer: tuple, hint: str = "") -> None:
        self.findings.append(Finding(rule, message, self.revision.locate(pointer), hint=hint))

    def run(self) -> list[Finding]:
        for name, definition in self.data.get("definitions", {}).items():
            if id(definition) not in self.checked_ids:
                self.check_condition(definition["condition"], ("definitions", name, "condition"))
        self.check_definition_cycles()
        self.check_items()
        return self.findings

    def check_condition(self, condition: dict, pointer: tuple) -> None:
        definitions = self.data.get("definitions", {})
        situations = self.data.get("situations", {})
        for node, at in iter_conditions(condition, pointer):
            if "ref" in node and node["ref"] not in definitions:
                self.error("UNKNOWN_DEFINITION", f"引用了不存在的定义“{node['ref']}”", at + ("ref",),
                           _suggest(node["ref"], definitions) or "请先在 definitions 中定义它")
            if "situation" in node and node["situation"] not in situations:
                self.error("UNKNOWN_SITUATION", f"引用了不存在的情形“{node['situation']}”", at + ("situation",),
                           _suggest(node["situation"], situations) or "请先在 situations 中写明它")
            if "param" in node:
                self.check_parameter(node["param"], at + ("param",), condition=True)
            if "fact" in node:
                self.check_atom(node, at)
            elif any(op in node for op in COMPARISONS):
                self.error("CONDITION_SHAPE", "比较运算符只能与 fact 一起使用", at)

    def check_atom(self, node: dict, at: tuple) -> None:
        name = node["fact"]
        fact = self.vocabulary.facts.get(name)
        if fact is None:
            self.error("UNKNOWN_FACT", f"词表中没有事实“{name}”", at + ("fact",),
                       _suggest(name, self.vocabulary.facts) or "可用的事实见 policy/vocabulary.yaml")
            return
        ops = [op for op in COMPARISONS if op in node]
        if len(ops) != 1:
            self.error("CONDITION_SHAPE", f"事实“{name}”的比较必须恰好有一个运算符（{'、'.join(COMPARISONS)}），"
                       f"现在有 {len(ops)} 个", at, "多个比较请放进 all 或 any 列表")
            return
        problem = _value_problem(fact, ops[0], node[ops[0]])
        if problem:
            self.error("VALUE_OUT_OF_DOMAIN", problem, at + (ops[0],))

    def check_parameter(self, name: str, at: tuple, condition: bool) -> None:
        """A parameter must exist; a condition reads a yes/no one, a standard a number."""
        parameters = self.data.get("parameters", {})
        if name not in parameters:
            self.error("UNKNOWN_PARAMETER", f"引用了不存在的参数“{name}”", at,
                       _suggest(name, parameters) or "请先在 parameters 中声明它")
            return
        value = parameters[name].get("value")
        if condition and value is not None and not isinstance(value, bool):
            self.error("PARAMETER_KIND", f"参数“{name}”是数值，不能作为条件", at,
                       "条件中的参数应写 value: true 或 false（是否实施）；数值参数用在服务标准的 value: {param: …} 中")
        elif not condition and isinstance(value, bool):
            self.error("PARAMETER_KIND", f"参数“{name}”的取值是 true 或 false，不能作为标准的数值", at,
                       "服务标准的 value: {param: …} 应引用数值参数；是/否参数用在条件中：{param: …}")

    def check_definition_cycles(self) -> None:
        definitions = self.data.get("definitions", {})

        def refs(name: str) -> set[str]:
            return {n["ref"] for n, _ in iter_conditions(definitions[name]["condition"], ()) if "ref" in n}

        for start in definitions:
            stack, seen = [start], set()
            while stack:
                for target in refs(stack.pop()) & definitions.keys():
                    if target == start:
                        self.error("DEFINITION_CYCLE", f"定义“{start}”直接或间接引用了它自己",
                                   ("definitions", start), "请去掉循环引用")
                        stack = []
                        break
                    if target not in seen:
                        seen.add(target)
                        stack.append(target)

    def check_items(self) -> None:
        items = self.data["items"]
        seen_ids: dict[str, int] = {}
        for index, item in enumerate(items):
            at = ("items", index)
            if item["number"] != index + 1:
                self.error("ITEM_NUMBERING", f"序号应为 {index + 1}，实际是 {item['number']}", at + ("number",),
                           "序号必须从 1 开始连续编号，并按顺序排列")
            if item["id"] in seen_ids:
                self.error("DUPLICATE_ID", f"项目标识“{item['id']}”与第 {seen_ids[item['id']]} 项重复", at + ("id",))
            seen_ids.setdefault(item["id"], index + 1)
            if id(item) not in self.checked_ids:
                self.check_condition(item["eligibility"], at + ("eligibility",))
                self.check_terms(item, at)

    def check_terms(self, item: dict, at: tuple) -> None:
        overlaps = self.data.get("overlaps", {})
        term_ids: set[str] = set()
        for index, term in enumerate(item["terms"]):
            t_at = at + ("terms", index)
            if term["id"] in term_ids:
                self.error("DUPLICATE_ID", f"同一项目中标准条目标识“{term['id']}”重复", t_at + ("id",))
            term_ids.add(term["id"])
            value = term.get("value")
            if isinstance(value, dict):
                self.check_parameter(value["param"], t_at + ("value", "param"), condition=False)
            if "overlap" in term and term["overlap"] not in overlaps:
                self.error("UNKNOWN_OVERLAP", f"引用了不存在的不得相加组“{term['overlap']}”", t_at + ("overlap",),
                           _suggest(term["overlap"], overlaps) or "请先在 overlaps 中写明这一组及其说明")
            if "when" in term:
                self.check_condition(term["when"], t_at + ("when",))


def check_list(revision: ListRevision, vocabulary: Vocabulary, checked: ListRevision | None = None) -> list[Finding]:
    """Every semantic problem of a list; parts shared with ``checked`` (already checked) are skipped."""
    return _ListChecker(revision, vocabulary, checked).run()
