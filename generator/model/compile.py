"""Turns a loaded list revision into the compiled, JSON-serialisable form the engine evaluates.

The compiled form is self-contained (it carries the facts it uses), so the calculator can load one file per region.
"""
from __future__ import annotations

import copy
from typing import Any

from .policy import ListRevision
from .vocabulary import Vocabulary

FORMAT = 1


def compile_list(revision: ListRevision, vocabulary: Vocabulary) -> dict[str, Any]:
    data = revision.data
    meta = data["revision"]
    items = copy.deepcopy(data["items"])
    for item in items:
        item.setdefault("reference", {"document": meta.get("document_number", data["title"]), "item": item["number"]})
    return {
        "format": FORMAT,
        "region": dict(data["region"]),
        "list": {
            "id": data["list_id"],
            "title": data["title"],
            "revision": meta["id"],
            "document_number": meta.get("document_number"),
            "issuer": meta["issuer"],
            "published": meta["published"],
            "effective": meta["effective"],
            "example": bool(meta.get("example")),
            "fixture": bool(meta.get("fixture")),
            "parent": {"region": meta["parent_region"], "name": meta["parent_name"], "revision": meta["parent_revision"]}
            if "parent_region" in meta else None,
        },
        "facts": vocabulary.to_json(),
        "fact_groups": vocabulary.groups_json(),
        "definitions": copy.deepcopy(data.get("definitions", {})),
        "parameters": copy.deepcopy(data.get("parameters", {})),
        "situations": dict(data.get("situations", {})),
        "situation_questions": {key: {"question": q["question"], "help": q.get("help", "")}
                                for key, q in data.get("situation_questions", {}).items()},
        "overlaps": dict(data.get("overlaps", {})),
        "items": items,
    }
