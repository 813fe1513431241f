"""Applies a derivation to its parent's effective list, giving the child's effective list (the same model).

A derivation can fill or raise parameters, widen definitions, replace or OR-extend an item's eligibility, change
terms, restate official text and add items. It has no way to delete a parent item: everything the parent has, the
child has. Whether the changes keep the child no weaker than the parent is decided by ``generator.compare``.
"""
from __future__ import annotations

import difflib
from collections.abc import Mapping

from ..findings import ERROR, Finding, Location, Rule, RuleSet
from ..model.condition import Condition
from ..model.content import Definition, Item
from ..model.terms import Term
from ..model.policy import Derivation, ListRevision

RULES = RuleSet(
    "县（区）清单推导",
    Rule("UNKNOWN_PARENT_ENTRY", ERROR, "推导", "推导文件修改了上级清单中没有的项目或标准条目",
         "上级清单中没有{what}“{name}”", "上级清单中没有这个{what}，新增请写在 added_items / added_terms 中"),
)


def _unknown(derivation: Derivation, what: str, name: str, known, pointer: tuple) -> Finding:
    close = difflib.get_close_matches(name, list(known), n=1)
    return RULES["UNKNOWN_PARENT_ENTRY"].at(derivation.locate(pointer), what=what, name=name,
                                            hint=f"是不是想写“{close[0]}”？" if close else None)


def _merged(base: dict, changes: dict) -> dict:
    """``base`` with each named entry updated by ``changes`` (new dicts only where something changed)."""
    merged = dict(base)
    for name, change in changes.items():
        merged[name] = {**base.get(name, {}), **change}
    return merged


def _without_local_values(parameters: dict) -> dict:
    """A local parameter is each place's own (当地低保标准, whether the county implements free transit): the child
    states its own value or has none, never the parent's."""
    return {name: {k: v for k, v in p.items() if k not in ("value", "example")} if p.get("local") else p
            for name, p in parameters.items()}


def _changed_item(item: dict, change: dict, derivation: Derivation, findings: list[Finding]) -> dict:
    item = {**item, "official": {**item["official"], **change.get("official", {})}}
    if "eligibility" in change:
        item["eligibility"] = change["eligibility"]
    if "eligibility_any" in change:
        item["eligibility"] = {"any": [item["eligibility"], change["eligibility_any"]]}
    term_changes = change.get("terms", {})
    known = {term["id"] for term in item["terms"]}
    for term_id in term_changes.keys() - known:
        findings.append(_unknown(derivation, "标准条目", term_id, known, ("items", item["id"], "terms", term_id, "#key")))
    item["terms"] = [{**term, **term_changes[term["id"]]} if term["id"] in term_changes else term
                     for term in item["terms"]] + change.get("added_terms", [])
    if "notes" in change:
        item["notes"] = change["notes"]
    return item


def materialize(parent: ListRevision, derivation: Derivation) -> tuple[ListRevision, list[Finding]]:
    """The child's effective list. Unchanged parts are shared with the parent, never copied: lists are read-only."""
    findings: list[Finding] = []
    d = derivation.data
    data = {**parent.data, "list_id": d["list_id"], "title": d["title"], "region": d["region"],
            "revision": {**d["revision"], "parent_region": parent.region_code, "parent_revision": parent.revision_id,
                         "parent_name": parent.region_name}}
    data["parameters"] = _merged(_without_local_values(parent.data.get("parameters", {})), d.get("parameters", {}))
    data["definitions"] = _merged(parent.data.get("definitions", {}), d.get("definitions", {}))
    data["situations"] = {**parent.data.get("situations", {}), **d.get("situations", {})}
    data["situation_questions"] = {**parent.data.get("situation_questions", {}), **d.get("situation_questions", {})}
    changes = d.get("items", {})
    known = {item["id"] for item in parent.items}
    for item_id in changes.keys() - known:
        findings.append(_unknown(derivation, "项目", item_id, known, ("items", item_id, "#key")))
    items = [_changed_item(item, changes[item["id"]], derivation, findings) if item["id"] in changes else item
             for item in parent.items]
    items += [{"number": len(items) + index + 1, **added, "local": True} for index, added in enumerate(d.get("added_items", []))]
    data["items"] = items
    revision = ListRevision(data, None, derivation.path, derivation=derivation)
    revision.locator = _DerivationLocator(revision, derivation)
    return revision, findings


