"""Compares a child list (a county's, or a newer revision) with a parent list, item by item and term by term.

Each change carries three texts: ``message`` says what changed (a revision diff, the public compliance table),
``advice`` tells the editor of a list that must not be weaker than its parent what the parent requires, what the child
wrote and what to write — in the parties' own names ("市清单要求…；本县写的是…。请改为…。"), and ``public`` gives a
citizen the verdict in words ("本区的金额高于市清单：…"), from the rule's ``public`` wording.
"""
from __future__ import annotations

import dataclasses
import json
import shlex
from dataclasses import dataclass, field
from typing import Any, Mapping

from ..findings import Finding, Severity
from ..model.condition import ALWAYS, Condition, Scope, Wording
from ..model.content import FIELD_LABELS, Item
from ..model.policy import ListRevision
from ..model.terms import Sides, parameters_in_place
from ..model.vocabulary import Fact
from .conditions import find_counterexample
from .rules import RULES, Rule


@dataclass
class Change:
    rule: Rule
    message: str
    item: dict  # {number, id, name} of the item concerned (the parent's where it exists)
    child_pointer: tuple
    parent_pointer: tuple | None
    term: str | None = None
    counterexample: dict | None = None
    values: dict = field(default_factory=dict)
    advice: str = ""  # the editor's version of ``message``; empty when it is the same
    hint: str = ""
    public: str = ""  # the citizen's version: the verdict in words, no rule ID, file or command


def describe_profile(profile: dict, facts: Mapping[str, Fact], situations: Mapping[str, str]) -> str:
    """A person in words, e.g. "80周岁、经济状况为低保（最低生活保障）的老年人"."""
    wording = Wording(facts)
    parts = [Condition.fact(name, "eq", value).text(wording) for name, value in profile.items() if name != "situations"]
    for key, flag in profile.get("situations", {}).items():
        parts.append(("" if flag else "并非") + situations.get(key, key))
    return "、".join(parts) + "的老年人" if parts else "任何老年人"


def sides_of(parent: ListRevision, child: ListRevision) -> Sides:
    """"市清单" for a city parent, "本县"/"本区" for a county or district child, otherwise the regions' own names;
    two revisions of one list are named by their revision IDs."""
    if parent.region_code == child.region_code:
        return Sides(f"修订版 {parent.revision_id}", f"修订版 {child.revision_id}")
    city = parent.region_code.endswith("00") and not parent.region_code.endswith("0000") \
        and parent.region_name.endswith("市")
    ending = {"县": "本县", "区": "本区"}.get(child.region_name[-1:]) if not child.region_code.endswith("00") else None
    return Sides("市清单" if city else f"{parent.region_name}清单", ending or child.region_name)


def list_name(side: str) -> str:
    """"本县" -> "本县清单"; a revision ("修订版 …") is already a list."""
    return side if side.endswith("清单") or side.startswith("修订版") else side + "清单"


