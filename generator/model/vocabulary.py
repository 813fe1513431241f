"""The declared person facts (the profile contract), what values each may take, and how a value reads."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .text import number

FACT_TYPES = ("integer", "number", "boolean", "enum")


@dataclass(frozen=True)
class Fact:
    name: str
    type: str  # integer | number | boolean | enum
    label: str
    question: str
    help: str = ""
    unit: str = ""
    min: float | None = None
    max: float | None = None
    values: dict[str, str] = field(default_factory=dict)  # enum value -> Chinese label
    value_labels: dict[str, str] = field(default_factory=dict)  # integer value (as text) -> Chinese label
    phrase_true: str = ""
    phrase_false: str = ""
    group: str = ""  # a fact group of the vocabulary (``fact_groups``): facts asked together, on one screen

    def __hash__(self) -> int:  # what decides its domain (the comparison caches by fact); equal facts hash equal
        return hash((self.name, self.type, self.min, self.max, tuple(self.values)))

    @property
    def numeric(self) -> bool:
        return self.type in ("integer", "number")

    def accepts(self, value: Any) -> bool:
        """Whether ``value`` is of this fact's type and inside its domain."""
        if self.type == "boolean":
            return isinstance(value, bool)
        if self.type == "enum":
            return isinstance(value, str) and value in self.values
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return False
        if self.type == "integer" and not float(value).is_integer():
            return False
        return self.min <= value <= self.max

    def domain_text(self) -> str:
        if self.type == "boolean":
            return "true 或 false"
        if self.type == "enum":
            return "、".join(f"{k}（{v}）" for k, v in self.values.items())
        kind = "整数" if self.type == "integer" else "数字"
        return f"{self.min:g} 到 {self.max:g} 之间的{kind}"

    def representatives(self, constants: set) -> list:
        """Values of this fact that between them meet every truth an atom comparing it with ``constants`` can take:
        each constant, and one value in each interval between them (what an exhaustive comparison enumerates)."""
        if self.type == "boolean":
            return [False, True]
        if self.type == "enum":
            return sorted(self.values)
        low, high = self.min, self.max
        if self.type == "integer":
            points = {low, high}
            for c in constants:
                for p in (c - 1, c, c + 1):
                    if low <= p <= high and float(p).is_integer():
                        points.add(int(p))
                # a non-integer constant: the integers around it
                points.update(p for p in (int(c // 1), int(c // 1) + 1) if low <= p <= high)
            return sorted(int(p) for p in points)
        points = sorted({low, high, *(c for c in constants if low <= c <= high)})
        mids = [(a + b) / 2 for a, b in zip(points, points[1:])]
        return sorted(set(points) | set(mids))

    def value_text(self, value: Any, phrase: bool = False) -> str:
        """How a value reads: 85 -> "85周岁", "dibao" -> "低保（最低生活保障）", True -> "是" (or its phrase)."""
        if self.type == "enum":
            return self.values.get(value, str(value))
        if self.type == "boolean":
            if phrase:
                return self.phrase_true if value else self.phrase_false
            return "是" if value else "否"
        return self.value_labels.get(number(value)) or f"{number(value)}{self.unit}"

    def to_json(self) -> dict[str, Any]:
        data = {"name": self.name, "type": self.type, "label": self.label, "question": self.question,
                "help": self.help, "unit": self.unit}
        if self.numeric:
            data.update(min=self.min, max=self.max, value_labels=self.value_labels)
        if self.type == "enum":
            data["values"] = self.values
        if self.type == "boolean":
            data.update(phrase_true=self.phrase_true, phrase_false=self.phrase_false)
        if self.group:
            data["group"] = self.group
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Fact":
        """The inverse of :meth:`to_json` (a compiled list carries its facts in that form)."""
        return cls(**data)


@dataclass(frozen=True)
class Vocabulary:
    facts: dict[str, Fact]
    groups: dict[str, dict[str, str]] = field(default_factory=dict)  # fact_groups: name -> {title, help}

    @classmethod
    def from_data(cls, data: dict) -> "Vocabulary":
        groups = {name: {"title": g["title"], "help": g.get("help", "")} for name, g in data.get("fact_groups", {}).items()}
        return cls({name: Fact(name=name, **spec) for name, spec in data["facts"].items()}, groups)

    @classmethod
    def from_json(cls, facts: dict[str, dict], groups: dict[str, dict] | None = None) -> "Vocabulary":
        return cls({name: Fact.from_json(fact) for name, fact in facts.items()}, dict(groups or {}))

    def to_json(self) -> dict[str, Any]:
        return {name: fact.to_json() for name, fact in self.facts.items()}

    def groups_json(self) -> dict[str, dict[str, str]]:
        """The fact groups, each with its facts in vocabulary order (what the calculator shows on one screen)."""
        return {name: {**group, "facts": [f.name for f in self.facts.values() if f.group == name]}
                for name, group in self.groups.items()}
