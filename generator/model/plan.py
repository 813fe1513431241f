"""The plan's measurable targets and its quarterly statistics (同政办发〔2024〕6号: 总体要求, 措施 3, 5, 7, 12, 16, 20),
as typed data: the statistical indicators, the targets that set thresholds on them, and the observations of each
region in each quarter.

Plain frozen dataclasses (standard library only), built by :mod:`generator.loading.plan` after validation and read by
the semantic checks (:mod:`generator.model.plan_semantics`), the assessment (:mod:`generator.compare.targets`), the
command line and the site.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal

from ..findings import Finding, Location, has_errors

CITY, COUNTY = "city", "county"
LEVEL_LABELS = {CITY: "全市", COUNTY: "每个县（区）"}
GE, LE = "ge", "le"
COMPARISON_LABELS = {GE: "≥", LE: "≤"}
CUMULATIVE_PLAN, CUMULATIVE_YEAR = "plan", "year"  # a running total since the plan began / since 1 January
PERCENT = "%"
POPULATION_INDICATOR = "resident_population"  # the indicator a requirement's population condition reads

QUARTER_PATTERN = re.compile(r"^([0-9]{4})Q([1-4])$")
# The columns of every quarter's statistics file, in order (the fields of statistics/tableschema.json).
STATISTICS_COLUMNS = ("region", "quarter", "indicator", "numerator", "denominator", "value", "unit", "source", "note")


# ------------------------------------------------------------------------------------------------ quarters
@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int  # 1–4

    @classmethod
    def parse(cls, text: str) -> "Quarter | None":
        match = QUARTER_PATTERN.match(text)
        return cls(int(match[1]), int(match[2])) if match else None

    @classmethod
    def of(cls, day: datetime.date) -> "Quarter":
        return cls(day.year, (day.month - 1) // 3 + 1)

    def __str__(self) -> str:
        return f"{self.year}Q{self.number}"

    @property
    def label(self) -> str:
        return f"{self.year}年第{'一二三四'[self.number - 1]}季度"

    @property
    def short_label(self) -> str:
        return f"{self.year}年{'一二三四'[self.number - 1]}季度"

    @property
    def end(self) -> datetime.date:
        if self.number == 4:
            return datetime.date(self.year, 12, 31)
        return datetime.date(self.year, 3 * self.number + 1, 1) - datetime.timedelta(days=1)

    @property
    def index(self) -> int:
        """Quarters since year 0: the difference of two indexes counts the quarters between them."""
        return self.year * 4 + self.number - 1

    def next(self) -> "Quarter":
        return Quarter(self.year + self.number // 4, self.number % 4 + 1)


def quarters_between(first: Quarter, last: Quarter) -> list[Quarter]:
    out, quarter = [], first
    while quarter <= last:
        out.append(quarter)
        quarter = quarter.next()
    return out


def people_text(count: int) -> str:
    """100000 -> 10万人, 150000 -> 15万人, 123456 -> 123456人."""
    return f"{count // 10000}万人" if count % 10000 == 0 else f"{count}人"


def number_text(value: Decimal | None) -> str:
    """A figure as written for people: no exponent, no trailing zeros after the point."""
    if value is None:
        return "—"
    text = format(value.normalize(), "f") if value == value.to_integral_value() else format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def with_unit(value: Decimal | None, unit: str) -> str:
    if value is None:
        return "—"
    return f"{number_text(value)}{unit}" if unit == PERCENT else f"{number_text(value)} {unit}"


# ------------------------------------------------------------------------------------------------ the plan
@dataclass(frozen=True)
class Quote:
    """Official words, verbatim from ``source``: passages in order (a sentence broken by a page of the source, or
    shortened with an ellipsis, is written as several passages). ``location`` is where the quote stands."""

    source: str
    passages: tuple[str, ...]
    section: str
    location: Location
    joined: str  # the passages as one text: joined directly where only a page break separates them, else with ……
    offset: int  # where the last passage stands in the source (targets are listed in the document's order)


@dataclass(frozen=True)
class Part:
    label: str
    unit: str


@dataclass(frozen=True)
class Indicator:
    id: str
    label: str
    unit: str
    levels: tuple[str, ...]
    numerator: Part | None = None  # a ratio: value = numerator / denominator × 100 (unit %)
    denominator: Part | None = None
    cumulative: str | None = None  # CUMULATIVE_PLAN / CUMULATIVE_YEAR: the figure never decreases (within a year)
    item: str | None = None  # the list item whose recipients or payments it counts
    description: str = ""

    @property
    def is_ratio(self) -> bool:
        return self.numerator is not None

    @property
    def counted(self) -> str:
        """The column that holds the running total of a cumulative figure."""
        return "numerator" if self.is_ratio else "value"


@dataclass(frozen=True)
class Population:
    """Inclusive bounds on a region's resident population (原文“10万人以下”“20万人以上”包括本数)."""

    min: int | None = None
    max: int | None = None

    def holds(self, people: Decimal) -> bool:
        return (self.min is None or people >= self.min) and (self.max is None or people <= self.max)

    @property
    def text(self) -> str:
        if self.min is not None and self.max is not None:
            return f"人口{people_text(self.min)}至{people_text(self.max)}"
        if self.max is not None:
            return f"人口{people_text(self.max)}以下"
        return f"人口{people_text(self.min)}以上"


