"""The typed content of one list (its definitions, parameters, situations, overlaps and items), parsed once from the
data that passed the schema: a policy file's, a derivation's materialised list, or a compiled list (same shape).

Frozen dataclasses of the standard library, so that the rules engine evaluates the very same objects.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .condition import Condition, Wording
from .terms import Term, parse_term

OFFICIAL_FIELDS = (
    ("target_group", "对象"),
    ("name", "服务项目"),
    ("content", "服务内容"),
    ("standard", "服务标准"),
    ("service_type", "服务类型"),
    ("department", "牵头落实部门"),
)
"""The official table's columns, in the attachment's order (服务项目 spans 序号 and 名称): the one list of them that
the schema, the comparison, the pages and the CSV files read."""
FIELD_LABELS = dict(OFFICIAL_FIELDS)
SERVICE_TYPES = ("物质帮助", "照护服务", "关爱服务")


@dataclass(frozen=True)
class Estimate:
    """A definition whose condition estimates a fact the person did not give (the ability level from everyday
    activities). It only explains: results that depend on the fact stay unknown, with ``holds`` or ``fails`` (as the
    condition turns out) as their reason, and the definition among their interpretations."""

    fact: str
    holds: str
    fails: str

    @classmethod
    def parse(cls, data: Mapping[str, Any]) -> "Estimate":
        return cls(data["fact"], data["holds"], data["fails"])


@dataclass(frozen=True)
class Definition:
    label: str
    text: str
    condition: Condition
    interpretation: bool = False  # a reading of the text by this site (the text gives no definition)
    reads: str | None = None  # the official words it reads
    why: str | None = None
    example: bool = False
    estimate: Estimate | None = None

    @classmethod
    def parse(cls, data: Mapping[str, Any]) -> "Definition":
        estimate = Estimate.parse(data["estimate"]) if data.get("estimate") else None
        return cls(data.get("label", ""), data.get("text", ""), Condition.parse(data["condition"]),
                   bool(data.get("interpretation")), data.get("reads"), data.get("why"), bool(data.get("example")),
                   estimate)


@dataclass(frozen=True)
class Parameter:
    """A value of the list: a number a standard uses (most often left to the county: no value), or yes/no."""

    label: str = ""
    text: str = ""
    unit: str | None = None
    per: str | None = None
    period: str | None = None
    value: float | bool | None = None
    example: bool = False
    local: bool = False  # each place's own (当地低保标准): a child never inherits the parent's value

    @classmethod
    def parse(cls, data: Mapping[str, Any]) -> "Parameter":
        return cls(data.get("label", ""), data.get("text", ""), data.get("unit"), data.get("per"), data.get("period"),
                   data.get("value"), bool(data.get("example")), bool(data.get("local")))

    @property
    def unit_text(self) -> str:
        """"元/人/月"."""
        return "/".join(part for part in (self.unit, self.per, self.period) if part)


@dataclass(frozen=True)
class Item:
    number: int
    id: str
    official: Mapping[str, str]
    eligibility: Condition
    terms: tuple[Term, ...]
    reference: Mapping[str, Any] | None = None
    local: bool = False  # added by this list (its parent has no such item)
    example: bool = False
    notes: str = ""

    @classmethod
    def parse(cls, data: Mapping[str, Any]) -> "Item":
        return cls(data["number"], data["id"], data["official"], Condition.parse(data["eligibility"]),
                   tuple(parse_term(t) for t in data["terms"]), data.get("reference"), bool(data.get("local")),
                   bool(data.get("example")), data.get("notes", ""))

    @property
    def name(self) -> str:
        return self.official["name"]

    @property
    def summary(self) -> dict[str, Any]:
        """{number, id, name}: how a change or a finding names the item."""
        return {"number": self.number, "id": self.id, "name": self.name}


@dataclass(frozen=True)
class Content:
    definitions: Mapping[str, Definition] = field(default_factory=dict)
    parameters: Mapping[str, Parameter] = field(default_factory=dict)
    situations: Mapping[str, str] = field(default_factory=dict)
    overlaps: Mapping[str, str] = field(default_factory=dict)
    items: tuple[Item, ...] = ()
    situation_questions: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # key -> {question, help}

    @classmethod
    def parse(cls, data: Mapping[str, Any]) -> "Content":
        return cls({name: Definition.parse(d) for name, d in data.get("definitions", {}).items()},
                   {name: Parameter.parse(p) for name, p in data.get("parameters", {}).items()},
                   dict(data.get("situations", {})), dict(data.get("overlaps", {})),
                   tuple(Item.parse(item) for item in data["items"]),
                   {key: {"question": q["question"], "help": q.get("help", "")}
                    for key, q in data.get("situation_questions", {}).items()})

    def item(self, item_id: str) -> Item | None:
        return next((item for item in self.items if item.id == item_id), None)

    def wording(self, facts: Mapping[str, Any]) -> Wording:
        """What the conditions of this list need to read in Chinese, with these facts."""
        return Wording(facts, self.definitions, self.situations, self.parameters)
