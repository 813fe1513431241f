"""``kind: time_limit`` — how soon something must be done: "7日内". Shorter is better."""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ...findings import ERROR, INFO, Rule
from ..text import number
from .base import MeasuredTerm

_SUFFIX = {"max": "内", "min": "以上", "exact": ""}


@dataclass(frozen=True)
class TimeLimit(MeasuredTerm):
    KIND: ClassVar[str] = "time_limit"
    NOUN: ClassVar[str] = "办理时限"
    DIRECTION: ClassVar[str] = "越低越好"
    PROPERTIES: ClassVar[dict[str, str]] = {"value": "value", "unit": "text", "bound": "bound"}
    REQUIRED: ClassVar[tuple[str, ...]] = ("value", "unit", "bound")
    HIGHER_IS_BETTER: ClassVar[bool] = False
    LOWERED: ClassVar[str] = "TIME_LIMIT_LENGTHENED"
    RAISED: ClassVar[str] = "TIME_LIMIT_SHORTENED"
    RULES: ClassVar[tuple[Rule, ...]] = (
        Rule("TIME_LIMIT_LENGTHENED", ERROR, "降低", "办理时限长于上级清单", "“{label}”由{old}改为{new}",
             "请把时限改为不长于上级清单的天数",
             public="{child}的办理时限长于{parent}（不符合）：{change}"),
        Rule("TIME_LIMIT_SHORTENED", INFO, "提高", "办理时限短于上级清单", "“{label}”由{old}改为{new}",
             public="{child}的办理时限短于{parent}：{change}"),
    )

    def wording(self, value: float | None, open_text: str = "") -> str:
        if value is None:
            return super().wording(value, open_text)
        return f"{number(value)}{self.unit}{_SUFFIX[self.bound]}"
