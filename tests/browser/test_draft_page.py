"""县区清单编制 (issue 16): a county list drafted in the browser, checked by the same code as ``qingdan check``.

One page load is shared by the tests of this module, in order: drafting 阳高县 from scratch (acceptance 1), uploading
every weakened county and broken files (acceptance 2), then reload, requests, axe, keyboard and screen width
(acceptance 3). The command line runs on a copy of policy/ in a subprocess, as an editor runs it.
"""
from __future__ import annotations

import json
import shutil
import statistics
from pathlib import Path

import pytest

from tests.compare.helpers import PINGCHENG, YUNGANG
from tests.browser.conftest import blocking_axe_violations
from tests.conftest import POLICY, ROOT, run_qingdan


BOOT_TIMEOUT_MS = 120_000
STEP_TIMEOUT_MS = 30_000
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 780}
SCREENSHOTS = ROOT / "build" / "screenshots"
YANGGAO = Path("lists/140221/2024-04-01.yaml")
ADDED = {"id": "meal-assistance", "name": "老年助餐服务", "target_group": "60周岁及以上老年人",
         "content": "为老年人提供助餐服务", "standard": "每人每餐补贴2元（示例）", "department": "县民政局"}

# Every way the project's tests weaken a county list (tests/compare/test_rules.py, test_editor_messages.py,
# test_undecided.py): (file, old text, new text) — new text appended when old is None.
WEAKENED = {
    "eligibility-narrowed": (PINGCHENG, "        - {fact: age, ge: 75}\n", "        - {fact: age, ge: 85}\n"),
    "definition-narrowed": (YUNGANG, None, "definitions:\n  economically_difficult:\n"
                            "    condition: {fact: economic_status, in: [dibao, tekun]}\n    example: true\n"),
    "amount": (PINGCHENG, "      subsidy: {value: 80, example: true}\n", "      subsidy: {value: 60, example: true}\n"),
    "time-limit": (PINGCHENG, "      review-days: {value: 5, example: true}\n",
                   "      review-days: {value: 10, example: true}\n"),
    "bound": (PINGCHENG, "      subsidy: {value: 80, example: true}\n",
              "      subsidy: {value: 80, bound: max, example: true}\n"),
    "other-period": (PINGCHENG, "      subsidy: {value: 80, example: true}\n",
                     "      subsidy: {value: 800, period: 年, example: true}\n"),
    "unit": (PINGCHENG, "      subsidy: {value: 80, example: true}\n",
             "      subsidy: {value: 800, unit: 角, example: true}\n"),
    "kind": (PINGCHENG, "      subsidy: {value: 80, example: true}\n",
             "      subsidy: {kind: text, text: 按规定发放, example: true}\n"),
    "count": (YUNGANG, "      visits: {value: 2, example: true}\n", "      visits: {value: 0, example: true}\n"),
    "discount": (YUNGANG, None, "  public-transport:\n    terms:\n      bus-fare: {payable: 0.5}\n"),
    "parameter": (PINGCHENG, "    value: 120\n", "    value: 90\n"),
    "formula": (YUNGANG, None, "  tekun-dispersed-support:\n    terms:\n      basic-living: {value: 900}\n"),
    "unfilled": (PINGCHENG, "  old_age_allowance_80_99:\n    value: 50\n    example: true\n", ""),
    "term-condition": (YUNGANG, None, "  tekun-dispersed-support:\n    terms:\n      care-full:\n"
                       "        when: {fact: self_care, eq: total}\n"),
    "text-only": (YUNGANG, None, "  centenarian-allowance:\n    official:\n      standard: 100周岁及以上高龄老年人每人每月500元\n"),
    "made-possible": (YUNGANG, None, "  health-management:\n    eligibility:\n      all:\n"
                      "        - {fact: age, ge: 65}\n        - {undecided: 以县区卫健部门的安排为准}\n"),
}
BROKEN = {  # files that do not load or do not fit the schema: their findings come with lines too
    "schema": "kind: derivation\nlist_id: county-140299\ntitle: 测试县\nregion: {code: '140299', name: 测试县}\n"
              "parent: {region: '140200', revision: '2024-02-06'}\nrevision: {id: '2024-06-01', issuer: 测试县人民政府,"
              " published: 2024-06-01, effective: 2024-06-01}\nitmes:\n  care-service-subsidy: {}\n"
              "parameters:\n  local_dibao_standard: {value: 七百}\n",
    "yaml-syntax": "kind: derivation\nregion: {code: '140299', name: 测试县\nparent: [\n",
    "full-width-colon": "kind: derivation\nlist_id： county-140299\n",
}


