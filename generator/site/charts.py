"""The statistics' charts, drawn at build time with matplotlib as SVG whose text stays text (``svg.fonttype: none``),
ready to be written into a page: no script, no file to fetch, no id shared with another chart on the page.

matplotlib rather than Vega-Lite through vl-convert: matplotlib draws in Python itself (vl-convert runs Vega's
JavaScript in a JavaScript engine built into a large native wheel), it has kept its SVG output stable for many
years, and with ``svg.fonttype: none`` every label is a ``<text>`` element in a CSS font stack, so the browser draws
it in the reader's own CJK font, selectable and at any size.

One chart is one region's figures over the quarters, with the thresholds the plan sets (dashed lines) and their
deadlines (dotted lines, and a diamond where the threshold is due). It is drawn small (a 340-unit-wide view box, the
labels 15–16 units high): on a 390 px phone it is shown about as large as it was drawn, so its labels read at about
15 px, and on a wider screen it grows with its column (at most 22rem, see docs/stylesheets/statistics.css).
"""
from __future__ import annotations

import io
import re
import sys
from dataclasses import dataclass
from decimal import Decimal

import matplotlib

matplotlib.use("svg")
import matplotlib.pyplot as plt  # noqa: E402  (the backend is chosen first)

from ..model.plan import PERCENT, Quarter, number_text  # noqa: E402
from .buildcache import cache_dir, cached, source_digest  # noqa: E402

# The site uses the reader's system fonts: a stack that finds a CJK font on every common system.
FONT_STACK = ["Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei",
              "WenQuanYi Micro Hei", "sans-serif"]
WIDTH, HEIGHT = 340, 230  # the view box, in SVG units
FONT_SIZE = 16
DATA_COLOUR, TARGET_COLOUR, DEADLINE_COLOUR, GRID_COLOUR = "#1a237e", "#b3261e", "#555555", "#d0d0d0"
STYLE = {
    "svg.fonttype": "none", "font.family": ["sans-serif"], "font.sans-serif": FONT_STACK, "font.size": FONT_SIZE,
    "axes.edgecolor": "#333333", "axes.labelcolor": "#111111", "xtick.color": "#111111", "ytick.color": "#111111",
    "axes.spines.top": False, "axes.spines.right": False, "axes.unicode_minus": False,
}
_CODE = source_digest(sys.modules[__name__])  # what draws the charts, part of each chart's cache key
_ID = re.compile(r'\sid="([^"]+)"')
_REFERENCE = re.compile(r'(?:url\(#|xlink:href="#|href="#)([^)"]+)')


@dataclass(frozen=True)
class Line:
    """A threshold the figure must reach: at ``value``, due in ``due`` (None: a standing rule, or every year)."""

    value: Decimal
    label: str
    due: Quarter | None = None
    every_year: bool = False


def _tick_label(quarter: Quarter, first: bool) -> str:
    return f"Q{quarter.number}\n{quarter.year}" if first or quarter.number == 1 else f"Q{quarter.number}"


def _markup(svg: str, label_id: str) -> str:
    """matplotlib's SVG document as an element of a page: no XML prologue or metadata, sized by its container,
    described by the element ``label_id``, and only the ids its own references need."""
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    svg = re.sub(r"<defs>\s*<style[^>]*>.*?</style>\s*</defs>\s*", "", svg, flags=re.S)  # a page-wide * rule
    referenced = set(_REFERENCE.findall(svg))
    svg = _ID.sub(lambda m: m.group(0) if m.group(1) in referenced else "", svg)
    svg = re.sub(r'<svg [^>]*?(viewBox="[^"]*")[^>]*>',
                 rf'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" \1 '
                 rf'class="qd-chart-svg" role="img" aria-labelledby="{label_id}" focusable="false">', svg, count=1)
    return svg.strip()


