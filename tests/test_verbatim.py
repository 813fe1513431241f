"""Acceptance: every cell of the attachment table of 同政办发〔2024〕6号 is in the city list verbatim (modulo
whitespace), proved against the source text kept in the repository."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.loading.repository import DATE_KEYS
from generator.loading.yamlsafe import load_yaml
from tests.source_table import attachment, table_rows

ROOT = Path(__file__).resolve().parent.parent
LIST = ROOT / "policy" / "lists" / "140200" / "2024-02-06.yaml"
FIELDS = ("name", "content", "standard", "service_type", "department")
_WS = re.compile(r"\s+")


def squeeze(text: str) -> str:
    return _WS.sub("", text)


ROWS = table_rows()
ITEMS = load_yaml(LIST, date_keys=DATE_KEYS).data["items"]


def item(number: int) -> dict:
    (found,) = [i for i in ITEMS if i["number"] == number]
    return found


def test_exactly_22_items_numbered_1_to_22():
    assert [i["number"] for i in ITEMS] == list(range(1, 23))
    assert [r["number"] for r in ROWS] == list(range(1, 23))


def test_rows_1_to_18_are_tab_separated_and_19_to_22_mangled():
    assert [r["number"] for r in ROWS if r["tabbed"]] == list(range(1, 19))
    assert [r["number"] for r in ROWS if not r["tabbed"]] == [19, 20, 21, 22]


def test_merged_cells_leave_the_object_empty():
    assert [r["number"] for r in ROWS if not r["own"].strip()] == [2, 6, 7, 9, 14]


@pytest.mark.parametrize("number", range(1, 19))
def test_rows_1_to_18_cell_by_cell(number):
    row, official = ROWS[number - 1], item(number)["official"]
    assert row["number"] == number
    for field in FIELDS:
        assert squeeze(official[field]) == squeeze(row[field]), field
    assert squeeze(official["target_group"]) == squeeze(row["group"])


@pytest.mark.parametrize("number", range(19, 23))
def test_rows_19_to_22_cell_by_cell_modulo_line_wraps(number):
    row, official = ROWS[number - 1], item(number)["official"]
    for field in ("content", "standard", "service_type", "department"):
        assert official[field] == row[field], field  # these cells survived intact: exactly equal
    assert squeeze(official["name"]) == squeeze(row["name"])
    assert squeeze(official["target_group"]) == squeeze(row["own"])


@pytest.mark.parametrize("number", range(1, 23))
def test_item_is_a_contiguous_run_of_the_attachment(number):
    """Independent of the tab parse: the item's cells, whitespace removed, appear in order in the attachment."""
    whole = squeeze(attachment())
    official = item(number)["official"]
    run = squeeze(str(number) + "".join(official[field] for field in FIELDS))
    assert run in whole
    if ROWS[number - 1]["own"].strip():  # first row of a (possibly merged) group: 对象 right before the number
        assert squeeze(official["target_group"]) + run in whole
    else:  # inside a merged group: the previous row's department comes right before the number
        assert squeeze(item(number - 1)["official"]["department"]) + run in whole


def test_official_text_has_no_stray_whitespace():
    for i in ITEMS:
        for field, value in i["official"].items():
            assert value == value.strip() and "\n" not in value, (i["number"], field)


def test_squeeze_really_compares_text():
    # guard against a vacuous comparison: a single changed character must be noticed
    official = item(10)["official"]
    assert squeeze(official["standard"].replace("70", "80")) != squeeze(ROWS[9]["standard"])
    assert squeeze(str(10) + official["name"] + "x") not in squeeze(attachment())
