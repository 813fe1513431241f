"""What the plan's targets and statistics mean, checked: targets that measure what is counted, in its unit and at a
level it is counted for; the population ranges a target leaves without a rule (a gap in the text: reported, never
filled in); and figures that cannot be right: a share over 100%, more in a part than in the whole, a region or an
indicator that does not exist, a row given twice, a quarter that has not ended, a running total that shrinks, a
quarter left out."""
from __future__ import annotations

import datetime
import difflib
from decimal import Decimal

from ..findings import Finding, Location
from .plan import (CUMULATIVE_YEAR, LEVEL_LABELS, PERCENT, POPULATION_INDICATOR, STATISTICS_COLUMNS, Gap, Indicator,
                   Observation, Plan, Quarter, Requirement, Target, number_text, quarters_between)
from .plan_rules import plan_finding

def _suggestion(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1)
    return f"；是不是想写“{close[0]}”？" if close else ""


def _levels_text(levels: tuple[str, ...]) -> str:
    return "、".join(LEVEL_LABELS[level] for level in levels)


# ------------------------------------------------------------------------------------------------ targets
def population_gaps(target_id: str, requirements: tuple[Requirement, ...]) -> tuple[Gap, ...]:
    """The populations no requirement with a population condition covers (none when no requirement has one)."""
    bounds = sorted((r.population.min or 0, r.population.max) for r in requirements if r.population)
    if not bounds:
        return ()
    gaps, covered = [], -1  # every population up to ``covered`` has a rule
    for low, high in bounds:
        if low > covered + 1:
            gaps.append(Gap(target_id, covered + 1, low - 1))
        if high is None:
            return tuple(gaps)
        covered = max(covered, high)
    return tuple(gaps) + (Gap(target_id, covered + 1, None),)


def target_findings(target: Target, indicators: dict[str, Indicator]) -> list[Finding]:
    findings = []
    seen: set[str] = set()
    for requirement in target.requirements:
        at = requirement.location
        if requirement.id in seen:
            findings.append(plan_finding("TARGET_DUPLICATE_REQUIREMENT", at, id=requirement.id))
        seen.add(requirement.id)
        if requirement.population and POPULATION_INDICATOR not in indicators:
            findings.append(plan_finding("TARGET_UNKNOWN_INDICATOR", at, measure=POPULATION_INDICATOR,
                                         suggestion=f"；人口条件按常住人口（{POPULATION_INDICATOR}）判断，请在 indicators.yaml 中定义这项指标"))
        indicator = indicators.get(requirement.measure)
        if indicator is None:
            findings.append(plan_finding("TARGET_UNKNOWN_INDICATOR", at, measure=requirement.measure,
                                         suggestion=_suggestion(requirement.measure, list(indicators))))
            continue
        if requirement.unit != indicator.unit:
            findings.append(plan_finding("TARGET_UNIT_MISMATCH", at, unit=requirement.unit, label=indicator.label,
                                         expected=indicator.unit))
        for level in requirement.levels:
            if level not in indicator.levels:
                findings.append(plan_finding("TARGET_LEVEL_MISMATCH", at, label=indicator.label,
                                             levels=_levels_text(indicator.levels), level=LEVEL_LABELS[level]))
    for gap in target.gaps:
        located = next(r.location for r in target.requirements if r.population)
        findings.append(plan_finding("TARGET_TEXT_GAP", located, gap=gap.text, target=target.title))
    return findings


# ------------------------------------------------------------------------------------------------ statistics
def _cell(observation: Observation, column: str) -> Location:
    return Location(observation.path, observation.row, STATISTICS_COLUMNS.index(column) + 1)


def _figure_findings(o: Observation, indicator: Indicator) -> list[Finding]:
    """One row's figures against its indicator: unit, the parts of a ratio, and the ratio itself."""
    findings = []
    if o.unit != indicator.unit:
        findings.append(plan_finding("STAT_UNIT_MISMATCH", _cell(o, "unit"), expected=indicator.unit,
                                     label=indicator.label, unit=o.unit))
    if indicator.unit == PERCENT and o.value > 100:
        findings.append(plan_finding("STAT_PERCENT_OVER_100", _cell(o, "value"), value=number_text(o.value)))
    has_parts = o.numerator is not None, o.denominator is not None
    if indicator.is_ratio and has_parts != (True, True):
        missing = "numerator" if o.numerator is None else "denominator"
        findings.append(plan_finding("STAT_RATIO_PARTS", _cell(o, missing), "missing", label=indicator.label,
                                     numerator=indicator.numerator.label, denominator=indicator.denominator.label))
        return findings
    if not indicator.is_ratio:
        if any(has_parts):
            findings.append(plan_finding("STAT_RATIO_PARTS", _cell(o, "numerator" if has_parts[0] else "denominator"),
                                         "extra", label=indicator.label))
        return findings
    if o.denominator == 0:
        findings.append(plan_finding("STAT_DENOMINATOR_ZERO", _cell(o, "denominator"),
                                     label=indicator.denominator.label))
        return findings
    if o.numerator > o.denominator:
        findings.append(plan_finding("STAT_NUMERATOR_OVER_DENOMINATOR", _cell(o, "numerator"),
                                     numerator=number_text(o.numerator), denominator=number_text(o.denominator),
                                     numerator_label=indicator.numerator.label,
                                     denominator_label=indicator.denominator.label))
        return findings
    computed = o.numerator / o.denominator * 100
    exponent = min(o.value.as_tuple().exponent, 0)
    if abs(computed - o.value) > Decimal(5).scaleb(exponent - 1):  # half a unit of the last decimal written
        findings.append(plan_finding("STAT_VALUE_MISMATCH", _cell(o, "value"), value=number_text(o.value),
                                     numerator=number_text(o.numerator), denominator=number_text(o.denominator),
                                     computed=number_text(computed.quantize(Decimal("0.01")))))
    return findings


