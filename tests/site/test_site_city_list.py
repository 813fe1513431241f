"""Acceptance 3: every cell of the official table in the published document (policy/sources) appears on the city
list page in the cell where it belongs (whitespace-insensitive), with the document's metadata."""
from __future__ import annotations

import csv
import io
import re

import pytest

import qingdan_sitebuild as sitebuild

from tests.source_table import table_rows

squeeze = sitebuild.squeeze


ROWS = table_rows()
CELL_CLASSES = {"name": "qd-name", "content": "qd-content", "standard": "qd-standard", "service_type": "qd-type",
                "department": "qd-dept"}


def test_the_source_table_has_22_rows():
    assert [row["number"] for row in ROWS] == list(range(1, 23))


@pytest.fixture(scope="module")
def city_page(real_site):
    return sitebuild.read_page(real_site, "lists/140200/")


@pytest.fixture(scope="module")
def table(city_page):
    found = city_page.find("table", class_="qd-official")
    assert found is not None
    return found


@pytest.mark.parametrize("row", ROWS, ids=lambda row: f"item-{row['number']}")
def test_every_cell_of_the_official_table_is_on_the_city_page(table, row):
    tr = table.find("tr", id=f"item-{row['number']}")
    assert tr is not None
    cells = {cls: next((c for c in tr.iter() if c.tag in ("td", "th") and cls in c.classes), None)
             for cls in [*CELL_CLASSES.values(), "qd-num"]}
    assert squeeze(cells["qd-num"].text()) == f"第{row['number']}项"
    for field, cls in CELL_CLASSES.items():
        shown = squeeze(cells[cls].text())
        assert squeeze(row[field]) in shown, (field, row[field], shown)
    # 对象: the merged cell heading this item's group (the tbody's row header)
    group_header = tr.parent.find("th", class_="qd-group")
    assert squeeze(group_header.text()) == squeeze(row["group"])


def test_the_whole_table_text_is_verbatim(table):
    """Also as one text: every source cell occurs, whitespace removed (catches cells lost outside the rows)."""
    text = squeeze(table.text())
    for row in ROWS:
        for field in ("group", *CELL_CLASSES):
            assert squeeze(row[field]) in text, (row["number"], field)


def test_header_is_the_official_layout(table):
    headers = [squeeze(th.text()) for th in table.find("thead").iter("th")]
    assert headers == ["对象", "服务项目", "服务内容", "服务标准", "服务类型", "牵头落实部门"]
    assert table.find("thead").find("th", colspan="2").text() == "服务项目"


def test_document_metadata_is_shown(city_page):
    meta = squeeze(city_page.find("dl", class_="qd-meta").text())
    for text in ("同政办发〔2024〕6号", "大同市人民政府办公室", "2024年2月6日", "市民政局、市财政局",
                 "大同市人民政府办公室关于印发推进基本养老服务体系建设实施方案的通知"):
        assert squeeze(text) in meta, text


def test_print_layout_reproduces_the_attachment(city_page, real_site):
    attachment = city_page.find("div", class_="qd-attachment")
    assert attachment.find("p", class_="qd-attachment-label").text() == "附件"
    assert attachment.find("p", class_="qd-attachment-title").text() == "大同市基本养老服务清单"
    css = (real_site / "stylesheets/qingdan.css").read_text(encoding="utf-8")
    assert "@media print" in css and "size: A4 landscape" in css


def test_csv_has_the_official_columns_and_opens_in_excel(real_site):
    raw = (real_site / "data/140200.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM so that Excel detects the encoding"
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["序号", "对象", "服务项目", "服务内容", "服务标准", "服务类型", "牵头落实部门"]
    assert len(rows) == 1 + len(ROWS)
    for source, row in zip(ROWS, rows[1:]):
        assert row[0] == str(source["number"])
        assert squeeze(row[1]) == squeeze(source["group"])
        for index, field in enumerate(("name", "content", "standard", "service_type", "department"), start=2):
            assert squeeze(row[index]) == squeeze(source[field]), (source["number"], field)
