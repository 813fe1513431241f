"""``kind: count`` — how often: "每年不少于1次". More is better; counts per different periods compare per year."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from ...findings import ERROR, INFO, Rule
from .base import MeasuredTerm

_BOUND_COUNT = {"min": "不少于", "max": "不超过", "exact": ""}


@dataclass(frozen=True)
class Count(MeasuredTerm):
    KIND: ClassVar[str] = "count"
    NOUN: ClassVar[str] = "次数"
    DIRECTION: ClassVar[str] = "越高越好"
    PROPERTIES: ClassVar[dict[str, str]] = {"value": "value", "unit": "text", "per": "text", "period": "period",
                                            "bound": "bound"}
    REQUIRED: ClassVar[tuple[str, ...]] = ("value", "unit", "bound")
    PERIODIC: ClassVar[bool] = True
    LOWERED: ClassVar[str] = "COUNT_LOWERED"
    RAISED: ClassVar[str] = "COUNT_RAISED"
    RULES: ClassVar[tuple[Rule, ...]] = (
        Rule("COUNT_LOWERED", ERROR, "降低", "次数（频次）低于上级清单", "“{label}”由{old}改为{new}",
             "请把次数改为不少于上级清单的数值",
             public="{child}的次数少于{parent}（不符合）：{change}"),
        Rule("COUNT_RAISED", INFO, "提高", "次数（频次）高于上级清单", "“{label}”由{old}改为{new}",
             public="{child}的次数多于{parent}：{change}"),
    )

    def bound_words(self) -> str:
        return _BOUND_COUNT[self.bound]

    def measure(self, value: float | None) -> dict[str, Any]:
        return {"value": value, "unit": self.unit, "period": self.period, "bound": self.bound}

    def shape(self) -> tuple:
        return (self.KIND, self.unit, self.per, self.period, self.bound)
