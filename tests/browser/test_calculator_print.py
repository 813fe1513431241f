"""Issue 15 (acceptance 3): the 权益清单 a family takes to the office, and 办理指南 in the calculator's results.

The case of the issue: an 85-year-old on 低保 in 平城区 (140213) who lives alone. In real Chromium:

- every item the person can or may get shows where to apply and what to bring, exactly as the county's page shows
  that item's 办理指南 (the same 示例 badges, "示例号码，请勿拨打" for an invented phone);
- ``page.pdf(format="A4")`` has at most 2 portrait pages; under print media it shows the answers, the date, the monthly
  money, the office and the documents, a QR code of the link that reopens the answers (drawn by the pinned
  qrcode-generator), no button or "回答以下问题可以确定" control, and no text under 14 pt;
- no request leaves the host, and axe-core finds nothing serious or critical.

Screenshots of the printout at A4 size go to build/screenshots/ for people to look at.
"""
from __future__ import annotations

import datetime
import json
import re
import shutil
from pathlib import Path
from urllib.parse import unquote

import pytest

from tests.browser.test_calculator import SCREENSHOTS, Calculator, calculator_site, cli_result, foreign  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
CODE = "140213"  # 平城区
PROFILE = {"age": 85, "economic_status": "dibao", "living_alone": True}
FRAGMENT = "#region=140213&age=85&economic_status=dibao&living_alone=1"
MIN_PRINT_PX = 14 * 96 / 72  # 14 pt
A4_CONTENT = {"width": 703, "height": 1047}  # A4 at 96 px/in within the printout's @page margins (10 mm, 12 mm)

# The rows of a 办理指南 list, on the county page (dl.qd-guidance) or in the calculator (dl.qc-guidance__list):
# [label, values, badge, inherited-from note].
GUIDANCE_ROWS = """(list) => [...list.querySelectorAll(":scope > div")].map((row) => {
  const dd = row.querySelector("dd");
  const lines = [...dd.querySelectorAll("li")].map((li) => li.textContent.trim());
  const own = [...dd.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join("");
  const badge = dd.querySelector(".qd-badge, .qc-badge");
  const from = dd.querySelector(".qd-small, .qc-guidance__from");
  return [row.querySelector("dt").textContent, lines.length ? lines : [own.trim()], badge && badge.textContent,
    from && from.textContent];
})"""

# Elements that show text of their own under the current media, with their font size in px.
TEXT_SIZES = """() => [...document.querySelectorAll("#qc *")].filter((e) => e.checkVisibility() &&
  [...e.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim()))
  .map((e) => [e.className || e.tagName, e.textContent.trim().slice(0, 20),
    parseFloat(getComputedStyle(e).fontSize)])"""


@pytest.fixture(scope="module")
def printout(browser, site_url):
    calc = Calculator(browser, site_url, FRAGMENT)
    calc.wait_ready()
    yield calc
    calc.close()