def line_chart(key: str, quarters: list[Quarter], values: list[Decimal | None], unit: str, lines: list[Line],
               note: str, label_id: str, yearly: bool = False) -> str:
    """One region's figures as an inline SVG element. ``key`` makes its ids unique on a page; ``note`` is written
    above the plot when there is no threshold to draw (e.g. 文件未规定); ``label_id`` names the caption. A
    ``yearly`` figure (a year-to-date total) starts a new line each year: its fall in the first quarter is none.
    Drawn once for the same arguments and kept (``buildcache``): matplotlib takes most of a build's time otherwise."""
    arguments = repr((key, [str(q) for q in quarters], values, unit, lines, note, label_id, yearly))
    return cached(cache_dir("charts"), f"{matplotlib.__version__}|{_CODE}|{arguments}",
                  lambda: _draw(key, quarters, values, unit, lines, note, label_id, yearly).encode("utf-8")
                  ).decode("utf-8")


def _draw(key: str, quarters: list[Quarter], values: list[Decimal | None], unit: str, lines: list[Line], note: str,
          label_id: str, yearly: bool) -> str:
    with plt.rc_context({**STYLE, "svg.hashsalt": key}):
        figure, axes = plt.subplots(figsize=(WIDTH / 72, HEIGHT / 72), dpi=72)
        xs = list(range(len(quarters)))
        shown = [(x, float(v)) for x, v in zip(xs, values) if v is not None]
        top = max([v for _, v in shown] + [float(line.value) for line in lines] + [1.0])
        if unit == PERCENT:
            top = max(top, 100.0)
        axes.set_ylim(0, top * 1.18)
        axes.set_xlim(-0.4, len(quarters) - 0.6)
        axes.grid(axis="y", color=GRID_COLOUR, linewidth=0.8)
        axes.set_axisbelow(True)
        for line in lines:
            axes.axhline(float(line.value), color=TARGET_COLOUR, linestyle=(0, (6, 3)), linewidth=1.8)
            axes.text(-0.3, float(line.value) + top * 0.025, line.label, color=TARGET_COLOUR, fontsize=FONT_SIZE - 1,
                      va="bottom", ha="left")
            dues = [x for x, q in zip(xs, quarters) if line.every_year and q.number == 4 or q == line.due]
            for x in dues:
                axes.axvline(x, color=DEADLINE_COLOUR, linestyle=(0, (1.5, 2.5)), linewidth=1.4)
                axes.plot([x], [float(line.value)], marker="D", markersize=7, color=TARGET_COLOUR)
        figure.text(0.02, 0.975, f"单位：{unit}", fontsize=FONT_SIZE - 1, va="top", ha="left", color="#111111")
        if note:
            figure.text(0.97, 0.975, note, fontsize=FONT_SIZE - 1, va="top", ha="right", color="#111111",
                        bbox={"facecolor": "#fff3cd", "edgecolor": "#8a6100", "boxstyle": "round,pad=0.25"})
        if shown:
            year = {x: q.year for x, q in zip(xs, quarters)}
            for segment in sorted({year[x] if yearly else 0 for x, _ in shown}):
                points = [(x, v) for x, v in shown if not yearly or year[x] == segment]
                axes.plot([x for x, _ in points], [v for _, v in points], color=DATA_COLOUR, linewidth=2.4,
                          marker="o", markersize=5.5)
            last_x, last_v = shown[-1]
            crowded = any(0 <= float(line.value) - last_v < top * 0.15 for line in lines)  # a threshold just above
            axes.annotate(number_text(Decimal(str(last_v))), (last_x, last_v), textcoords="offset points",
                          xytext=(-4, -9) if crowded else (-4, 7), ha="right", va="top" if crowded else "bottom",
                          fontsize=FONT_SIZE, color=DATA_COLOUR, fontweight="bold")
        axes.set_xticks(xs, [_tick_label(q, i == 0) for i, q in enumerate(quarters)], fontsize=FONT_SIZE - 1)
        axes.tick_params(axis="y", labelsize=FONT_SIZE - 1)
        figure.subplots_adjust(left=0.16, right=0.97, top=0.85, bottom=0.22)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
        plt.close(figure)
    return _markup(buffer.getvalue(), label_id)
