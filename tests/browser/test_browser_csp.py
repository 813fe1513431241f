"""The Content-Security-Policy of every page in Debian chromium (issue 11, point 14): the theme works under it —
no console error, no policy violation while the page loads, switches to 长者模式 and searches — and it is in force:
an inline script, whether added to the live page or written into a built page, is refused and never runs.

(The calculator page's own policy is tested in tests/browser/test_calculator.py.)"""
from __future__ import annotations

import re
import shutil

import pytest
from playwright.sync_api import expect

import qingdan_sitebuild as sitebuild

from generator.site.calculator.serving import StaticServer

PAGES = {
    "首页": "",
    "项目": "items/old-age-allowance-80-99/",
    "县（区）": "lists/140213/",
    "404": "404.html",
    "符合性对照": "compliance/",
}
RECORD_VIOLATIONS = """window.__violations = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__violations.push(`${e.effectiveDirective} ${e.blockedURI} ${e.sample}`));"""
"""Runs before the page's own scripts (a DevTools init script, which the page's policy does not govern)."""

ADD_INLINE_SCRIPT = """() => new Promise((resolve) => {
    let directive = null;
    document.addEventListener("securitypolicyviolation", (e) => { directive = e.effectiveDirective; }, { once: true });
    const script = document.createElement("script");
    script.textContent = "window.__added = 1";
    document.head.append(script);
    setTimeout(() => resolve({ directive, ran: window.__added === 1 }), 500);
})"""
"""Adds an inline script to the live page: which directive refused it (the event follows soon), and whether it ran."""


class Watched:
    """A page in its own browser context, recording console errors, page errors and policy violations."""

    def __init__(self, browser, url: str):
        self.context = browser.new_context(locale="zh-CN")
        self.context.add_init_script(RECORD_VIOLATIONS)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.goto(url, wait_until="load")
        self.page.wait_for_load_state("networkidle")

    @property
    def violations(self) -> list[str]:
        return self.page.evaluate("window.__violations")


@pytest.fixture
def watch(browser):
    opened: list[Watched] = []

    def open_page(url: str) -> Watched:
        opened.append(Watched(browser, url))
        return opened[-1]

    yield open_page
    for item in opened:
        item.context.close()


@pytest.mark.parametrize("name", list(PAGES))
def test_the_theme_works_under_the_policy_and_the_policy_is_in_force(watch, site_url, name):
    w = watch(site_url + PAGES[name])
    page = w.page
    assert page.evaluate("typeof __md_scope") == "object", "the theme's inline head script ran"
    # (waits through locators: a polling wait_for_function needs eval, which the policy refuses)
    page.locator("label.qd-palette-toggle:not([hidden])").click()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "elder")
    page.locator(".md-search__input").click()
    expect(page.locator(".md-search-result__meta")).not_to_contain_text("初始化", timeout=30000)
    page.locator(".md-search__input").fill("高龄津贴")
    page.wait_for_selector(".md-search-result__item", timeout=20000)
    assert w.errors == [] and w.violations == [], (w.errors, w.violations)
    assert page.evaluate(ADD_INLINE_SCRIPT) == {"directive": "script-src-elem", "ran": False}


INJECTED_SCRIPT = "<script>window.__injected = 1</script>"
INJECTED_HANDLER = '<img src="missing.png" alt="" onerror="window.__handler = 1">'


@pytest.fixture
def tampered_site_url(tmp_path_factory, tmp_path):
    """A copy of the built site in which an item page carries an inline script and an inline event handler, as if
    they had slipped through into the built HTML."""
    site = shutil.copytree(sitebuild.shared_build(tmp_path_factory, "real").require(), tmp_path / "site")
    page = site / PAGES["项目"] / "index.html"
    text = page.read_text(encoding="utf-8")
    text, count = re.subn(r'(<article[^>]*>)', rf"\1{INJECTED_SCRIPT}{INJECTED_HANDLER}", text, count=1)
    assert count == 1
    page.write_text(text, encoding="utf-8")
    for copy in (".br", ".gz"):  # the build's precompressed copies (issue 14) are of the page as built
        page.with_name(page.name + copy).unlink()
    with StaticServer(site) as server:
        yield server.url


def test_a_script_written_into_a_built_page_is_refused(watch, tampered_site_url):
    w = watch(tampered_site_url + PAGES["项目"])
    assert w.page.locator("article img[onerror]").count() == 1, "the tampered page was served"
    assert w.page.evaluate("[window.__injected, window.__handler]") == [None, None]
    assert sorted(v.split()[0] for v in w.violations) == ["script-src-attr", "script-src-elem"], w.violations
    assert w.page.evaluate("typeof __md_scope") == "object", "the theme's own inline scripts still run"
