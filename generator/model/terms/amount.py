"""``kind: amount`` — money: "每人每月不低于70元". Higher is better; amounts per different periods compare per year."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from ...findings import ERROR, INFO, Rule
from .base import MeasuredTerm


@dataclass(frozen=True)
class Amount(MeasuredTerm):
    KIND: ClassVar[str] = "amount"
    NOUN: ClassVar[str] = "金额"
    DIRECTION: ClassVar[str] = "越高越好"
    PROPERTIES: ClassVar[dict[str, str]] = {"value": "value", "unit": "text", "per": "text", "period": "period",
                                            "bound": "bound"}
    REQUIRED: ClassVar[tuple[str, ...]] = ("value", "unit", "bound")
    PERIODIC: ClassVar[bool] = True
    LOWERED: ClassVar[str] = "AMOUNT_LOWERED"
    RAISED: ClassVar[str] = "AMOUNT_RAISED"
    RULES: ClassVar[tuple[Rule, ...]] = (
        Rule("AMOUNT_LOWERED", ERROR, "降低", "金额低于上级清单", "“{label}”由{old}改为{new}",
             "请把金额改为不低于上级清单的数值；数值来自参数时，改该参数的 value",
             public="{child}的金额低于{parent}（不符合）：{change}"),
        Rule("AMOUNT_RAISED", INFO, "提高", "金额高于上级清单", "“{label}”由{old}改为{new}",
             public="{child}的金额高于{parent}：{change}"),
    )

    def measure(self, value: float | None) -> dict[str, Any]:
        return {"value": value, "unit": self.unit, "period": self.period, "per": self.per, "bound": self.bound}

    def shape(self) -> tuple:
        return (self.KIND, self.unit, self.per, self.period, self.bound)
