"""Acceptance 4 of issue 17 in a real browser (Debian chromium): the 统计数据 pages render at 390 px and at desktop
width with nothing wider than the screen (only the tables' own scrolling regions may be), axe-core reports no
serious or critical violation, no request leaves the host, every chart has its table, and the charts' text is
text, in a CJK font, large enough to read on a phone."""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

PAGES = {
    "概览": "statistics/",
    "指标（全市与各县）": "statistics/indicators/welfare_home_grade_share/",
    "指标（按人口规模）": "statistics/indicators/public_institution_beds/",
    "指标（只有全市）": "statistics/indicators/sports_lottery_community_funds/",
    "县（区）": "statistics/regions/140223/",
    "全市": "statistics/regions/140200/",
}
VIEWPORTS = {"390px": {"width": 390, "height": 844}, "桌面": {"width": 1280, "height": 900}}
BLOCKING = {"serious", "critical"}

# Elements of the article wider than the window, outside a region that scrolls on purpose (a table's wrapper).
OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  const scrolls = el => { for (let a = el.parentElement; a; a = a.parentElement) {
    const x = getComputedStyle(a).overflowX; if (x === 'auto' || x === 'scroll') return true; } return false; };
  return [...document.querySelectorAll('article *')]
    .filter(el => { const r = el.getBoundingClientRect(); return r.width && (r.right > width + 1 || r.left < -1); })
    .filter(el => !scrolls(el))
    .map(el => el.tagName + '.' + el.className + ' ' + Math.round(el.getBoundingClientRect().right));
}"""
CHARTS = """() => [...document.querySelectorAll('figure.qd-chart')].map(f => {
  const svg = f.querySelectorAll('svg'), table = f.querySelectorAll('table');
  const label = svg[0] && document.getElementById(svg[0].getAttribute('aria-labelledby'));
  const texts = svg[0] ? [...svg[0].querySelectorAll('text')] : [];
  const tick = texts.find(t => /^Q[1-4]/.test(t.textContent));
  return {svgs: svg.length, tables: table.length, labelled: !!label && label.closest('figure') === f,
          rows: table[0] ? table[0].tBodies[0].rows.length : 0, texts: texts.length,
          font: texts[0] ? getComputedStyle(texts[0]).fontFamily : '',
          tickHeight: tick ? tick.getBoundingClientRect().height : 0,
          right: svg[0] ? svg[0].getBoundingClientRect().right : 0};
})"""


def _foreign(requests: list[str], base: str) -> list[str]:
    host = urlsplit(base).netloc
    return [url for url in requests if not url.startswith(("data:", "blob:")) and urlsplit(url).netloc != host]


def _summary(violations: list[dict]) -> list[str]:
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}" for v in violations]


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("name", list(PAGES))
def test_statistics_page_fits_reads_and_stays_on_the_host(visit, site_url, name, viewport):
    v = visit(site_url + PAGES[name], viewport=VIEWPORTS[viewport])
    page = v.page
    page.wait_for_load_state("networkidle")
    expect(page.locator("h1")).to_contain_text("示例数据")
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS[viewport]["width"]
    assert page.evaluate(OVERFLOWING) == []
    violations = [x for x in v.axe() if x["impact"] in BLOCKING]
    assert not violations, _summary(violations)
    assert not _foreign(v.requests, site_url), _foreign(v.requests, site_url)


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("name", [n for n in PAGES if n != "概览"])
def test_every_chart_has_its_table_and_its_text_is_text(visit, site_url, name, viewport):
    v = visit(site_url + PAGES[name], viewport=VIEWPORTS[viewport])
    charts = v.page.evaluate(CHARTS)
    assert charts
    width = VIEWPORTS[viewport]["width"]
    for chart in charts:
        assert (chart["svgs"], chart["tables"], chart["labelled"]) == (1, 1, True), chart
        assert chart["rows"] == 8, chart  # 2024Q1–2025Q4
        assert chart["texts"] >= 10 and "Noto Sans CJK SC" in chart["font"], chart
        assert chart["right"] <= width, chart
        assert chart["tickHeight"] >= 13, chart  # the quarter labels, as drawn on this screen


def test_the_matrix_page_is_accessible_in_elder_mode(visit, site_url):
    v = visit(site_url + PAGES["概览"], viewport=VIEWPORTS["390px"])
    v.page.locator("label.qd-palette-toggle:not([hidden])").click()
    expect(v.page.locator("body")).to_have_attribute("data-md-color-scheme", "elder")
    violations = [x for x in v.axe() if x["impact"] in BLOCKING]
    assert not violations, ["长者模式"] + _summary(violations)
    assert v.page.evaluate("document.documentElement.scrollWidth") <= 390
