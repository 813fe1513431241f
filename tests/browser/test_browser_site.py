"""Acceptance 2 in a real browser (Debian chromium): every page type makes requests to the serving host only and
has no serious or critical axe-core violations (standard and 长者模式); 长者模式 enlarges the text and persists;
Chinese search finds the item pages; the keyboard reaches everything; injected policy text never runs."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

import qingdan_sitebuild as sitebuild
from tests.browser.conftest import BLOCKING

PAGE_TYPES = {
    "首页": "",
    "市清单": "lists/140200/",
    "项目": "items/old-age-allowance-80-99/",
    "县（区）": "lists/140213/",
    "县（区）一览": "counties/",
    "符合性对照": "compliance/",
    "修订版一览": "revisions/",
    "修订版": "lists/140200/2024-02-06/",
    "原文": "lists/140200/2024-02-06/source/",
    "开放数据": "data/",
    "编辑指南": "editors/",
    "解读说明": "interpretations/",
    "404": "404.html",
}
PHONE = {"viewport": {"width": 390, "height": 844}}


def _foreign(requests: list[str], base: str) -> list[str]:
    host = urlsplit(base).netloc
    return [url for url in requests if not url.startswith(("data:", "blob:")) and urlsplit(url).netloc != host]


def _summary(violations: list[dict]) -> list[str]:
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}" for v in violations]


def _toggle_elder(page) -> None:
    page.locator("label.qd-palette-toggle:not([hidden])").click()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "elder")


@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_page_is_self_hosted_and_accessible(visit, site_url, name):
    v = visit(site_url + PAGE_TYPES[name])
    v.page.wait_for_load_state("networkidle")
    assert v.page.locator("h1").count() >= 1
    violations = [x for x in v.axe() if x["impact"] in BLOCKING]
    assert not violations, _summary(violations)
    _toggle_elder(v.page)
    violations = [x for x in v.axe() if x["impact"] in BLOCKING]
    assert not violations, ["长者模式"] + _summary(violations)
    assert not _foreign(v.requests, site_url), _foreign(v.requests, site_url)


@pytest.mark.parametrize("name", ["市清单", "项目", "县（区）", "符合性对照"])
def test_page_on_a_phone_is_accessible_and_fits(visit, site_url, name):
    v = visit(site_url + PAGE_TYPES[name], **PHONE)
    violations = [x for x in v.axe() if x["impact"] in BLOCKING]
    assert not violations, _summary(violations)
    # nothing but deliberately scrollable regions is wider than the screen
    overflow = v.page.evaluate("document.documentElement.scrollWidth")
    assert overflow <= 390, overflow


OUTSIDE_THE_SCREEN = """() => {
  const width = document.documentElement.clientWidth;
  const scrolls = (e) => { for (let p = e.parentElement; p; p = p.parentElement) {
    if (["auto", "scroll"].includes(getComputedStyle(p).overflowX)) return p; } return null; };
  const out = [];
  for (const e of document.querySelectorAll("article *")) {
    const box = e.getBoundingClientRect();
    if (!box.width || box.right <= width + 1) continue;
    const region = scrolls(e);  // a wide table may scroll inside its own labelled region, nothing else may stick out
    if (!region || !(region.getAttribute("role") === "region" && region.getAttribute("aria-label"))) {
      out.push(`${e.tagName}.${e.className}: right edge ${Math.round(box.right)}`);
    }
  }
  return { page: document.documentElement.scrollWidth, out: out.slice(0, 5) };
}"""
PHONE_PAGES = {**PAGE_TYPES, "统计数据": "statistics/", "项目（适老化改造）": "items/home-adaptation/",
               "项目（分散供养）": "items/tekun-dispersed-support/"}


@pytest.mark.parametrize("width,height", [(360, 740), (390, 844)])
@pytest.mark.parametrize("elder", [False, True], ids=["标准", "长者模式"])
def test_no_page_is_wider_than_a_phone_and_axe_finds_nothing_serious(visit, site_url, width, height, elder):
    """Issue 15: at 360 and 390 px, in both modes, no page scrolls sideways and nothing sticks out of the screen,
    except a wide table scrolling within its own labelled region; axe-core finds no serious or critical violation."""
    v = visit(site_url, viewport={"width": width, "height": height})
    if elder:
        _toggle_elder(v.page)
    wide, violations = {}, {}
    for name, path in PHONE_PAGES.items():
        v.page.goto(site_url + path, wait_until="load")
        found = v.page.evaluate(OUTSIDE_THE_SCREEN)
        if found["page"] > width or found["out"]:
            wide[name] = found
        blocking = [x for x in v.axe() if x["impact"] in BLOCKING]
        if blocking:
            violations[name] = _summary(blocking)
    assert not wide, wide
    assert not violations, violations


def test_the_compliance_matrix_keeps_its_item_column_in_view_on_a_phone(visit, site_url):
    v = visit(site_url + "compliance/", viewport={"width": 390, "height": 844})
    region = v.page.locator(".qd-matrix-wrap")
    assert region.get_attribute("role") == "region" and region.get_attribute("aria-label")
    region.evaluate("r => { r.scrollLeft = r.scrollWidth; }")
    offset = v.page.evaluate("""() => { const r = document.querySelector(".qd-matrix-wrap");
      const row = r.querySelector("tbody th").getBoundingClientRect();
      return [r.scrollLeft, row.left - r.getBoundingClientRect().left, row.width, r.clientWidth]; }""")
    scrolled, left, column, visible = offset
    assert scrolled > 0 and abs(left) <= 1, offset  # the item names stay at the left edge while the counties scroll
    assert column <= visible / 2, offset  # and leave room for the verdicts


@pytest.mark.parametrize("width,height", [(360, 740), (390, 844)])
@pytest.mark.parametrize("elder", [False, True], ids=["标准", "长者模式"])
def test_the_home_page_offers_the_calculator_on_the_first_phone_screen(visit, site_url, width, height, elder):
    """Issue 15: on a phone the 资格自测 entry and its one-line prompt are on the first screen, in both modes."""
    v = visit(site_url, viewport={"width": width, "height": height})
    if elder:
        _toggle_elder(v.page)
        v.page.evaluate("window.scrollTo(0, 0)")
    link = v.page.locator("article a.qd-calculator-link")
    expect(link).to_be_visible()
    assert link.get_attribute("href") == "calculator/"
    box = link.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= height and box["x"] + box["width"] <= width, box
    prompt = v.page.locator("article p", has_text="您可能可以享受哪些服务").bounding_box()
    assert prompt["y"] + prompt["height"] <= box["y"], prompt


BODY_TEXT = "getComputedStyle(document.querySelector('article .qd-meta dd, article p')).fontSize"


def test_elder_mode_enlarges_text_and_persists(visit, site_url):
    v = visit(site_url + "lists/140200/")
    page = v.page
    normal = float(page.evaluate(BODY_TEXT).removesuffix("px"))
    table = float(page.evaluate("getComputedStyle(document.querySelector('.qd-official td.qd-standard')).fontSize"
                                ).removesuffix("px"))
    assert normal >= 18 and table >= 18, (normal, table)
    _toggle_elder(page)
    elder = float(page.evaluate(BODY_TEXT).removesuffix("px"))
    assert elder >= normal * 1.25, (normal, elder)
    page.reload()
    assert page.evaluate("document.body.dataset.mdColorScheme") == "elder"
    assert float(page.evaluate(BODY_TEXT).removesuffix("px")) == elder
    page.goto(site_url + "items/nursing-subsidy/")
    assert page.evaluate("document.body.dataset.mdColorScheme") == "elder"
    assert page.locator("label.qd-palette-toggle:not([hidden])").inner_text().strip() == "标准模式"


def test_elder_mode_switch_works_from_the_keyboard(visit, site_url):
    page = visit(site_url).page
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "跳转至"  # the skip link comes first
    for _ in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('md-option')"):
            break
    else:
        pytest.fail("the 长者模式 switch cannot be reached with Tab")
    ring = page.evaluate("getComputedStyle(document.activeElement.nextElementSibling).boxShadow")
    assert ring != "none"  # the visible button shows the keyboard focus
    page.keyboard.press("Enter")
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "elder")


def test_focus_is_visible_on_links(visit, site_url):
    page = visit(site_url + "lists/140200/").page
    link = page.locator(".qd-official td.qd-name a").first
    link.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    style = page.evaluate("(() => { const s = getComputedStyle(document.activeElement); "
                          "return [s.outlineStyle, s.outlineWidth, s.boxShadow]; })()")
    assert style[0] != "none" and float(style[1].removesuffix("px")) >= 2, style


@pytest.mark.parametrize("query, item", [
    ("高龄津贴", "items/old-age-allowance-80-99/"),
    ("护理补贴", "items/nursing-subsidy/"),
    ("探访", "items/visiting-care/"),
])
def test_chinese_search_finds_the_item_page(visit, site_url, query, item):
    page = visit(site_url).page
    page.locator(".md-search__input").click()
    # wait until the search worker has indexed the site, then enter the words at once, as handwriting or voice
    # input does (no key events: docs/javascripts/qingdan.js makes the search react to that input too)
    expect(page.locator(".md-search-result__meta")).not_to_contain_text("初始化", timeout=30000)
    page.locator(".md-search__input").fill(query)
    page.wait_for_selector(".md-search-result__item", timeout=20000)
    page.wait_for_timeout(300)
    hrefs = page.eval_on_selector_all(".md-search-result__item a", "links => links.map(a => a.href)")
    assert any(urlsplit(h).path.lstrip("/").startswith(item) for h in hrefs), hrefs


INJECTED_PAGES = [f"items/{sitebuild.INJECTED_ITEM}/", "lists/140200/", "items/dibao-temporary-relief/",
                  "lists/140212/", "compliance/", f"lists/140200/{sitebuild.FIXTURE_REVISION}/",
                  "lists/140200/2024-02-06/", "revisions/"]


def test_injected_policy_text_shows_as_text_and_never_runs(visit, fixture_site_url):
    for path in INJECTED_PAGES:
        v = visit(fixture_site_url + path)
        v.page.wait_for_load_state("networkidle")
        assert not v.dialogs, (path, v.dialogs)
        assert v.page.evaluate("document.querySelectorAll('article script, article img[onerror]').length") == 0
        if path.startswith("items/homeless"):
            text = v.page.locator("article").inner_text()
            assert sitebuild.INJECTED in text and sitebuild.INJECTED_IMG in text and sitebuild.MARKDOWN_TEXT in text
            assert v.page.title().startswith("第22项 社会救助" + sitebuild.INJECTED)
        assert not _foreign(v.requests, fixture_site_url)


def test_superseded_revision_is_marked_and_links_to_the_current(visit, fixture_site_url):
    page = visit(fixture_site_url + "lists/140200/2024-02-06/").page
    text = page.locator("article").inner_text()
    assert "此修订版已被取代" in text and sitebuild.FIXTURE_REVISION in text
    current = page.locator(f"article a[href*='{sitebuild.FIXTURE_REVISION}']").first
    current.click()
    page.wait_for_load_state("load")
    assert page.url.endswith(f"lists/140200/{sitebuild.FIXTURE_REVISION}/")
    changes = page.locator("#changes + .qd-changes").inner_text()
    assert "第22项" in changes and re.search(r"共有 \d+ 处变化", changes), changes