@dataclass(frozen=True)
class Requirement:
    id: str
    label: str
    measure: str  # an indicator id
    comparison: str  # GE / LE
    threshold: Decimal
    unit: str
    levels: tuple[str, ...]
    deadline: datetime.date | None = None
    each_year_from: int | None = None  # the threshold applies to every calendar year from this one (year-to-date)
    population: Population | None = None
    reading: str = ""  # how the sentence was read, where it needs reading
    location: Location = field(default=Location(""), compare=False)

    @property
    def threshold_text(self) -> str:
        return f"{COMPARISON_LABELS[self.comparison]} {with_unit(self.threshold, self.unit)}"

    @property
    def deadline_quarter(self) -> Quarter | None:
        return Quarter.of(self.deadline) if self.deadline else None

    @property
    def deadline_text(self) -> str:
        if self.deadline:
            return f"{self.deadline.year}年{self.deadline.month}月{self.deadline.day}日前"
        if self.each_year_from:
            return f"{self.each_year_from}年起每年"
        return "文件未写明期限（现行要求）"

    @property
    def levels_text(self) -> str:
        text = "、".join(LEVEL_LABELS[level] for level in self.levels)
        return f"{text}（{self.population.text}）" if self.population else text


@dataclass(frozen=True)
class Gap:
    """Regions the text says nothing about: a population range no requirement of a target covers."""

    target: str
    min: int  # inclusive
    max: int | None  # inclusive; None: no upper end

    def holds(self, people: Decimal) -> bool:
        return people >= self.min and (self.max is None or people <= self.max)

    @property
    def text(self) -> str:
        upper = f"、不到{people_text(self.max + 1)}" if self.max is not None else ""
        return f"人口超过{people_text(self.min - 1)}{upper}"


@dataclass(frozen=True)
class Target:
    id: str  # the file's name: targets/<id>.yaml
    title: str
    official: Quote
    requirements: tuple[Requirement, ...]
    path: str
    gaps: tuple[Gap, ...] = ()


@dataclass(frozen=True)
class Observation:
    """One row of a quarter's statistics file."""

    region: str
    quarter: Quarter
    indicator: str
    numerator: Decimal | None
    denominator: Decimal | None
    value: Decimal
    unit: str
    source: str
    note: str
    path: str
    row: int  # the row in the file (the header is row 1)


@dataclass
class Statistics:
    """The data package: its description, every quarter's file, and the rows that passed the table checks."""

    path: str  # datapackage.json as displayed
    location: Location  # where the package lists its resources
    title: str
    description: str
    example: bool
    files: dict[Quarter, str]  # quarter -> file as displayed
    observations: list[Observation]
    published: dict[str, bytes] = field(default_factory=dict)  # file name -> bytes: the package as published

    @property
    def quarters(self) -> list[Quarter]:
        return sorted(self.files)

    def series(self, indicator: str, region: str) -> dict[Quarter, Observation]:
        return {o.quarter: o for o in self.observations if o.indicator == indicator and o.region == region}

    def at(self, indicator: str, region: str, quarter: Quarter) -> Observation | None:
        return next((o for o in self.observations
                     if o.indicator == indicator and o.region == region and o.quarter == quarter), None)


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    level: str  # CITY / COUNTY


@dataclass
class Plan:
    """Everything under ``indicators.yaml``, ``targets/`` and ``statistics/``, and every finding about it."""

    regions: dict[str, Region]  # the regions that have a list, city first
    first_quarter: Quarter | None = None
    indicators: dict[str, Indicator] = field(default_factory=dict)
    official: Quote | None = None  # 措施 3: the statistics the plan asks for
    targets: list[Target] = field(default_factory=list)
    statistics: Statistics | None = None
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """No error: only then may anything be computed or published from the statistics."""
        return not has_errors(self.findings) and self.statistics is not None

    @property
    def requirements(self) -> list[tuple[Target, Requirement]]:
        return [(target, requirement) for target in self.targets for requirement in target.requirements]
