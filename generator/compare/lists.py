"""Compares a child list (a county's, or a newer revision) with a parent list, item by item and term by term."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..engine.render import value_text
from ..findings import Finding
from ..model.policy import ListRevision
from .conditions import expand, find_counterexample
from .rules import RULES, Rule
from .terms import compare_term

TRUE = {"all": []}  # an empty conjunction: holds for everyone
OFFICIAL_FIELDS = {"target_group": "对象", "name": "服务项目", "content": "服务内容", "standard": "服务标准",
                   "service_type": "服务类型", "department": "牵头落实部门"}


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


def describe_profile(profile: dict, facts: dict, situations: dict) -> str:
    parts = [f"{facts[name]['label']}：{value_text(facts[name], value, phrase=True)}"
             for name, value in profile.items() if name != "situations"]
    for key, flag in profile.get("situations", {}).items():
        parts.append(("" if flag else "并非") + situations.get(key, key))
    return "；".join(parts) or "任何人"


class _Comparison:
    def __init__(self, parent: ListRevision, child: ListRevision, facts: dict, require_filled: bool):
        self.parent, self.child, self.facts = parent, child, facts
        self.require_filled = require_filled
        self.parent_defs = parent.data.get("definitions", {})
        self.child_defs = child.data.get("definitions", {})
        self.situations = {**parent.data.get("situations", {}), **child.data.get("situations", {})}
        self.changes: list[Change] = []

    def add(self, rule_id: str, message: str, item: dict, child_pointer: tuple, parent_pointer: tuple | None,
            **extra) -> None:
        self.changes.append(Change(RULES[rule_id], message, item, child_pointer, parent_pointer, **extra))

    def run(self) -> list[Change]:
        child_index = {item["id"]: i for i, item in enumerate(self.child.items)}
        parent_ids = set()
        for p_index, p_item in enumerate(self.parent.items):
            parent_ids.add(p_item["id"])
            summary = {"number": p_item["number"], "id": p_item["id"], "name": p_item["official"]["name"]}
            if p_item["id"] not in child_index:
                self.add("ITEM_MISSING", f"缺少上级清单第{p_item['number']}项“{p_item['official']['name']}”",
                         summary, ("items",), ("items", p_index))
                continue
            c_index = child_index[p_item["id"]]
            self.compare_item(p_item, p_index, self.child.items[c_index], c_index, summary)
        for c_index, c_item in enumerate(self.child.items):
            if c_item["id"] not in parent_ids:
                self.add("ITEM_ADDED", f"新增项目“{c_item['official']['name']}”",
                         {"number": c_item["number"], "id": c_item["id"], "name": c_item["official"]["name"]},
                         ("items", c_index), None)
        if self.require_filled:
            self.check_filled()
        return self.changes

    def _narrowing(self, parent_cond: dict, child_cond: dict, rule_narrow: str, rule_widen: str, what: str,
                   summary: dict, c_ptr: tuple, p_ptr: tuple, term: str | None = None) -> None:
        example = find_counterexample(parent_cond, child_cond, self.facts)
        if example is not None:
            self.add(rule_narrow, f"{what}范围缩小：按上级清单可以享受、按本清单不能享受的例子——"
                     f"{describe_profile(example, self.facts, self.situations)}",
                     summary, c_ptr, p_ptr, term=term, counterexample=example)
        wider = find_counterexample(child_cond, parent_cond, self.facts)
        if wider is not None:
            self.add(rule_widen, f"{what}范围扩大：例如——{describe_profile(wider, self.facts, self.situations)}",
                     summary, c_ptr, p_ptr, term=term, counterexample=wider)

    def compare_item(self, p_item: dict, p_index: int, c_item: dict, c_index: int, summary: dict) -> None:
        p_ptr, c_ptr = ("items", p_index), ("items", c_index)
        p_elig = expand(p_item["eligibility"], self.parent_defs)
        c_elig = expand(c_item["eligibility"], self.child_defs)
        rules_changed = p_elig != c_elig
        self._narrowing(p_elig, c_elig, "ELIGIBILITY_NARROWED", "ELIGIBILITY_WIDENED", "享受",
                        summary, c_ptr + ("eligibility",), p_ptr + ("eligibility",))
        c_terms = {t["id"]: (i, t) for i, t in enumerate(c_item["terms"])}
        p_params = self.parent.data.get("parameters", {})
        c_params = self.child.data.get("parameters", {})
        for t_index, p_term in enumerate(p_item["terms"]):
            t_p_ptr = p_ptr + ("terms", t_index)
            if p_term["id"] not in c_terms:
                self.add("TERM_MISSING", f"服务标准缺少“{p_term['label']}”", summary, c_ptr + ("terms",), t_p_ptr,
                         term=p_term["id"])
                rules_changed = True
                continue
            ct_index, c_term = c_terms[p_term["id"]]
            t_c_ptr = c_ptr + ("terms", ct_index)
            for change in compare_term(p_term, c_term, p_params, c_params):
                rules_changed = True
                self.add(change.rule, change.message, summary, t_c_ptr + ("value",), t_p_ptr, term=p_term["id"],
                         values={"parent": change.parent_value, "child": change.child_value})
            p_when = expand(p_term.get("when", TRUE), self.parent_defs)
            c_when = expand(c_term.get("when", TRUE), self.child_defs)
            if p_when != c_when:
                rules_changed = True
                self._narrowing({"all": [p_elig, p_when]}, c_when, "TERM_CONDITION_NARROWED", "TERM_CONDITION_WIDENED",
                                f"“{p_term['label']}”的适用", summary, t_c_ptr + ("when",), t_p_ptr + ("when",),
                                term=p_term["id"])
        for c_term in c_item["terms"]:
            if c_term["id"] not in {t["id"] for t in p_item["terms"]}:
                rules_changed = True
                self.add("TERM_ADDED", f"服务标准新增“{c_term['label']}”", summary,
                         c_ptr + ("terms", c_terms[c_term["id"]][0]), None, term=c_term["id"])
        changed_text = [key for key, text in p_item["official"].items() if c_item["official"].get(key) != text]
        if changed_text and not rules_changed:
            fields = "、".join(OFFICIAL_FIELDS[k] for k in changed_text)
            self.add("TEXT_CHANGED_RULE_UNCHANGED", f"正式文字（{fields}）有修改，但机器可读的规则没有改变",
                     summary, c_ptr + ("official", changed_text[0]), p_ptr + ("official", changed_text[0]),
                     values={"fields": changed_text})

    def check_filled(self) -> None:
        params = self.child.data.get("parameters", {})
        used = {t["value"]["param"]: (i, j) for i, item in enumerate(self.child.items)
                for j, t in enumerate(item["terms"]) if isinstance(t.get("value"), dict)}
        for name, (i, j) in used.items():
            if params.get(name, {}).get("value") is None:
                item = self.child.items[i]
                self.add("PARAMETER_UNFILLED", f"参数“{params[name]['label']}”（{name}）由县区政府确定，本清单尚未填写",
                         {"number": item["number"], "id": item["id"], "name": item["official"]["name"]},
                         ("parameters", name), None)


def compare_lists(parent: ListRevision, child: ListRevision, facts: dict, require_filled: bool = False) -> list[Change]:
    return _Comparison(parent, child, facts, require_filled).run()


def change_to_finding(change: Change, parent: ListRevision, child: ListRevision, severity: str | None = None) -> Finding:
    extra = {"category": change.rule.category, "item": change.item}
    if change.term:
        extra["term"] = change.term
    if change.parent_pointer is not None:
        extra["parent_location"] = str(parent.locate(change.parent_pointer))
    if change.counterexample is not None:
        extra["counterexample"] = change.counterexample
    if change.values:
        extra["values"] = change.values
    hint = ""
    if change.counterexample is not None and change.rule.severity == "error":
        hint = "可把 extra.counterexample 中的个人情况交给 qingdan eligibility 核对"
    return Finding(change.rule.id, f"第{change.item['number']}项“{change.item['name']}”：{change.message}",
                   child.locate(change.child_pointer), severity or change.rule.severity, hint, extra)