class _Comparison:
    def __init__(self, parent: ListRevision, child: ListRevision, facts: Mapping[str, Fact], require_filled: bool):
        self.parent, self.child, self.facts = parent, child, facts
        self.require_filled = require_filled
        ours, theirs = parent.content, child.content
        self.parent_defs, self.child_defs = ours.definitions, theirs.definitions
        self.situations = {**ours.situations, **theirs.situations}
        self.sides = sides_of(parent, child)
        self.child_params = theirs.parameters
        self.parent_params = parameters_in_place(ours.parameters, self.child_params)
        self.changes: list[Change] = []

    def add(self, rule_id: str | Rule, message: str, item: dict, child_pointer: tuple, parent_pointer: tuple | None,
            label: str = "", person: str = "", **extra) -> None:
        """``label`` (the term or parameter concerned) and ``person`` (the example described) fill the rule's
        ``public`` wording, with the two sides' names and ``message`` as the change."""
        rule = rule_id if isinstance(rule_id, Rule) else RULES[rule_id]
        public = rule.public_text(child=self.sides.child, parent=self.sides.parent, label=label, person=person,
                                  change=message)
        self.changes.append(Change(rule, message, item, child_pointer, parent_pointer, public=public, **extra))

    def run(self) -> list[Change]:
        child_items = self.child.content.items
        child_index = {item.id: i for i, item in enumerate(child_items)}
        parent_ids = set()
        for p_index, p_item in enumerate(self.parent.content.items):
            parent_ids.add(p_item.id)
            summary = p_item.summary
            if p_item.id not in child_index:
                self.add("ITEM_MISSING", RULES["ITEM_MISSING"].text(number=p_item.number, name=p_item.name),
                         summary, ("items",), ("items", p_index),
                         advice=f"{list_name(self.sides.child)}缺少{self.sides.parent}的这一项。下级清单必须包含"
                                f"{self.sides.parent}的全部项目：请在 items 中补上这一项（id: {p_item.id}），"
                                f"内容不低于{self.sides.parent}。")
                continue
            c_index = child_index[p_item.id]
            self.compare_item(p_item, p_index, child_items[c_index], c_index, summary)
        for c_index, c_item in enumerate(child_items):
            if c_item.id not in parent_ids:
                self.add("ITEM_ADDED", RULES["ITEM_ADDED"].text(name=c_item.name), c_item.summary, ("items", c_index),
                         None)
        if self.require_filled:
            self.check_filled()
        return self.changes

    def _wording(self, parent_side: bool) -> Wording:
        definitions, parameters = (self.parent_defs, self.parent_params) if parent_side else \
            (self.child_defs, self.child_params)
        return Wording(self.facts, definitions, self.situations, parameters)

    def _words(self, condition: Condition, parent_side: bool) -> str:
        wording = self._wording(parent_side)
        if condition.expanded(wording.definitions, wording.parameters) == ALWAYS:
            return "不限条件"
        return condition.text(wording)

    def _same(self, parent: Condition, child: Condition) -> bool:
        return parent.expanded(self.parent_defs, self.parent_params) == \
            child.expanded(self.child_defs, self.child_params)

    def _answer(self, condition: Condition, profile: dict) -> str:
        """What the engine answers for ``profile`` under an expanded condition: 可以享受 / 可能可以享受 / 不能享受."""
        facts = {k: v for k, v in profile.items() if k != "situations"}
        value = condition.evaluate(Scope(facts, profile.get("situations", {}))).value
        return {True: "可以享受", None: "可能可以享受", False: "不能享受"}[value]

    def _changed_node(self, parent: Condition, child: Condition, pointer: tuple) -> tuple[Condition, Condition, tuple]:
        """The smallest part of the child's condition that differs from the parent's: (parent's part, child's part,
        where the child states it). Descends while exactly one branch differs, into definitions both refer to."""
        while not self._same(parent, child):
            if parent.op == "ref" and child.op == "ref" and parent.operand == child.operand:
                name = parent.operand
                parent, child = self.parent_defs[name].condition, self.child_defs[name].condition
                pointer = ("definitions", name, "condition")
                continue
            if parent.op == "not" and child.op == "not":
                parent, child, pointer = parent.children[0], child.children[0], pointer + ("not",)
                continue
            key = child.op if child.op in ("all", "any") else None
            if key and parent.op == key and len(parent.children) == len(child.children):
                differing = [i for i, (p, c) in enumerate(zip(parent.children, child.children)) if not self._same(p, c)]
                if len(differing) != 1:
                    break
                i = differing[0]
                parent, child, pointer = parent.children[i], child.children[i], pointer + (key, i)
                continue
            if key and parent.op == key:  # a branch added or dropped: point at the one the parent lacks
                extra = [i for i, c in enumerate(child.children)
                         if not any(self._same(p, c) for p in parent.children)]
                if len(extra) == 1 and all(any(self._same(p, c) for c in child.children) for p in parent.children):
                    return parent, child, pointer + (key, extra[0])
                break
            if key and parent in child.children:  # the parent's condition kept inside the child's (eligibility_any)
                i = child.children.index(parent)
                child, pointer = child.children[i], pointer + (key, i)
                continue
            if parent.op == "fact" and child.op == "fact" and parent.operand == child.operand \
                    and parent.test == child.test:
                return parent, child, pointer + (child.test, "#key")
            break
        return parent, child, pointer

    def _narrowing(self, parent_cond: Condition, child_cond: Condition, rule_narrow: str, rule_widen: str, what: str,
                   summary: dict, c_ptr: tuple, p_ptr: tuple, compared: tuple[Condition, Condition],
                   term: str | None = None, benefit: str = "", label: str = "") -> None:
        """``compared``: the unexpanded conditions as written (parent's, child's), to find and quote what changed;
        ``label``: the term's, when the condition is a term's."""
        example = find_counterexample(parent_cond, child_cond, self.facts)
        wider = find_counterexample(child_cond, parent_cond, self.facts)
        if example is None and wider is None:
            return
        p_node, c_node, c_ptr = self._changed_node(*compared, c_ptr)
        if example is not None:
            parent_words, child_words = self._words(p_node, True), self._words(c_node, False)
            if parent_words == child_words:  # the same label over different conditions: say what they are
                parent_words = self._words(dataclasses.replace(p_node, label=None), True)
                child_words = self._words(dataclasses.replace(c_node, label=None), False)
            person = describe_profile(example, self.facts, self.situations)
            parent, child = self.sides.parent, self.sides.child
            self.add(rule_narrow, RULES[rule_narrow].text(what=what, person=person),
                     summary, c_ptr, p_ptr, label=label, person=person, term=term, counterexample=example,
                     advice=f"{what}范围缩小。{parent}：{parent_words}；{child}：{child_words}。例如：{person}在{parent}下"
                            f"{self._answer(parent_cond, example)}{benefit}，在{list_name(child)}下"
                            f"{self._answer(child_cond, example)}。请把条件放宽到不窄于{parent}。",
                     hint=self._reproduce(example))
        if wider is not None:
            person = describe_profile(wider, self.facts, self.situations)
            self.add(rule_widen, RULES[rule_widen].text(what=what, person=person),
                     summary, c_ptr, p_ptr, label=label, person=person, term=term, counterexample=wider)

    def _reproduce(self, profile: dict) -> str:
        """The command that shows the child's answer for ``profile``, ready to paste into a terminal."""
        return (f"用这条命令查看{list_name(self.sides.child)}对这个人的结果：\n"
                f"      echo {shlex.quote(json.dumps(profile, ensure_ascii=False))} | qingdan eligibility "
                f"--region {self.child.region_code} --profile - --as-of {self.child.effective.isoformat()}")

    def compare_item(self, p_item: Item, p_index: int, c_item: Item, c_index: int, summary: dict) -> None:
        p_ptr, c_ptr = ("items", p_index), ("items", c_index)
        p_params = self.parent.content.parameters
        p_elig = p_item.eligibility.expanded(self.parent_defs, self.parent_params)
        c_elig = c_item.eligibility.expanded(self.child_defs, self.child_params)
        rules_changed = p_elig != c_elig
        self._narrowing(p_elig, c_elig, "ELIGIBILITY_NARROWED", "ELIGIBILITY_WIDENED", "享受",
                        summary, c_ptr + ("eligibility",), p_ptr + ("eligibility",),
                        (p_item.eligibility, c_item.eligibility))
        c_terms = {t.id: (i, t) for i, t in enumerate(c_item.terms)}
        for t_index, p_term in enumerate(p_item.terms):
            t_p_ptr = p_ptr + ("terms", t_index)
            subject = "" if p_term.label == p_item.name else f"“{p_term.label}”"
            if p_term.id not in c_terms:
                self.add("TERM_MISSING", RULES["TERM_MISSING"].text(label=p_term.label), summary, c_ptr + ("terms",),
                         t_p_ptr, label=p_term.label, term=p_term.id,
                         advice=f"服务标准缺少“{p_term.label}”：{self.sides.parent}有这一项标准，"
                                f"{list_name(self.sides.child)}没有。请在 terms 中补上（id: {p_term.id}），"
                                f"标准不低于{self.sides.parent}。")
                rules_changed = True
                continue
            ct_index, c_term = c_terms[p_term.id]
            t_c_ptr = c_ptr + ("terms", ct_index)
            for change in p_term.compare(c_term, p_params, self.child_params, self.sides, subject):
                rules_changed = True
                self.add(change.rule, change.message, summary, t_c_ptr + ("value",), t_p_ptr, label=p_term.label,
                         term=p_term.id,
                         values={"parent": change.parent_value, "child": change.child_value},
                         advice=change.advice, hint=change.hint)
            p_when = (p_term.when or ALWAYS).expanded(self.parent_defs, self.parent_params)
            c_when = (c_term.when or ALWAYS).expanded(self.child_defs, self.child_params)
            if p_when != c_when:
                rules_changed = True
                self._narrowing(Condition("all", (p_elig, p_when)), c_when, "TERM_CONDITION_NARROWED",
                                "TERM_CONDITION_WIDENED", f"“{p_term.label}”的适用", summary, t_c_ptr + ("when",),
                                t_p_ptr + ("when",), (p_term.when or ALWAYS, c_term.when or ALWAYS), term=p_term.id,
                                benefit=f"“{p_term.label}”", label=p_term.label)
        parent_term_ids = {t.id for t in p_item.terms}
        for c_term in c_item.terms:
            if c_term.id not in parent_term_ids:
                rules_changed = True
                self.add("TERM_ADDED", RULES["TERM_ADDED"].text(label=c_term.label), summary,
                         c_ptr + ("terms", c_terms[c_term.id][0]), None, label=c_term.label, term=c_term.id)
        changed_text = [key for key, text in p_item.official.items() if c_item.official.get(key) != text]
        if changed_text and not rules_changed:
            fields = "、".join(FIELD_LABELS[k] for k in changed_text)
            self.add("TEXT_CHANGED_RULE_UNCHANGED", RULES["TEXT_CHANGED_RULE_UNCHANGED"].text(fields=fields),
                     summary, c_ptr + ("official", changed_text[0]), p_ptr + ("official", changed_text[0]),
                     label=fields, values={"fields": changed_text},
                     advice=f"{self.sides.child}修改了正式文字（{fields}），但机器可读的规则（eligibility、terms）"
                            f"与{self.sides.parent}相同。",
                     hint=RULES["TEXT_CHANGED_RULE_UNCHANGED"].hint)

    def check_filled(self) -> None:
        params = self.child.content.parameters
        used: dict[str, Item] = {}  # each parameter a term uses, with the last item using it
        for item in self.child.content.items:
            for term in item.terms:
                if term.param is not None:
                    used[term.param] = item
        for name, item in used.items():
            param = params[name]
            if param.value is None:
                unit = param.unit_text
                self.add("PARAMETER_UNFILLED", RULES["PARAMETER_UNFILLED"].text(label=param.label, name=name),
                         item.summary, ("parameters", name), None, label=param.label,
                         advice=f"{self.sides.parent}规定参数“{param.label}”（{name}）"
                                f"{param.text or '由县区政府确定'}，{list_name(self.sides.child)}尚未填写。",
                         hint=f"请在 parameters 下为 {name} 填写 value: 数字" + (f"（单位：{unit}）" if unit else ""))


def compare_lists(parent: ListRevision, child: ListRevision, facts: Mapping[str, Fact],
                  require_filled: bool = False) -> list[Change]:
    """Every change from ``parent`` to ``child``; ``facts``: the vocabulary's facts by name."""
    return _Comparison(parent, child, facts, require_filled).run()


def change_to_finding(change: Change, parent: ListRevision, child: ListRevision,
                      severity: Severity | None = None) -> Finding:
    extra: dict[str, Any] = {"category": change.rule.category, "item": change.item}
    if change.term:
        extra["term"] = change.term
    if change.parent_pointer is not None:
        extra["parent_location"] = str(parent.locate(change.parent_pointer))
    if change.counterexample is not None:
        extra["counterexample"] = change.counterexample
    if change.values:
        extra["values"] = change.values
    return change.rule.at(child.locate(change.child_pointer), severity=severity, hint=change.hint, extra=extra,
                          message=f"第{change.item['number']}项“{change.item['name']}”：{change.advice or change.message}")