class DraftPage:
    """The page in its own browser context; ``answer`` is what a confirm() dialog gets."""

    def __init__(self, browser, url: str, viewport: dict):
        self.url = url
        self.context = browser.new_context(locale="zh-CN", viewport=viewport, accept_downloads=True)
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.answer = False
        self.context.on("request", lambda request: self.requests.append(request.url))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("dialog", self._dialog)
        self.open()

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.accept() if self.answer else dialog.dismiss()

    def open(self) -> None:
        self.page.goto(self.url)
        self.page.wait_for_selector("#qdr[data-state=ready]", timeout=BOOT_TIMEOUT_MS)

    @property
    def seq(self) -> int:
        return int(self.page.get_attribute("#qdr", "data-seq") or 0)

    def change(self, action) -> None:
        """Do ``action`` (one change) and wait for its verdict on the page."""
        seq = self.seq
        action()
        self.page.wait_for_selector(f'#qdr[data-seq="{seq + 1}"][data-state=ready]', timeout=STEP_TIMEOUT_MS)

    def fill(self, selector: str, value: str) -> None:
        self.change(lambda: (self.page.fill(selector, value), self.page.press(selector, "Tab")))

    def findings(self) -> set[tuple[str, int]]:
        return {(rule, int(line)) for rule, line in self.page.eval_on_selector_all(
            "#qdr-findings li", "nodes => nodes.map(n => [n.dataset.rule, n.dataset.line])")}

    def improvements(self) -> set[tuple[str, int]]:
        return {(rule, int(item)) for rule, item in self.page.eval_on_selector_all(
            "#qdr-form .qdr-finding--info", "nodes => nodes.map(n => [n.dataset.rule, n.dataset.item])")}

    def axe(self) -> list[str]:
        return blocking_axe_violations(self.page)


@pytest.fixture(scope="module")
def drafting(browser, site_url):
    draft = DraftPage(browser, site_url + "editors/draft/", DESKTOP)
    yield draft
    draft.context.close()