def _decreases(plan: Plan) -> list[Finding]:
    """A running total that is smaller than in the quarter before (within the year, for a year-to-date total)."""
    findings = []
    series: dict[tuple[str, str], list[Observation]] = {}
    for o in plan.statistics.observations:
        indicator = plan.indicators.get(o.indicator)
        if indicator is not None and indicator.cumulative:
            series.setdefault((o.indicator, o.region), []).append(o)
    for (name, _), observations in sorted(series.items()):
        indicator = plan.indicators[name]
        observations.sort(key=lambda o: o.quarter)
        for before, now in zip(observations, observations[1:]):
            if indicator.cumulative == CUMULATIVE_YEAR and before.quarter.year != now.quarter.year:
                continue
            then_count, now_count = getattr(before, indicator.counted), getattr(now, indicator.counted)
            if then_count is not None and now_count is not None and now_count < then_count:
                what = (indicator.numerator.label if indicator.is_ratio else indicator.label)
                what = f"{what}（当年累计）" if indicator.cumulative == CUMULATIVE_YEAR and "当年" not in what else what
                findings.append(plan_finding("STAT_DECREASED", _cell(now, indicator.counted), what=what,
                                             quarter=now.quarter, value=number_text(now_count),
                                             previous_quarter=before.quarter, previous=number_text(then_count),
                                             previous_file=before.path, previous_row=before.row))
    return findings


def required_quarters(plan: Plan, today: datetime.date) -> list[Quarter]:
    """Every quarter from the first one up to the last file and up to each deadline's quarter, those that have
    ended (a file for a quarter not yet over is an error of its own)."""
    ends = list(plan.statistics.quarters) + [r.deadline_quarter for _, r in plan.requirements if r.deadline]
    ended = [quarter for quarter in ends if quarter.end < today]
    return quarters_between(plan.first_quarter, max(ended)) if ended else []


def statistics_findings(plan: Plan, today: datetime.date) -> list[Finding]:
    stats = plan.statistics
    findings = []
    file_quarters = {path: quarter for quarter, path in stats.files.items()}
    first_rows: dict[tuple[str, Quarter, str], Observation] = {}
    for o in stats.observations:
        expected = file_quarters[o.path]
        if o.quarter != expected:
            findings.append(plan_finding("STAT_QUARTER_MISMATCH", _cell(o, "quarter"), cell=o.quarter,
                                         file=o.path.rsplit("/", 1)[-1], quarter=expected))
        region = plan.regions.get(o.region)
        if region is None:
            known = "、".join(f"{r.code}（{r.name}）" for r in plan.regions.values())
            findings.append(plan_finding("STAT_UNKNOWN_REGION", _cell(o, "region"), code=o.region, known=known))
        indicator = plan.indicators.get(o.indicator)
        if indicator is None:
            findings.append(plan_finding("STAT_UNKNOWN_INDICATOR", _cell(o, "indicator"), indicator=o.indicator,
                                         suggestion=_suggestion(o.indicator, list(plan.indicators))))
        key = (o.region, o.quarter, o.indicator)
        if key in first_rows and first_rows[key].path == o.path:
            findings.append(plan_finding("STAT_DUPLICATE_ROW", _cell(o, "region"), other=first_rows[key].row))
            continue
        first_rows.setdefault(key, o)
        if indicator is None:
            continue
        if region is not None and region.level not in indicator.levels:
            findings.append(plan_finding("STAT_REGION_LEVEL", _cell(o, "region"), label=indicator.label,
                                         levels=_levels_text(indicator.levels), region=region.name))
        findings.extend(_figure_findings(o, indicator))
    for quarter, path in sorted(stats.files.items()):
        if quarter.end >= today:
            first = next((o for o in stats.observations if o.path == path), None)
            at = _cell(first, "quarter") if first else Location(path)
            findings.append(plan_finding("STAT_QUARTER_IN_FUTURE", at, quarter=quarter,
                                         end=f"{quarter.end.year}年{quarter.end.month}月{quarter.end.day}日"))
    for quarter in required_quarters(plan, today):
        if quarter not in stats.files:
            findings.append(plan_finding("STAT_QUARTER_MISSING", stats.location, quarter=quarter,
                                         first=plan.first_quarter))
    findings.extend(_decreases(plan))
    return findings