@pytest.fixture(scope="module")
def guidance(calculator_site) -> dict:
    return json.loads((calculator_site / "data" / "guidance" / f"{CODE}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def expected() -> dict:
    return cli_result(CODE, PROFILE)


def test_each_item_shows_where_to_apply_as_the_county_page_does(printout, site_url, expected, visit):
    page = printout.page
    county = visit(site_url + f"lists/{CODE}/").page
    for result in expected["results"]:
        card = page.locator(f"li.qc-item[data-item-id='{result['id']}']")
        where = f"item {result['number']} {result['name']}"
        if result["status"] == "ineligible":
            assert card.locator(".qc-guidance").count() == 0, where
            continue
        shown = card.locator("dl.qc-guidance__list").evaluate(GUIDANCE_ROWS)
        on_county_page = county.locator(f"#item-{result['number']} dl.qd-guidance").evaluate(GUIDANCE_ROWS)
        assert shown == on_county_page, where
        assert ["咨询电话", ["0352-0000004"], "示例号码，请勿拨打", None] in shown, where
    note = page.locator("#qc-guidance-note")
    assert note.is_visible() and "不是真实的机构、地址或电话" in note.inner_text()


def test_the_printout_fits_two_portrait_a4_pages_with_money_office_documents_and_a_qr_code(printout, guidance,
                                                                                           expected):
    page = printout.page
    pdf = page.pdf(format="A4")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / "calculator-print-140213.pdf").write_bytes(pdf)
    pages = re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf)
    assert 1 <= len(pages) <= 2, f"{len(pages)} pages"
    for box in re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf):
        width, height = map(float, box)
        assert abs(width - 595) < 2 and abs(height - 842) < 2, box  # A4 portrait (210 × 297 mm), in points

    page.emulate_media(media="print")
    try:
        text = page.locator("#qc").inner_text()
        assert f"测算日期：{datetime.date.today():%Y/%-m/%-d}" in text
        assert "年龄：85周岁" in text and "经济状况：低保（最低生活保障）" in text and "独居：是" in text
        monthly = [b["text"] for r in expected["results"] if r["status"] == "eligible" for b in r["benefits"]
                   if "每月" in b["text"]]
        assert monthly and all(amount in text for amount in monthly), monthly
        # where to apply and what to bring: said once for every item, then what differs for an item
        head = page.locator(".qc-print-head__guidance")
        assert head.is_visible()
        for key in ("office", "address", "phone", "documents"):
            value = guidance["common"][key]["value"]
            for line in value if isinstance(value, list) else [value]:
                assert line in head.inner_text(), line
        allowance = page.locator("li.qc-item[data-item-id='old-age-allowance-80-99'] .qc-guidance")
        assert "本人的银行卡或存折（用于按月发放）" in allowance.inner_text()  # the item's own documents
        assert allowance.locator("[data-field='office']").is_hidden()  # the same office as for every item
        # the QR code: the link that reopens these answers, as qrcode-generator draws it
        qr = page.locator("#qc-qr-image")
        assert qr.is_visible() and qr.bounding_box()["width"] >= 100
        src = qr.get_attribute("src")
        assert src.startswith("data:image/svg+xml,")
        url = page.url
        assert url.endswith(FRAGMENT)
        drawn = page.evaluate("""async (href) => {
          const settings = JSON.parse(document.getElementById("qc-runtime").textContent);
          const qrcode = (await import(new URL(settings.qrcode, document.baseURI).href)).default;
          const code = qrcode(0, "M");
          code.addData(href);
          code.make();
          return code.createSvgTag({ margin: 4, scalable: true });
        }""", url)
        assert unquote(src.split(",", 1)[1]) == drawn
        # nothing to press in print
        assert [b.inner_text() for b in page.get_by_role("button").all() if b.is_visible()] == []
        assert page.locator("#qc button, #qc input, #qc select, #qc summary, #qc .qc-ask").filter(
            visible=True).count() == 0
        assert "回答以下问题可以确定" not in text and "逐条对照条件" not in text
        # what would make the 可能 items surer is printed; the 示例 notes are printed in grey
        assert "回答更多问题，可以让“可能可以享受”的结果更确定。" in page.locator(".qc-summary").inner_text()
        for note in (".qc-example-note", "#qc-guidance-note"):
            assert page.locator(note).is_visible(), note
            red, green, blue = map(int, re.findall(r"\d+", page.locator(note).evaluate(
                "e => getComputedStyle(e).color"))[:3])
            assert red == green == blue and 60 <= red <= 100, (note, red)
        small = [e for e in page.evaluate(TEXT_SIZES) if e[2] < MIN_PRINT_PX - 0.01]
        assert small == []
        page.set_viewport_size(A4_CONTENT)
        page.screenshot(path=str(SCREENSHOTS / "calculator-print-140213.png"), full_page=True)
    finally:
        page.emulate_media(media="screen")
        page.set_viewport_size({"width": 1280, "height": 900})


def test_the_printout_page_stays_on_the_host_and_axe_finds_nothing_serious(printout, site_url):
    assert foreign(printout.requests, site_url) == []
    assert any("/data/guidance/140213.json" in url for url in printout.requests)
    assert any("/qrcode-generator-" in url for url in printout.requests)
    assert printout.errors == []
    assert printout.axe() == []


def test_each_regions_guidance_is_open_data_that_the_service_worker_keeps(calculator_site, tmp_path):
    """data/guidance/<code>.json for every region the calculator offers, resolved as the site's pages resolve it; a
    change to it alone gives the service worker a new version, so a phone kept offline is not left with old contacts."""
    from generator.site import assemble
    from generator.site.calculator import offline

    regions = json.loads((calculator_site / "data" / "regions.json").read_text(encoding="utf-8"))
    site = assemble.assemble(assemble.run_check(), True).site
    for region in regions:
        published = json.loads((calculator_site / "data" / "guidance" / f"{region['code']}.json").read_text("utf-8"))
        items = json.loads((calculator_site / region["url"]).read_text(encoding="utf-8"))["items"]
        assert list(published["items"]) == [item["id"] for item in items], region["code"]
        for item_id, fields in [(None, published["common"]), *published["items"].items()]:
            want = {key: {"value": list(v.value) if isinstance(v.value, tuple) else v.value, "example": v.example,
                          "region": v.region} for key, v in site.guidance_for(region["code"], item_id).items()}
            assert fields == want, (region["code"], item_id)
        assert published["example_labels"]["phone"] == "示例号码，请勿拨打"

    copy = tmp_path / "site"
    for folder in ("calculator", "data"):
        shutil.copytree(calculator_site / folder, copy / folder)
    worker = copy / "calculator" / offline.WORKER
    source = (ROOT / "docs" / "calculator" / offline.WORKER).read_text(encoding="utf-8")
    worker.write_text(source, encoding="utf-8")
    before = offline.write_worker(copy, "calculator/index.html")["version"]
    changed = copy / "data" / "guidance" / f"{CODE}.json"
    changed.write_text(changed.read_text(encoding="utf-8").replace("0352-0000004", "0352-0000009"), encoding="utf-8")
    worker.write_text(source, encoding="utf-8")
    assert offline.write_worker(copy, "calculator/index.html")["version"] != before
