"""The declared person facts (the profile contract) and what values each may take."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


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

    def to_json(self) -> dict[str, Any]:
        data = {"name": self.name, "type": self.type, "label": self.label, "question": self.question,
                "help": self.help, "unit": self.unit}
        if self.numeric:
            data.update(min=self.min, max=self.max, value_labels=self.value_labels)
        if self.type == "enum":
            data["values"] = self.values
        if self.type == "boolean":
            data.update(phrase_true=self.phrase_true, phrase_false=self.phrase_false)
        return data


@dataclass(frozen=True)
class Vocabulary:
    facts: dict[str, Fact]

    @classmethod
    def from_data(cls, data: dict) -> "Vocabulary":
        return cls({name: Fact(name=name, **spec) for name, spec in data["facts"].items()})

    def to_json(self) -> dict[str, Any]:
        return {name: fact.to_json() for name, fact in self.facts.items()}
