"""``kind: text`` — a benefit said in words only ("按月按标准领取基本养老金"): nothing to compare."""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from .base import Term


@dataclass(frozen=True)
class Text(Term):
    KIND: ClassVar[str] = "text"
    NOUN: ClassVar[str] = "文字"
    REQUIRED: ClassVar[tuple[str, ...]] = ("text",)

    def wording(self, value: float | None, open_text: str = "") -> str:
        return self.text
