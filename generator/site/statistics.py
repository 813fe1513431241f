"""The site's 统计数据 section, from the checked plan (:attr:`generator.checking.PolicySnapshot.plan`):

- ``statistics/``: the county × target matrix for the latest quarter (like the compliance matrix), the gaps the text
  leaves (文件未规定), every target with its official sentence, and the data package to download;
- ``statistics/indicators/<id>/``: one indicator, a chart of every region over the quarters with the thresholds and
  deadlines, each with the same figures as a table beside it and a sentence saying where the region stands;
- ``statistics/regions/<code>/``: one region's figures (each county's page links to it).

Everything is computed once here (:func:`statistics_view`) from :func:`generator.compare.targets.assess`, the same
verdicts ``qingdan targets`` prints. Charts come from :mod:`generator.site.charts`.
"""
from __future__ import annotations

import io
import zipfile
from collections import Counter
from dataclasses import dataclass, field

from markupsafe import Markup

from ..compare.targets import NOT_APPLICABLE, STATUS_LABELS, UNSPECIFIED, Assessment
from ..findings import Finding
from ..model.plan import (CUMULATIVE_YEAR, Indicator, Observation, Plan, Quarter, Region, Requirement, Target,
                          number_text, with_unit)
from . import urls
from .charts import Line, line_chart
from .text import html_title

ZIP_NAME = "statistics.zip"
FILE_LABELS = {"datapackage.json": "数据包描述（Frictionless Data Package）", "tableschema.json": "表结构（Table Schema）"}
UNSPECIFIED_NOTE = "文件未规定目标"


@dataclass
class ChartView:
    """One region's figures of one indicator: the chart, the same figures as a table, and where it stands."""

    indicator: Indicator
    region: Region
    rows: list[tuple[Quarter, Observation | None]]
    svg: Markup
    caption_id: str
    verdicts: list[Assessment]  # at the latest quarter, for the requirements on this indicator that apply

    @property
    def anchor(self) -> str:
        return f"region-{self.region.code}"

    @property
    def table(self) -> list[dict[str, str]]:
        """The chart's figures as the table beside it shows them."""
        return [{"quarter": quarter.short_label, "value": number_text(o.value) if o else "无数据",
                 "numerator": number_text(o.numerator) if o else "—", "denominator": number_text(o.denominator) if o
                 else "—"} for quarter, o in self.rows]

    @property
    def latest_text(self) -> str:
        """The latest figure, for a chart no target applies to."""
        quarter, o = self.rows[-1]
        figure = with_unit(o.value, self.indicator.unit) if o else "无数据"
        return f"{quarter.label}：{figure}（实施方案没有按这项指标考核{self.region.name}的目标）"


@dataclass
class IndicatorView:
    indicator: Indicator
    requirements: list[tuple[Target, Requirement]]
    charts: list[ChartView]

    @property
    def id(self) -> str:
        return self.indicator.id

    def summary(self, quarter: Quarter) -> str:
        """How the regions stand, in one sentence (none when no target measures this indicator)."""
        counts = Counter(v.status for chart in self.charts for v in chart.verdicts)
        if not counts:
            return ""
        parts = "，".join(f"{STATUS_LABELS[s]} {counts[s]} 项" for s in STATUS_LABELS if counts.get(s))
        return f"{quarter.label}，对照目标：{parts}。"


@dataclass
class MatrixRow:
    """One row of the matrix: a requirement, or a target's requirements that differ by population (one of them, or
    none — 文件未规定 — applies to each county)."""

    target: Target
    label: str
    cells: dict[str, Assessment]  # region code -> the verdict shown


@dataclass
class StatisticsView:
    plan: Plan
    quarter: Quarter
    indicators: list[IndicatorView]
    matrix: list[MatrixRow]
    gaps: list[Finding]
    downloads: list[tuple[str, str]] = field(default_factory=list)  # (site path, label)

    @property
    def example(self) -> bool:
        return self.plan.statistics.example

    @property
    def regions(self) -> list[Region]:
        return list(self.plan.regions.values())

    def indicator(self, indicator_id: str) -> IndicatorView:
        return next(view for view in self.indicators if view.id == indicator_id)

    def charts_of(self, code: str) -> list[ChartView]:
        return [chart for view in self.indicators for chart in view.charts if chart.region.code == code]

    def verdicts_of(self, code: str) -> list[Assessment]:
        """The region's verdicts at the latest quarter, one per matrix row, those that apply."""
        return [row.cells[code] for row in self.matrix if row.cells[code].status != NOT_APPLICABLE]


def _shown(verdicts: list[Assessment]) -> Assessment:
    """Of the verdicts of requirements that differ by population, the one that applies (or 文件未规定)."""
    return next((v for v in verdicts if v.status != NOT_APPLICABLE), verdicts[0])


def _matrix(plan: Plan, verdicts: list[Assessment]) -> list[MatrixRow]:
    rows = []
    for target in plan.targets:
        by_population = [r for r in target.requirements if r.population]
        groups = [[r] for r in target.requirements if not r.population] + ([by_population] if by_population else [])
        for group in groups:
            label = target.title if len(group) == len(target.requirements) else group[0].label
            cells = {code: _shown([v for v in verdicts if v.requirement in group and v.region.code == code])
                     for code in plan.regions}
            rows.append(MatrixRow(target, label, cells))
    return rows


