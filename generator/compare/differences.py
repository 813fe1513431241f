"""What a child list says differently from its parent about each item: facts without a verdict (a county page's
“与上级清单的差异”). The compliance verdict is :mod:`generator.compare.lists`'; this says only *where* the two lists
read differently — an official column, the eligibility, a term — comparing what the words are made of (the typed
conditions and terms and the names, values and labels they show), never the words themselves.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass

from ..model.condition import Condition, Wording
from ..model.content import OFFICIAL_FIELDS, Content, Item
from ..model.policy import ListRevision
from ..model.terms import Term
from ..model.vocabulary import Fact

SAME, CHANGED, MISSING, LOCAL = "same", "changed", "missing", "local"
_NOT_SHOWN = {"id", "label", "when", "alternatives", "overlap", "example", "value"}  # said elsewhere, or not at all


@dataclass(frozen=True)
class ItemDifference:
    id: str
    number: int  # the child's 序号 (the parent's when the child lacks the item)
    name: str
    change: str  # same | changed | missing | local
    fields: tuple[str, ...] = ()  # official field keys whose text differs
    rules_changed: bool = False  # the eligibility reads differently
    terms: tuple[str, ...] = ()  # terms that read differently, or stand on one side only


def _said(condition: Condition | None, wording: Wording) -> tuple | None:
    """What the wording of a condition is made of: the condition, and the label, text or value each leaf shows."""
    if condition is None:
        return None
    shown = []
    for node, _ in condition.walk():
        if node.op == "ref":
            shown.append(wording.definitions[node.operand].label)
        elif node.op == "situation":
            shown.append(wording.situations[node.operand])
        elif node.op == "param":
            parameter = wording.parameters[node.operand]
            shown.append((parameter.label, parameter.text, parameter.value, parameter.example))
    return condition, tuple(shown)


def _term_said(term: Term, content: Content, wording: Wording) -> tuple:
    """What a term's text, condition and example mark are made of (its fields, its value as resolved)."""
    fields = tuple((f.name, getattr(term, f.name)) for f in dataclasses.fields(term) if f.name not in _NOT_SHOWN)
    return term.KIND, fields, term.resolve(content.parameters), _said(term.when, wording)


def _item(parent: Item, child: Item, ours: tuple[Content, Wording], theirs: tuple[Content, Wording]) -> ItemDifference:
    fields = tuple(key for key, _ in OFFICIAL_FIELDS if parent.official.get(key) != child.official.get(key))
    parent_terms = {t.id: t for t in parent.terms}
    child_terms = {t.id: t for t in child.terms}
    terms = []
    for term_id in [*parent_terms, *(k for k in child_terms if k not in parent_terms)]:
        a, b = parent_terms.get(term_id), child_terms.get(term_id)
        if a is None or b is None or _term_said(a, *ours) != _term_said(b, *theirs):
            terms.append(term_id)
    rules_changed = _said(parent.eligibility, ours[1]) != _said(child.eligibility, theirs[1])
    change = CHANGED if fields or terms or rules_changed else SAME
    return ItemDifference(child.id, child.number, child.name, change, fields, rules_changed, tuple(terms))


def item_differences(parent: ListRevision, child: ListRevision,
                     facts: Mapping[str, Fact]) -> tuple[ItemDifference, ...]:
    """One entry per parent item (in the parent's order), then the child's own items."""
    ours = (parent.content, parent.content.wording(facts))
    theirs = (child.content, child.content.wording(facts))
    out: list[ItemDifference] = []
    for item in parent.content.items:
        mine = child.content.item(item.id)
        out.append(ItemDifference(item.id, item.number, item.name, MISSING) if mine is None
                   else _item(item, mine, ours, theirs))
    parent_ids = {item.id for item in parent.content.items}
    out += [ItemDifference(item.id, item.number, item.name, LOCAL) for item in child.content.items
            if item.id not in parent_ids]
    return tuple(out)
