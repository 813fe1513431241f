"""Each region's figures against each requirement of the plan's targets, in one quarter: 已达标, 按计划推进, 落后 (with
the gap), 无数据, 文件未规定 (the text sets no rule for the region: never filled in) or 不适用 (a requirement for the
city only, or for each county only).

A requirement with a deadline is on track while the figure lies on or above the straight line from the region's
first figure to the threshold at the deadline's quarter; at the deadline it is met or behind. One that applies every
year (year-to-date figures) is on track while it has reached the year's share of the threshold (a quarter of it per
quarter; a ratio must hold all year). One without a deadline is a standing rule: met or behind.

``qingdan targets`` and the site's 统计数据 section both read :func:`assess`, so they never disagree.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..model.plan import (CITY, GE, PERCENT, POPULATION_INDICATOR, Observation, Plan, Quarter, Region, Requirement, Target,
                          number_text, with_unit)

MET, ON_TRACK, BEHIND, NO_DATA, UNSPECIFIED, NOT_APPLICABLE = (
    "met", "on_track", "behind", "no_data", "unspecified", "not_applicable")
STATUS_LABELS = {MET: "已达标", ON_TRACK: "按计划推进", BEHIND: "落后", NO_DATA: "无数据", UNSPECIFIED: "文件未规定",
                 NOT_APPLICABLE: "不适用"}


@dataclass(frozen=True)
class Assessment:
    target: Target
    requirement: Requirement
    region: Region
    quarter: Quarter
    status: str
    observation: Observation | None = None
    expected: Decimal | None = None  # where the figure should be by now, on the way to the threshold
    gap: Decimal | None = None  # how far the figure is from the threshold, when it is not met
    reason: str = ""  # why there is no verdict (不适用, 文件未规定, 无数据), or what the verdict compares with

    @property
    def value(self) -> Decimal | None:
        return self.observation.value if self.observation else None

    @property
    def value_text(self) -> str:
        return with_unit(self.value, self.requirement.unit)

    @property
    def gap_text(self) -> str:
        """How far the figure is from the threshold; a gap between two percentages is in 个百分点 (95.6% is 4.4
        个百分点 short of 100%, not "4.4%" short, which would read as a share of the figure)."""
        if self.gap is None:
            return ""
        if self.requirement.unit == PERCENT:
            return f"差距 {number_text(self.gap)} 个百分点"
        return f"差距 {with_unit(self.gap, self.requirement.unit)}"

    @property
    def label(self) -> str:
        """The status in words, with the gap when behind: 落后（差距 12.5 个百分点）."""
        label = STATUS_LABELS[self.status]
        if self.status == BEHIND and self.gap is not None:
            return f"{label}（{self.gap_text}）"
        return label

    @property
    def detail(self) -> str:
        """What the verdict rests on: the quarter's figure, the threshold and the deadline, and why."""
        r = self.requirement
        if self.status in (NO_DATA, UNSPECIFIED, NOT_APPLICABLE):
            return f"{self.quarter.label}：{self.reason}"
        why = f"；{self.reason}" if self.reason else ""
        return f"{self.quarter.label}为 {self.value_text}，目标 {r.threshold_text}（{r.deadline_text}{why}）"

    @property
    def sentence(self) -> str:
        """The verdict in one sentence, for a reader who sees nothing else."""
        return f"{self.region.name}{self.detail}：{self.label}"

    def to_json(self) -> dict[str, Any]:
        r, o = self.requirement, self.observation
        return {
            "target": self.target.id, "target_title": self.target.title, "requirement": r.id,
            "requirement_label": r.label, "region": self.region.code, "region_name": self.region.name,
            "quarter": str(self.quarter), "indicator": r.measure, "status": self.status, "status_label": self.label,
            "value": json_number(self.value), "value_text": self.value_text if o else None,
            "unit": r.unit, "comparison": r.comparison,
            "threshold": json_number(r.threshold), "deadline": r.deadline.isoformat() if r.deadline else None,
            "each_year_from": r.each_year_from, "expected": json_number(self.expected),
            "gap": json_number(self.gap), "reason": self.reason,
            "source": {"file": o.path, "row": o.row} if o else None,
        }