def _lines(verdicts: list[Assessment]) -> list[Line]:
    return [Line(v.requirement.threshold, f"目标 {v.requirement.threshold_text}", v.requirement.deadline_quarter,
                 bool(v.requirement.each_year_from)) for v in verdicts if v.status not in (NOT_APPLICABLE, UNSPECIFIED)]


def _chart(plan: Plan, indicator: Indicator, region: Region, verdicts: list[Assessment]) -> ChartView:
    stats = plan.statistics
    series = stats.series(indicator.id, region.code)
    rows = [(quarter, series.get(quarter)) for quarter in stats.quarters]
    mine = [v for v in verdicts if v.requirement.measure == indicator.id and v.region.code == region.code
            and v.status != NOT_APPLICABLE]
    unspecified = bool(mine) and all(v.status == UNSPECIFIED for v in mine)
    if unspecified:
        mine = mine[:1]  # each requirement that differs by population says the same: the text has no rule here
    caption_id = f"chart-{indicator.id}-{region.code}"
    svg = line_chart(f"{indicator.id}-{region.code}", stats.quarters, [o.value if o else None for _, o in rows],
                     indicator.unit, _lines(mine), UNSPECIFIED_NOTE if unspecified else "", caption_id,
                     yearly=indicator.cumulative == CUMULATIVE_YEAR)
    # matplotlib writes every text of the chart XML-escaped; nothing else from policy/ goes into it
    return ChartView(indicator, region, rows, Markup(svg), caption_id, mine)


def _downloads(plan: Plan) -> tuple[list[tuple[str, str]], dict[str, bytes]]:
    published = plan.statistics.published
    files = {urls.statistics_file(name): content for name, content in sorted(published.items())}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in sorted(published.items()):
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))  # the same bytes from the same data
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
    files[urls.statistics_file(ZIP_NAME)] = buffer.getvalue()
    labels = [(urls.statistics_file(ZIP_NAME), "全部文件（ZIP 压缩包）")]
    labels += [(urls.statistics_file(name), FILE_LABELS[name] if name in FILE_LABELS else
                f"{Quarter.parse(name.removesuffix('.csv')).label}（CSV）")
               for name in sorted(published, key=lambda n: (n not in FILE_LABELS, n))]
    return labels, files


def statistics_view(plan: Plan, assessments) -> tuple[StatisticsView, dict[str, bytes]]:
    """The section's content and its data files (site path -> bytes), from a plan that checked clean and the
    snapshot's assessments of it (:attr:`generator.checking.PolicySnapshot.assessments`)."""
    quarter = plan.statistics.quarters[-1]
    verdicts = list(assessments[quarter])
    indicators = []
    for indicator in plan.indicators.values():
        regions = [r for r in plan.regions.values() if r.level in indicator.levels]
        charts = [_chart(plan, indicator, region, verdicts) for region in regions
                  if plan.statistics.series(indicator.id, region.code)]
        indicators.append(IndicatorView(indicator, [(t, r) for t, r in plan.requirements if r.measure == indicator.id],
                                        charts))
    downloads, files = _downloads(plan)
    gaps = [f for f in plan.findings if f.rule == "TARGET_TEXT_GAP"]
    return StatisticsView(plan, quarter, indicators, _matrix(plan, verdicts), gaps, downloads), files


# -- pages and navigation (called by generator.site.pages.Renderer) ----------------------------------------------------
WIDE = {"hide": ["navigation", "toc"]}  # the matrix: the whole width
NO_TOC = {"hide": ["toc"]}  # a chart and its table side by side


def _titled(text: str, view: StatisticsView | None) -> str:
    return f"{text}（示例数据）" if view is not None and view.example else text


def statistics_pages(renderer) -> list:
    """The section's pages, rendered by ``renderer`` (a :class:`generator.site.pages.Renderer`)."""
    view = renderer.site.statistics
    out = [renderer._page(urls.STATISTICS, "statistics.md.j2", _titled("统计数据", view), WIDE,
                          status_labels=STATUS_LABELS)]
    if view is None:
        return out
    for indicator in view.indicators:
        out.append(renderer._page(urls.statistics_indicator(indicator.id), "statistics-indicator.md.j2",
                                  _titled(indicator.indicator.label, view), NO_TOC, v=view, iv=indicator))
    for region in view.regions:
        out.append(renderer._page(urls.statistics_region(region.code), "statistics-region.md.j2",
                                  _titled(f"{region.name}的统计数据", view), NO_TOC, v=view, region=region))
    return out


def statistics_nav(renderer) -> list[dict[str, str]]:
    """The section in the sidebar: the overview, then one page per indicator (the regions' pages are linked)."""
    view = renderer.site.statistics
    nav = [{html_title("目标进度与下载"): urls.STATISTICS}]
    return nav + [{html_title(i.indicator.label): urls.statistics_indicator(i.id)} for i in view.indicators] if view \
        else nav
