"""Issue 14: a content page costs at most 250 KB on the wire on a first visit, because the site search's index
(search/search_index.json, the largest file) is downloaded only when someone opens search
(generator/site/theme/javascripts/search-on-demand.js); opening search then works as before.

Served by the project's own server (generator/site/calculator/serving.py), which sends the precompressed copies.
"""
from __future__ import annotations

import pytest
from playwright.sync_api import expect


CONTENT_PAGES = {"市清单": "lists/140200/", "项目": "items/old-age-allowance-80-99/"}
MAX_BYTES = 250_000
INDEX = "/search/search_index.json"


@pytest.mark.parametrize("name", list(CONTENT_PAGES))
def test_a_content_page_weighs_at_most_250_kb_and_loads_the_search_index_only_when_searched(browser, server, name):
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})  # a phone
    try:
        page = context.new_page()
        server.reset()
        page.goto(server.url + CONTENT_PAGES[name])
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(500)
        assert INDEX not in server.sent, "no search index before anyone searches"
        assert sum(server.sent.values()) <= MAX_BYTES, dict(server.sent)
        page.locator("label.md-header__button[for='__search']").click()  # the phone's search button
        expect(page.locator(".md-search-result__meta")).not_to_contain_text("初始化", timeout=30_000)
        assert server.sent[INDEX] > 0
        page.locator(".md-search__input").fill("高龄津贴")
        page.wait_for_selector(".md-search-result__item", timeout=20_000)
    finally:
        context.close()