@pytest.fixture(scope="module")
def policy_copy(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("draft") / "policy"
    shutil.copytree(POLICY, target)
    return target


def _cli_check(policy: Path, file: Path) -> tuple[int, set[tuple[str, int]]]:
    result = run_qingdan("check", str(file), "--format", "json", cwd=policy.parent)
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, {(f["rule"], f["location"]["line"]) for f in json.loads(result.stdout)["findings"]}


def test_drafting_yanggao_from_scratch_gives_a_file_the_command_line_passes(drafting, policy_copy):
    """Acceptance 1: every open value filled, item 10 raised to 80 元, item 8 widened to age 75, one item added."""
    page = drafting.page
    page.select_option("#qdr-region", "140221")
    drafting.change(lambda: page.click("#qdr-new"))
    assert ("PLACEHOLDER_NOT_REPLACED", 18) in drafting.findings()  # what `qingdan county new` leaves to fill
    assert page.get_attribute("#qdr-item-old-age-allowance-80-99", "data-status") == "待填写"
    opened = page.eval_on_selector_all("input[id^=qdr-open-], select[id^=qdr-open-]",
                                       "nodes => nodes.map(n => [n.id, n.tagName])")
    assert len(opened) == 3  # 当地低保标准, 高龄津贴标准 and its period
    for element_id, tag in opened:
        if tag == "SELECT":
            drafting.change(lambda: page.select_option(f"#{element_id}", "月"))
        else:
            drafting.fill(f"#{element_id}", "690" if "dibao" in element_id else "30")
    drafting.fill("#qdr-revision-document_number", "阳政发〔2024〕5号（示例）")
    drafting.fill("#qdr-item-care-service-subsidy-subsidy", "80")
    drafting.fill("#qdr-item-old-age-allowance-80-99-age-0", "75")
    for key, value in ADDED.items():
        page.fill(f"#qdr-new-item-{key}", value)
    drafting.change(lambda: page.click("#qdr-add-item"))

    assert page.get_attribute("#qdr-verdict", "data-ok") == "true", page.inner_text("#qdr-summary")
    assert drafting.findings() == set()
    statuses = page.eval_on_selector_all("#qdr-form article[data-item]", "ns => ns.map(n => n.dataset.status)")
    assert statuses == ["符合"] * 22
    shown = drafting.improvements()
    assert shown == {("AMOUNT_RAISED", 10), ("ELIGIBILITY_WIDENED", 8), ("ITEM_ADDED", 23)}

    with page.expect_download() as download:
        page.click("#qdr-download")
    text = Path(download.value.path()).read_text(encoding="utf-8")
    name = download.value.suggested_filename
    assert text.startswith("# yaml-language-server: $schema=../../schema/derivation.schema.json\n")
    assert text.count("\n# ") >= 5 and "care-service-subsidy:" in text and "meal-assistance" in text
    assert "centenarian-allowance" not in text and "target_group: 经济困难的老年人" not in text  # only the changes

    (policy_copy / YANGGAO).unlink()
    saved = policy_copy / "lists/140221" / name
    saved.write_text(text, encoding="utf-8")
    check = run_qingdan("check", cwd=policy_copy.parent)
    assert check.returncode == 0, check.stdout + check.stderr
    compared = run_qingdan("compare", "140200", "140221", "--format", "json", cwd=policy_copy.parent)
    assert compared.returncode == 0, compared.stdout + compared.stderr
    report = json.loads(compared.stdout)
    assert {(f["rule"], f["extra"]["item"]["number"]) for f in report["findings"]} == shown
    shutil.copyfile(POLICY / YANGGAO, policy_copy / YANGGAO)
    saved.unlink()

    timings = [t["total"] for t in page.evaluate("window.qdTimings")][1:]  # after the first draft's
    print(f"\n县区清单编制：修改到结果 {len(timings)} 次，中位数 {statistics.median(timings):.0f} ms，"
          f"最长 {max(timings):.0f} ms")
    assert statistics.median(timings) <= 300  # target 100 ms (measured and reported); a loaded CI machine is slower


def _weakened(policy: Path, case: str) -> tuple[Path, str]:
    relative, old, new = WEAKENED[case]
    file = policy / relative
    original = file.read_text(encoding="utf-8")
    if old is None:  # appended, as tests/compare/helpers.py's append does
        text = original + ("" if original.endswith("\n") else "\n") + new
    else:
        assert original.count(old) == 1, (case, old)
        text = original.replace(old, new)
    file.write_text(text, encoding="utf-8")
    return file, original


@pytest.mark.parametrize("case", sorted(WEAKENED))
def test_an_uploaded_weakened_county_shows_the_command_lines_findings(drafting, policy_copy, case):
    """Acceptance 2: the rule IDs and lines the page shows are `qingdan check FILE`'s (whose comparison is
    `qingdan compare`'s)."""
    file, original = _weakened(policy_copy, case)
    try:
        code, expected = _cli_check(policy_copy, file)
        drafting.change(lambda: drafting.page.set_input_files("#qdr-upload", str(file)))
        assert drafting.findings() == expected
        assert (code == 0) == (drafting.page.get_attribute("#qdr-verdict", "data-ok") == "true")
        if case != "text-only":
            assert code == 1 and any(line for _, line in expected)
    finally:
        file.write_text(original, encoding="utf-8")


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_an_uploaded_broken_file_shows_the_command_lines_loading_and_schema_errors(drafting, policy_copy, tmp_path,
                                                                                    case):
    file = policy_copy / "lists/140299/2024-06-01.yaml"
    file.parent.mkdir(exist_ok=True)
    file.write_text(BROKEN[case], encoding="utf-8")
    try:
        code, expected = _cli_check(policy_copy, file)
        assert code == 1 and expected and all(line for _, line in expected)
        drafting.change(lambda: drafting.page.set_input_files("#qdr-upload", str(file)))
        assert drafting.findings() == expected
        assert "表单无法显示" in drafting.page.inner_text("#qdr-form")
    finally:
        shutil.rmtree(file.parent)


def test_a_full_list_missing_an_item_shows_the_command_lines_findings(drafting, policy_copy):
    city = (POLICY / "lists/140200/2024-02-06.yaml").read_text(encoding="utf-8")
    county = city.replace('code: "140200"\n  name: 大同市', 'code: "140227"\n  name: 测试县')
    county = county.replace("list_id: datong-basic-elderly-care", "list_id: test-county")
    county = county[:county.index("  - number: 22\n")]
    file = policy_copy / "lists/140227/2024-02-06.yaml"
    file.parent.mkdir()
    file.write_text(county, encoding="utf-8")
    try:
        code, expected = _cli_check(policy_copy, file)
        assert code == 1 and "ITEM_MISSING" in {rule for rule, _ in expected}
        drafting.change(lambda: drafting.page.set_input_files("#qdr-upload", str(file)))
        assert drafting.findings() == expected
    finally:
        shutil.rmtree(file.parent)


def test_a_new_county_is_drafted_by_code_and_name_and_a_bad_code_is_told(drafting):
    page = drafting.page
    drafting.answer = True
    page.select_option("#qdr-region", "other")
    page.fill("#qdr-code", "140200")
    page.fill("#qdr-name", "大同市")
    drafting.change(lambda: page.click("#qdr-new"))
    assert "六位数字的县级行政区划代码" in page.inner_text("#qdr-problem")
    page.fill("#qdr-code", "140299")
    page.fill("#qdr-name", "测试县")
    drafting.change(lambda: page.click("#qdr-new"))
    assert page.is_hidden("#qdr-problem")
    assert "policy/lists/140299/" in page.inner_text("#qdr-save")
    assert {rule for rule, _ in drafting.findings()} == {"PLACEHOLDER_NOT_REPLACED", "PARAMETER_UNFILLED"}


def test_a_reload_keeps_the_draft_and_clearing_asks_first(drafting):
    """Acceptance 3: the draft is in local storage; 清空草稿 asks, and a 'no' keeps it."""
    page = drafting.page
    page.select_option("#qdr-region", "140221")
    drafting.answer = True
    drafting.change(lambda: page.click("#qdr-new"))  # replaces the uploaded file: asks first
    drafting.fill("#qdr-item-care-service-subsidy-subsidy", "90")
    before = page.text_content("#qdr-text")
    drafting.open()
    page.wait_for_selector('#qdr[data-seq="1"][data-state=ready]', timeout=STEP_TIMEOUT_MS)  # the restored draft
    assert page.text_content("#qdr-text") == before and "value: 90" in before
    assert page.input_value("#qdr-item-care-service-subsidy-subsidy") == "90"
    drafting.answer = False
    asked = len(drafting.dialogs)
    page.click("#qdr-clear")
    assert len(drafting.dialogs) == asked + 1 and "清空草稿" in drafting.dialogs[-1]
    assert page.is_visible("#qdr-summary")
    drafting.answer = True
    page.click("#qdr-clear")
    assert page.is_hidden("#qdr-summary")
    assert page.evaluate("localStorage.getItem('qingdan-county-draft')") is None


def test_nothing_leaves_the_host_and_no_page_error(drafting, site_url):
    foreign = [url for url in drafting.requests if not url.startswith((site_url, "blob:", "data:"))]
    assert foreign == [] and drafting.errors == []


def test_axe_finds_nothing_serious_with_a_draft_open(drafting):
    page = drafting.page
    page.select_option("#qdr-region", "140221")
    drafting.change(lambda: page.click("#qdr-new"))
    drafting.fill("#qdr-item-care-service-subsidy-subsidy", "60")  # an error shown, too
    drafting.fill("#qdr-item-care-service-subsidy-age-0", "85")  # a narrowing, with the person who loses out
    messages = page.inner_text("#qdr-item-care-service-subsidy .qdr-messages")
    assert "AMOUNT_LOWERED" in messages and "ELIGIBILITY_NARROWED" in messages
    assert "例如：80周岁、经济状况为低保（最低生活保障）的老年人在市清单下可以享受" in messages
    assert page.get_attribute("#qdr-item-care-service-subsidy", "data-status") == "不符合"
    page.click("#qdr-item-care-service-subsidy summary")
    assert drafting.axe() == []


def test_works_from_the_keyboard(drafting):
    """Tab reaches the controls; a value typed and Tab-ed away from is checked; the buttons answer Enter."""
    page = drafting.page
    drafting.fill("#qdr-item-care-service-subsidy-age-0", "80")  # as the city's again
    page.focus("#qdr-region")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "qdr-new"
    page.focus("#qdr-item-care-service-subsidy-subsidy")
    page.keyboard.press("Control+A")
    page.keyboard.type("75")
    drafting.change(lambda: page.keyboard.press("Tab"))
    assert page.get_attribute("#qdr-item-care-service-subsidy", "data-status") == "符合"
    assert ("AMOUNT_RAISED", 10) in drafting.improvements()
    page.locator("#qdr-item-old-age-allowance-80-99 summary").first.focus()
    page.keyboard.press("Enter")  # opens 放宽享受人群
    page.focus("#qdr-item-old-age-allowance-80-99-group-dibao")
    assert page.evaluate("document.activeElement.id") == "qdr-item-old-age-allowance-80-99-group-dibao"
    drafting.change(lambda: page.keyboard.press("Space"))
    assert ("ELIGIBILITY_WIDENED", 8) in drafting.improvements()
    page.focus("#qdr-download")
    with page.expect_download():
        page.keyboard.press("Enter")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone-360", "desktop"])
def test_fits_the_screen_and_screenshots(drafting, viewport):
    page = drafting.page
    page.set_viewport_size(viewport)
    page.evaluate("window.scrollTo(0, 0)")
    wide = page.evaluate("""(width) => [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > width + 1).map((e) => `${e.tagName}#${e.id}.${e.className}`)""",
                         viewport["width"])
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"], wide[:10]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"draft-{viewport['width']}.png"))
    page.locator("#qdr-item-care-service-subsidy").scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / f"draft-{viewport['width']}-item.png"))