def json_number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _met(requirement: Requirement, value: Decimal) -> bool:
    return value >= requirement.threshold if requirement.comparison == GE else value <= requirement.threshold


def _ahead_of(requirement: Requirement, value: Decimal, expected: Decimal) -> bool:
    return value >= expected if requirement.comparison == GE else value <= expected


def _gap(requirement: Requirement, value: Decimal) -> Decimal:
    return abs(requirement.threshold - value)


def _rounded(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01")).normalize()


def _not_applicable(target: Target, requirement: Requirement, region: Region, quarter: Quarter,
                    plan: Plan) -> tuple[str, str] | None:
    """(status, reason) when the requirement gives no verdict for ``region``: not its level or year, a population
    that another requirement covers, one the text says nothing about, or one not counted."""
    if region.level not in requirement.levels:
        return NOT_APPLICABLE, ("全市的指标，按全市的数据考核" if region.level != CITY
                                else "每个县（区）的指标，按各县（区）的数据考核")
    if requirement.each_year_from and quarter.year < requirement.each_year_from:
        return NOT_APPLICABLE, f"自{requirement.each_year_from}年起考核"
    if requirement.population is None:
        return None
    found = plan.statistics.at(POPULATION_INDICATOR, region.code, quarter)
    if found is None:
        return NO_DATA, "本季度没有常住人口数，无法确定适用哪一条"
    people = found.value
    if requirement.population.holds(people):
        return None
    other = next((r for r in target.requirements if r.population and r.population.holds(people)), None)
    if other is not None:
        return NOT_APPLICABLE, f"常住人口 {number_text(people)} 人，适用“{other.label}”"
    gap = next(g for g in target.gaps if g.holds(people))
    return UNSPECIFIED, f"常住人口 {number_text(people)} 人：原文对{gap.text}的县（区）没有规定"


def assess_one(plan: Plan, target: Target, requirement: Requirement, region: Region, quarter: Quarter) -> Assessment:
    def verdict(status: str, observation: Observation | None = None, **more: Any) -> Assessment:
        return Assessment(target, requirement, region, quarter, status, observation, **more)

    excluded = _not_applicable(target, requirement, region, quarter, plan)
    if excluded:
        return verdict(excluded[0], reason=excluded[1])
    found = plan.statistics.at(requirement.measure, region.code, quarter)
    if found is None:
        return verdict(NO_DATA, reason="本季度没有这项数据")
    value = found.value
    if _met(requirement, value):
        return verdict(MET, found)
    gap = _gap(requirement, value)
    if requirement.each_year_from:
        if quarter.number == 4:
            return verdict(BEHIND, found, gap=gap, reason="年底没有达到")
        ratio = plan.indicators[requirement.measure].is_ratio
        expected = requirement.threshold if ratio else _rounded(requirement.threshold * quarter.number / 4)
        status = ON_TRACK if _ahead_of(requirement, value, expected) else BEHIND
        return verdict(status, found, expected=expected, gap=gap,
                       reason=f"按进度本季度应达到 {with_unit(expected, requirement.unit)}")
    deadline = requirement.deadline_quarter
    if deadline is None:
        return verdict(BEHIND, found, gap=gap, reason="原文没有写期限，按现行要求检查")
    if quarter >= deadline:
        return verdict(BEHIND, found, gap=gap, reason="期限已到")
    series = plan.statistics.series(requirement.measure, region.code)
    first = min(q for q in series if q <= quarter)
    start = series[first].value
    share = Decimal(quarter.index - first.index) / Decimal(deadline.index - first.index)
    expected = _rounded(start + (requirement.threshold - start) * share)
    status = ON_TRACK if _ahead_of(requirement, value, expected) else BEHIND
    return verdict(status, found, expected=expected, gap=gap,
                   reason=f"从{first.label}的 {with_unit(start, requirement.unit)}起按进度，本季度应达到 "
                          f"{with_unit(expected, requirement.unit)}")


def assess(plan: Plan, quarter: Quarter) -> list[Assessment]:
    """Every requirement of every target for every region, in the targets' order, the city first."""
    return [assess_one(plan, target, requirement, region, quarter)
            for target, requirement in plan.requirements for region in plan.regions.values()]