def _definitions_used(condition: Condition, definitions: Mapping[str, Definition]) -> list[str]:
    """Every definition a condition reads, directly or through other definitions, in reading order."""
    found: list[str] = []

    def read(node: Condition) -> None:
        for inner, _ in node.walk():
            if inner.op == "ref" and inner.operand not in found:
                found.append(inner.operand)
                read(definitions[inner.operand].condition)

    read(condition)
    return found


class _DerivationLocator:
    """Where the derivation file states a given place of the materialised list.

    An inherited place points at the file's ``parent:`` key; a place that changed because the derivation changed a
    parameter or a definition points at that parameter or definition.
    """

    def __init__(self, revision: ListRevision, derivation: Derivation):
        self.revision = revision
        self.data = revision.data
        self.derivation = derivation
        self.d = derivation.data
        self.added_ids = [item["id"] for item in self.d.get("added_items", [])]

    def __call__(self, pointer: tuple) -> Location:
        if pointer[:1] == ("items",) and len(pointer) >= 2 and isinstance(pointer[1], int) \
                and pointer[1] < len(self.data["items"]):
            return self._item(self.revision.content.items[pointer[1]], pointer[2:])
        if pointer[:1] in (("parameters",), ("definitions",), ("situations",), ("situation_questions",)) \
                and len(pointer) >= 2 and pointer[1] in self.d.get(pointer[0], {}):
            return self.derivation.locate(pointer)
        return self._inherited()

    def _inherited(self) -> Location:
        return self.derivation.locate(("parent",))

    def _item(self, item: Item, rest: tuple) -> Location:
        if item.id in self.added_ids:
            return self.derivation.locate(("added_items", self.added_ids.index(item.id), *rest))
        change = self.d.get("items", {}).get(item.id, {})
        at = ("items", item.id)
        if rest[:1] == ("terms",) and len(rest) >= 2 and isinstance(rest[1], int) and rest[1] < len(item.terms):
            return self._term(item.terms[rest[1]], rest[2:], change, at)
        if rest[:1] == ("eligibility",):
            if "eligibility_any" in change:
                inner = rest[3:] if rest[1:3] == ("any", 1) else ()
                return self.derivation.locate((*at, "eligibility_any", *inner))
            if "eligibility" in change:
                return self.derivation.locate((*at, *rest))
            return self._through_definitions(item.eligibility) or self._inherited()
        return self.derivation.locate((*at, *rest)) if change else self._inherited()

    def _term(self, term: Term, rest: tuple, change: dict, at: tuple) -> Location:
        added = [t["id"] for t in change.get("added_terms", [])]
        if term.id in added:
            return self.derivation.locate((*at, "added_terms", added.index(term.id), *rest))
        own = change.get("terms", {}).get(term.id, {})
        if rest[:1] != ("when",) and "value" not in own and term.param in self.d.get("parameters", {}):
            return self.derivation.locate(("parameters", term.param, "value"))
        if own:
            return self.derivation.locate((*at, "terms", term.id, *rest))
        if rest[:1] == ("when",) and term.when is not None:
            return self._through_definitions(term.when) or self._inherited()
        return self._inherited()

    def _through_definitions(self, condition: Condition) -> Location | None:
        changed = [n for n in _definitions_used(condition, self.revision.content.definitions)
                   if n in self.d.get("definitions", {})]
        return self.derivation.locate(("definitions", changed[0], "condition")) if changed else None
