"""Applies a derivation to its parent's effective list, giving the child's effective list (the same model).

A derivation can fill or raise parameters, widen definitions, replace or OR-extend an item's eligibility, change
terms, restate official text and add items. It has no way to delete a parent item: everything the parent has, the
child has. Whether the changes keep the child no weaker than the parent is decided by ``generator.compare``.
"""
from __future__ import annotations

import copy
import difflib

from ..findings import Finding, Location
from ..model.policy import Derivation, ListRevision


def _unknown(derivation: Derivation, what: str, name: str, known, pointer: tuple) -> Finding:
    close = difflib.get_close_matches(name, list(known), n=1)
    hint = f"是不是想写“{close[0]}”？" if close else f"上级清单中没有这个{what}，新增请写在 added_items / added_terms 中"
    return Finding("UNKNOWN_PARENT_ENTRY", f"上级清单中没有{what}“{name}”", derivation.locate(pointer), hint=hint)


def _merge_named(target: dict, changes: dict) -> None:
    for name, change in changes.items():
        target[name] = {**target.get(name, {}), **change}


def materialize(parent: ListRevision, derivation: Derivation) -> tuple[ListRevision, list[Finding]]:
    findings: list[Finding] = []
    d = derivation.data
    data = copy.deepcopy(parent.data)
    data.update(list_id=d["list_id"], title=d["title"], region=dict(d["region"]))
    data["revision"] = {**d["revision"], "parent_region": parent.region_code, "parent_revision": parent.revision_id,
                        "parent_name": parent.region_name}
    for key in ("parameters", "definitions"):
        data.setdefault(key, {})
        _merge_named(data[key], d.get(key, {}))
    data.setdefault("situations", {}).update(d.get("situations", {}))
    items_by_id = {item["id"]: item for item in data["items"]}
    for item_id, change in d.get("items", {}).items():
        item = items_by_id.get(item_id)
        if item is None:
            findings.append(_unknown(derivation, "项目", item_id, items_by_id, ("items", item_id, "#key")))
            continue
        item["official"].update(change.get("official", {}))
        if "eligibility" in change:
            item["eligibility"] = change["eligibility"]
        if "eligibility_any" in change:
            item["eligibility"] = {"any": [item["eligibility"], change["eligibility_any"]]}
        terms_by_id = {term["id"]: term for term in item["terms"]}
        for term_id, term_change in change.get("terms", {}).items():
            if term_id not in terms_by_id:
                findings.append(_unknown(derivation, "标准条目", term_id, terms_by_id,
                                         ("items", item_id, "terms", term_id, "#key")))
                continue
            terms_by_id[term_id].update(term_change)
        item["terms"].extend(copy.deepcopy(change.get("added_terms", [])))
        if "notes" in change:
            item["notes"] = change["notes"]
    for added in d.get("added_items", []):
        data["items"].append({"number": len(data["items"]) + 1, **copy.deepcopy(added), "local": True})
    revision = ListRevision(data, None, derivation.path, locator=_locator(data, parent, derivation),
                            derivation=derivation)
    return revision, findings


def _term_at(item: dict, rest: tuple) -> dict | None:
    if rest[:1] == ("terms",) and len(rest) >= 2 and isinstance(rest[1], int) and rest[1] < len(item["terms"]):
        return item["terms"][rest[1]]
    return None


def _locator(data: dict, parent: ListRevision, derivation: Derivation):
    """Map a pointer into the materialised list to where the derivation says it (or to the parent, if inherited)."""
    d = derivation.data
    added_ids = [item["id"] for item in d.get("added_items", [])]

    def locate(pointer: tuple) -> Location:
        if len(pointer) >= 2 and pointer[0] == "items" and isinstance(pointer[1], int) and pointer[1] < len(data["items"]):
            item = data["items"][pointer[1]]
            rest = pointer[2:]
            if item["id"] in added_ids:
                return derivation.locate(("added_items", added_ids.index(item["id"]), *rest))
            change = d.get("items", {}).get(item["id"], {})
            term = _term_at(item, rest)
            if term is not None and isinstance(term.get("value"), dict):
                # a value given by a parameter the derivation sets, and not overridden on the term itself
                overridden = "value" in change.get("terms", {}).get(term["id"], {})
                if term["value"]["param"] in d.get("parameters", {}) and not overridden:
                    return derivation.locate(("parameters", term["value"]["param"], "value"))
            if not change:
                return derivation.locate(("parent",))
            if rest[:1] == ("eligibility",):
                if "eligibility_any" in change and rest[1:3] == ("any", 1):
                    return derivation.locate(("items", item["id"], "eligibility_any", *rest[3:]))
                if "eligibility" in change:
                    return derivation.locate(("items", item["id"], *rest))
                return derivation.locate(("items", item["id"], "eligibility_any" if "eligibility_any" in change else ""))
            if term is not None:
                term_id = term["id"]
                if term_id in change.get("terms", {}):
                    return derivation.locate(("items", item["id"], "terms", term_id, *rest[2:]))
                added = [t["id"] for t in change.get("added_terms", [])]
                if term_id in added:
                    return derivation.locate(("items", item["id"], "added_terms", added.index(term_id), *rest[2:]))
            return derivation.locate(("items", item["id"], *rest))
        if len(pointer) >= 2 and pointer[0] in ("parameters", "definitions", "situations"):
            if pointer[1] in d.get(pointer[0], {}):
                return derivation.locate(pointer)
        return derivation.locate(("parent",))

    return locate
