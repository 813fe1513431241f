"""``kind: discount`` — what share the person pays: ``payable: 0`` is 免费, ``0.5`` 半价. Paying less is better."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from ...findings import ERROR, INFO, Rule
from ..text import number
from .base import Sides, Term, TermChange


def discount_text(payable: float) -> str:
    if payable == 0:
        return "免费"
    if payable == 0.5:
        return "半价"
    return f"按{number(payable * 10)}折"


@dataclass(frozen=True)
class Discount(Term):
    KIND: ClassVar[str] = "discount"
    NOUN: ClassVar[str] = "优惠"
    DIRECTION: ClassVar[str] = "越低越好"
    PROPERTIES: ClassVar[dict[str, str]] = {"payable": "payable"}
    REQUIRED: ClassVar[tuple[str, ...]] = ("payable",)
    RULES: ClassVar[tuple[Rule, ...]] = (
        Rule("DISCOUNT_LOWERED", ERROR, "降低", "优惠低于上级清单（自付比例更高）", "“{label}”由{old}改为{new}",
             "请把 payable 改为不高于上级清单的比例",
             public="{child}的优惠少于{parent}（不符合）：{change}"),
        Rule("DISCOUNT_RAISED", INFO, "提高", "优惠高于上级清单（自付比例更低）", "“{label}”由{old}改为{new}",
             public="{child}的优惠多于{parent}：{change}"),
    )

    payable: float = 1

    def wording(self, value: float | None, open_text: str = "") -> str:
        return self.text or discount_text(self.payable)

    def amount(self, parameters: Mapping[str, Any], fallback: Mapping[str, Any] | None = None) -> float:
        return self.payable

    def benefit(self, value: float | None) -> dict[str, Any]:
        return {"discount": {"payable": self.payable}}

    @classmethod
    def better(cls, old: float, new: float) -> bool:
        return new < old

    def compare(self, child: Term, parent_params: Mapping[str, Any], child_params: Mapping[str, Any],
                sides: Sides, subject: str = "") -> list[TermChange]:
        old = self.payable
        required = self.required(old, parent_params)
        if child.KIND != self.KIND:
            return [self.kind_changed(child, required, sides, subject)]
        new = child.payable
        if new == old:
            return []
        worse = self.worse(old, new)
        rule = self.RULES[0] if worse else self.RULES[1]
        advice = (f"{sides.parent}要求{subject}{required}；{sides.child}写的是{discount_text(new)}。"
                  f"请改为{discount_text(old)}（payable: {number(old)}）。") if worse else ""
        return [TermChange(rule, rule.text(label=self.label, old=discount_text(old), new=discount_text(new)), advice,
                           old, new)]
