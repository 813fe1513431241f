"""``kind: voucher`` — 养老服务券、养老服务卡: a voucher (or card) of a face value, issued every period by an issuer.

The plan's 措施 7 turns subsidies from cash to services: “将以现金补贴为主转向以提供养老服务券或养老服务卡等方式为主”.
A voucher term says how much each one is worth (``value`` in ``unit``, literal or a parameter), how often one is
issued (``period``) and who issues it (``issuer``): "每月发放面值100元，由平城区民政局发放".

A child list must not give less than its parent: a lower face value is a weakening, and so is a longer period (fewer
vouchers, whatever each is worth), each told on its own.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from ...findings import ERROR, INFO, Rule
from ..text import number
from .base import PER_YEAR, MeasuredTerm, Sides, Term, TermChange


@dataclass(frozen=True)
class Voucher(MeasuredTerm):
    KIND: ClassVar[str] = "voucher"
    NOUN: ClassVar[str] = "服务券"
    DIRECTION: ClassVar[str] = "面值越高、发放周期越短越好"
    PROPERTIES: ClassVar[dict[str, Any]] = {"value": ("value", "面值：每张服务券（或每次充入服务卡）的金额"),
                                            "unit": "text", "period": ("period", "多长时间发放一次"),
                                            "issuer": ("text", "发放单位，例如“平城区民政局”"), "bound": "bound"}
    REQUIRED: ClassVar[tuple[str, ...]] = ("value", "unit", "period", "issuer")
    LOWERED: ClassVar[str] = "VOUCHER_VALUE_LOWERED"
    RAISED: ClassVar[str] = "VOUCHER_VALUE_RAISED"
    RULES: ClassVar[tuple[Rule, ...]] = (
        Rule("VOUCHER_VALUE_LOWERED", ERROR, "降低", "养老服务券（卡）的面值低于上级清单", "“{label}”的面值由{old}改为{new}",
             "请把面值改为不低于上级清单的数额",
             public="{child}养老服务券（卡）的面值低于{parent}（不符合）：{change}"),
        Rule("VOUCHER_VALUE_RAISED", INFO, "提高", "养老服务券（卡）的面值高于上级清单", "“{label}”的面值由{old}改为{new}",
             public="{child}养老服务券（卡）的面值高于{parent}：{change}"),
        Rule("VOUCHER_PERIOD_LENGTHENED", ERROR, "降低", "养老服务券（卡）发放得比上级清单少（周期更长）",
             "“{label}”的发放周期由每{old}改为每{new}", "请把 period 改为不长于上级清单的周期",
             public="{child}养老服务券（卡）发放得比{parent}少（不符合）：{change}"),
        Rule("VOUCHER_PERIOD_SHORTENED", INFO, "提高", "养老服务券（卡）发放得比上级清单多（周期更短）",
             "“{label}”的发放周期由每{old}改为每{new}",
             public="{child}养老服务券（卡）发放得比{parent}多：{change}"),
    )

    issuer: str = ""

    def wording(self, value: float | None, open_text: str = "") -> str:
        """"每月发放面值100元，由平城区民政局发放"."""
        if value is None:
            return f"{super().wording(value, open_text)}，由{self.issuer}发放"
        return f"每{self.period}发放面值{self.bound_words()}{number(value)}{self.unit}，由{self.issuer}发放"

    def measure(self, value: float | None) -> dict[str, Any]:
        return {"value": value, "unit": self.unit, "period": self.period, "issuer": self.issuer, "bound": self.bound}

    def show(self, value: float) -> str:
        return f"{number(value)}{self.unit}"

    def fix(self, child: MeasuredTerm, target: float, higher: bool) -> str:
        return f"面值不低于{number(target)}{self.unit}"

    def compare(self, child: Term, parent_params: Mapping[str, Any], child_params: Mapping[str, Any],
                sides: Sides, subject: str = "") -> list[TermChange]:
        changes = super().compare(child, parent_params, child_params, sides, subject)
        if child.KIND != self.KIND or child.unit != self.unit or child.period == self.period:
            return changes
        fewer = PER_YEAR[child.period] < PER_YEAR[self.period]
        rule = self.RULES[2] if fewer else self.RULES[3]
        advice = (f"{sides.parent}要求{subject or '服务券'}每{self.period}发放一次；{sides.child}写的是每{child.period}"
                  f"发放。请改为每{self.period}发放（period: {self.period}），或更短的周期。") if fewer else ""
        changes.append(TermChange(rule, rule.text(label=self.label, old=self.period, new=child.period), advice,
                                  PER_YEAR[self.period], PER_YEAR[child.period]))
        return changes
