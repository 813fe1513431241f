"""Browser fixtures: Debian's chromium (never ``playwright install``), one browser per test session (pytest-playwright's
session ``browser`` fixture with the launch options below), and the built sites served on 127.0.0.1.

Fixtures for any browser test:

- ``browser``: the session's chromium (from pytest-playwright, launched with ``browser_type_launch_args``);
- ``site_url`` / ``fixture_site_url``: base URL (ending in ``/``) of the real site / the fixture site (see
  tests/site/sitebuild.py), each built once per run and served on 127.0.0.1 by the project's one static server
  (generator/site/calculator/serving.py);
- ``visit(url, **context_options)``: a new page in a fresh context that records every request it makes.
"""
from __future__ import annotations

from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run"]
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = {"serious", "critical"}


def blocking_axe_violations(page) -> list[str]:
    """axe-core's serious and critical violations, one line each. Checked from the top of the page, after the
    theme's header animation (a title caught mid-fade fails the contrast check)."""
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_timeout(600)
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))  # DevTools evaluation: not an inline script
    violations = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
            for v in violations if v["impact"] in BLOCKING]


from generator.site.calculator.serving import StaticServer  # noqa: E402
from tests.conftest import load_sitebuild  # noqa: E402

sitebuild = load_sitebuild()


@pytest.fixture(scope="session")
def browser_type_launch_args():
    if not Path(CHROMIUM).exists():  # a failure, never a skip: the browser tests must run wherever the suite runs
        pytest.fail(f"{CHROMIUM} 不存在：请先运行 bash scripts/bootstrap.sh test", pytrace=False)
    return {"executable_path": CHROMIUM, "args": CHROMIUM_ARGS, "headless": True}


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """The real policy's site, served by the project's own server (precompressed copies, as nginx sends them);
    ``server.sent`` counts the bytes sent since ``server.reset()``."""
    with StaticServer(sitebuild.shared_build(tmp_path_factory, "real").require()) as served:
        yield served


@pytest.fixture(scope="session")
def site_url(server):
    return server.url


@pytest.fixture(scope="session")
def fixture_site_url(tmp_path_factory):
    with StaticServer(sitebuild.shared_build(tmp_path_factory, "fixture").require()) as server:
        yield server.url


class Visit:
    """A page in its own browser context, with every request it made."""

    def __init__(self, browser, url: str, **options):
        self.context = browser.new_context(locale="zh-CN", **options)
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))

        def on_dialog(dialog):
            self.dialogs.append(dialog.message)
            dialog.dismiss()

        self.page.on("dialog", on_dialog)
        self.page.goto(url, wait_until="load")

    def axe(self, **options) -> list[dict]:
        """axe-core's violations on the current page."""
        self.page.evaluate(AXE.read_text(encoding="utf-8"))  # DevTools evaluation: not an inline script
        return self.page.evaluate("async (options) => (await axe.run(document, options)).violations",
                                  {"resultTypes": ["violations"], **options})

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser):
    opened: list[Visit] = []

    def open_page(url: str, **options) -> Visit:
        opened.append(Visit(browser, url, **options))
        return opened[-1]

    yield open_page
    for item in opened:
        item.close()
