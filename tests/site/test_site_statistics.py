"""The 统计数据 section of the built site (issue 17): every chart's table holds exactly the statistics' figures, the
charts are inline SVG whose text is text, every page and file says 示例数据, the 10万–20万 gap shows as 文件未规定,
each county's page links to its figures, and the data package is downloadable as checked."""
from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import pytest
import yaml

from tests.conftest import POLICY, load_sitebuild

sitebuild = load_sitebuild()
STATISTICS = POLICY / "statistics"
INDICATORS = sorted(yaml.safe_load((POLICY / "indicators.yaml").read_text(encoding="utf-8"))["indicators"])
GAP_COUNTIES = {"140215", "140222", "140223", "140224"}  # 云州区 天镇县 广灵县 灵丘县: 10万–20万 people (示例)


def csv_rows() -> dict[tuple[str, str, str], dict]:
    rows = {}
    for file in sorted(STATISTICS.glob("*.csv")):
        for row in csv.DictReader(io.StringIO(file.read_text(encoding="utf-8"))):
            rows[row["region"], row["quarter"], row["indicator"]] = row
    return rows


def figures(page) -> list:
    return [f for f in page.find_all("figure") if "qd-chart" in f.classes]


def number(text: str) -> str:
    """A figure as the CSV writes it, for comparison: 89.10 and 89.1 are the same number."""
    return text if "." not in text else text.rstrip("0").rstrip(".")


@pytest.mark.parametrize("indicator", INDICATORS)
def test_every_chart_has_a_table_with_exactly_the_statistics(real_site: Path, indicator: str):
    rows = csv_rows()
    page = sitebuild.read_page(real_site, f"statistics/indicators/{indicator}/")
    charts = figures(page)
    regions = sorted({code for (code, _, name) in rows if name == indicator})
    assert [f.attrs["id"] for f in charts] == [f"region-{code}" for code in regions]
    for chart in charts:
        code = chart.attrs["id"].removeprefix("region-")
        (svg,) = list(chart.iter("svg"))
        (table,) = list(chart.iter("table"))
        assert svg.attrs["aria-labelledby"] == chart.find("figcaption").attrs["id"]
        assert any(t.text().startswith("Q") for t in svg.iter("text")), "the chart's labels must stay text"
        body = [[cell.text() for cell in tr.children if not isinstance(cell, str)] for tr in table.find("tbody").iter("tr")]
        quarters = sorted({q for (c, q, name) in rows if c == code and name == indicator})
        assert len(body) == len(quarters) == 8
        for cells, quarter in zip(body, quarters):
            row = rows[code, quarter, indicator]
            assert cells[0] == f"{quarter[:4]}年{'一二三四'[int(quarter[-1]) - 1]}季度"
            assert number(cells[1]) == number(row["value"])
            if row["numerator"]:
                assert (cells[2], cells[3]) == (row["numerator"], row["denominator"])


def test_charts_are_inline_svg_without_script_or_outside_reference(real_site: Path):
    for path in (real_site / "statistics").rglob("index.html"):
        html = path.read_text(encoding="utf-8")
        charts = re.findall(r'<svg [^>]*class="qd-chart-svg".*?</svg>', html, flags=re.S)
        assert charts or path.parent.name == "statistics", path
        for svg in charts:
            assert "<script" not in svg and "<style" not in svg and "<image" not in svg
            outside = set(re.findall(r"https?://[^\"' )]+", svg)) - {"http://www.w3.org/2000/svg",
                                                                     "http://www.w3.org/1999/xlink"}
            assert not outside, (path, outside)
            assert 'font-family' in svg and "Noto Sans CJK SC" in svg


def test_every_statistics_page_says_it_is_example_data(real_site: Path):
    pages = sorted((real_site / "statistics").rglob("index.html"))
    assert len(pages) == 1 + len(INDICATORS) + 11
    for path in pages:
        page = sitebuild.parse_html(path.read_text(encoding="utf-8"))
        assert "示例数据" in page.find("h1").text(), path
        assert page.find("div", class_="qd-example-notice") is not None, path


def test_the_population_gap_shows_as_not_specified(real_site: Path):
    page = sitebuild.read_page(real_site, "statistics/")
    matrix = page.find("table", class_="qd-target-matrix")
    codes = [a.attrs["href"].rstrip("/").rsplit("/", 1)[-1] for a in matrix.find("thead").iter("a")]
    (beds,) = [tr for tr in matrix.find("tbody").iter("tr") if "公办养老机构" in tr.find("th").text()]
    cells = dict(zip(codes, [td for td in beds.iter("td")]))
    assert {code for code, td in cells.items() if "文件未规定" in td.text()} == GAP_COUNTIES
    assert all("张" not in cells[code].text() for code in GAP_COUNTIES), "no figure is judged where the text is silent"
    gaps = page.find("ul", class_="qd-findings")
    assert "TARGET_TEXT_GAP" in gaps.text() and "人口超过10万人、不到20万人" in gaps.text()
    county = sitebuild.read_page(real_site, "statistics/regions/140215/")
    assert "文件未规定" in county.find("ul", class_="qd-verdicts").text()


@pytest.mark.parametrize("code", ["140212", "140213", "140226"])
def test_each_county_page_links_to_its_figures(real_site: Path, code: str):
    page = sitebuild.read_page(real_site, f"lists/{code}/")
    links = [a.attrs["href"] for a in page.find_all("a") if a.attrs.get("href", "").endswith(f"statistics/regions/{code}/")]
    assert links
    back = sitebuild.read_page(real_site, f"statistics/regions/{code}/")
    assert any(a.attrs.get("href", "").endswith(f"lists/{code}/") for a in back.find_all("a"))


def test_the_data_package_is_downloadable_as_checked(real_site: Path):
    published = real_site / "data" / "statistics"
    names = sorted(p.name for p in STATISTICS.iterdir())
    for name in names:
        assert (published / name).read_bytes() == (STATISTICS / name).read_bytes(), name
    with zipfile.ZipFile(published / "statistics.zip") as archive:
        assert sorted(archive.namelist()) == names
        assert all(archive.read(name) == (STATISTICS / name).read_bytes() for name in names)
    page = sitebuild.read_page(real_site, "statistics/")
    downloads = [a.attrs["href"] for a in page.find("ul", class_="qd-downloads").iter("a")]
    assert {href.rsplit("/", 1)[-1] for href in downloads} == {*names, "statistics.zip"}
    assert all("download" in a.attrs for a in page.find("ul", class_="qd-downloads").iter("a"))
