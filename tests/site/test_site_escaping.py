"""Acceptance 4: policy text is shown as text, never as markup — in HTML, in Markdown-built parts (headings, nav,
titles) and in the search index. The fixture site's policy carries ``<script>``, an ``<img onerror>``, Markdown
syntax and a definition that closes the surrounding tags."""
from __future__ import annotations

import html
import json

import qingdan_sitebuild as sitebuild

INJECTED, IMG, MARKDOWN = sitebuild.INJECTED, sitebuild.INJECTED_IMG, sitebuild.MARKDOWN_TEXT
ITEM_URL = f"items/{sitebuild.INJECTED_ITEM}/"


def _all_html(site):
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in site.rglob("*.html")}


def test_no_page_contains_injected_markup(fixture_site):
    for name, text in _all_html(fixture_site).items():
        assert INJECTED not in text, name
        assert "onerror=\"alert" not in text and "onerror=alert" not in text, name
        assert 'href="javascript:' not in text, name
        assert "<em>星号</em>" not in text, name


def test_injected_text_is_shown_verbatim_where_it_belongs(fixture_site):
    page = sitebuild.read_page(fixture_site, ITEM_URL)
    title = page.find("title").text()
    assert title.startswith("第22项 社会救助" + INJECTED), title
    h1 = page.find("h1").text()
    assert h1.startswith("社会救助" + INJECTED), h1
    body = page.find("article").text()
    for text in (INJECTED, IMG, MARKDOWN, "临时性救助服务" + INJECTED):
        assert text in body, text
    city = sitebuild.read_page(fixture_site, "lists/140200/").find("table", class_="qd-official")
    assert "社会救助" + INJECTED in city.find("tr", id="item-22").text()
    nav = sitebuild.read_page(fixture_site, ITEM_URL).find("nav", class_="md-nav--primary")
    assert "22 社会救助" + INJECTED in " ".join(nav.text().split())


def test_definition_text_cannot_close_tags(fixture_site):
    page = sitebuild.read_page(fixture_site, "items/dibao-temporary-relief/")
    definition = page.find("div", id="def-dibao")
    assert definition is not None
    assert "</dd></dl>" + INJECTED in definition.text()


def test_findings_quote_policy_text_escaped(fixture_site):
    """Check findings repeat item names (here on county pages and the matrix) — escaped as well."""
    county = sitebuild.read_page(fixture_site, "lists/140212/")
    assert "社会救助" + INJECTED in county.find("article").text()


def test_search_index_holds_escaped_text(fixture_site):
    index = (fixture_site / "search/search_index.json").read_text(encoding="utf-8")
    docs = json.loads(index)["docs"]
    assert INJECTED not in index
    assert any(html.escape(INJECTED, quote=False) in doc["text"].replace("\u200b", "") for doc in docs)


def test_markup_is_plain_data_in_the_open_data(fixture_site):
    data = json.loads((fixture_site / "data/140200.json").read_text(encoding="utf-8"))
    item = next(i for i in data["items"] if i["id"] == sitebuild.INJECTED_ITEM)
    assert item["official"]["name"] == "社会救助" + INJECTED
