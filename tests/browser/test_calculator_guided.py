"""Issue 15 (acceptance 1–2 for 资格自测): the guided calculator, one question per screen, in real Chromium.

The case of the issue: an 85-year-old on 低保 in 平城区 (140213) who lives alone, with mild impairment. At 360×740
and 390×844, in standard mode and 长者模式, the run is made with the keyboard only (Tab, Shift+Tab, Space, Enter,
arrow keys), and at every step:

- the step asks only questions that can still change a result: each was, when asked, in the deciding set of the
  engine (``generator.engine`` run here on the same compiled list: deciding_facts, and the open situations of the
  items not ruled out), and none is asked twice; the first two screens are the region and the age;
- nothing is wider than the screen or clipped, axe-core finds nothing serious or critical, and the sticky results
  bar takes at most 15% of the screen's height.

At the end the statuses and amounts shown equal ``qingdan eligibility`` for the answers given (and for the whole
person: the questions skipped could not change them), and 每月至少可领 is the sum of the amounts it lists.

Screenshots of each step at 390×844 go to build/screenshots/guided/, the printout to build/screenshots/.
"""
from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from generator.engine import Engine
from tests.browser.conftest import BLOCKING
from tests.browser.test_browser_site import OUTSIDE_THE_SCREEN, _toggle_elder
from tests.browser.test_calculator import SCREENSHOTS, SNAPSHOT, Calculator, _measure, calculator_site, \
    canonical, cli_result  # noqa: F401

CODE = "140213"  # 平城区
PERSON = {"age": 85, "economic_status": "dibao", "living_alone": True, "self_care": "mild"}
"""What the person knows about themselves; every other question is answered as below, or left at 不清楚."""
OTHERS = {"disability_level": 0, "employee_pension_insured": False, "resident_pension_insured": False,
          "military_status": "none"}
NO_ASSESSMENT = {**{k: v for k, v in PERSON.items() if k != "self_care"}, "needs_help_eating": False,
                 "needs_help_dressing": True, "needs_help_toileting": False, "needs_help_bathing": True,
                 "needs_help_walking_indoors": False}
"""The same person without an assessment: the five everyday activities are asked instead (on one screen)."""
SHOTS = SCREENSHOTS / "guided"
MAX_STEPS = 40
BAR_SHARE = 0.15

# Text cut off inside its own box (overflow hidden or clipped while its content is wider or taller).
CLIPPED = """() => [...document.querySelectorAll("#qc *")].filter((e) => e.checkVisibility()).filter((e) => {
  const style = getComputedStyle(e);
  const hides = (o) => o === "hidden" || o === "clip";
  return (hides(style.overflowX) && e.scrollWidth > e.clientWidth + 1) ||
    (hides(style.overflowY) && e.scrollHeight > e.clientHeight + 1 && e.clientHeight > 1);
}).filter((e) => !e.closest(".qc-visually-hidden")).map((e) => `${e.tagName}.${e.className}`)"""

STEP = """() => {
  const current = [...document.querySelectorAll("#qc-form [data-current]")];
  return {
    names: current.map((e) => e.id === "q-region" ? "region" : e.dataset.question).filter(Boolean),
    progress: document.getElementById("qc-step").textContent,
    done: !document.getElementById("qc-done").hidden,
    focused: document.activeElement.id,
  };
}"""

BAR = """() => { const bar = document.getElementById("qc-bar");
  return bar.hidden ? null : bar.getBoundingClientRect().height; }"""


def deciding(engine: Engine, profile: dict) -> set[str]:
    """The questions (form names; situations as s.<key>) that can still change a result, from the engine itself."""
    result = engine.evaluate(profile)
    answered = profile.get("situations", {})
    open_situations = {f"s.{s['id']}" for r in result["results"] if r["status"] != "ineligible"
                       for s in r["situations"] if s["id"] not in answered}
    return set(result["deciding_facts"]) | open_situations


def focused(page) -> str:
    return page.evaluate("document.activeElement.id")


def tab_to(page, element_id: str, key: str = "Tab", limit: int = 60) -> None:
    for _ in range(limit):
        if focused(page) == element_id:
            return
        page.keyboard.press(key)
    pytest.fail(f"{element_id} cannot be reached with {key}")


def choose(page, name: str, value) -> None:
    """Check ``value`` in the radio group ``name`` with the arrow keys (focus is on the group's checked choice)."""
    target = f"f-{name}-{str(value).lower() if isinstance(value, bool) else value}"
    for _ in range(12):
        if focused(page) == target:
            return
        page.keyboard.press("ArrowDown")
    pytest.fail(f"{target} cannot be reached with the arrow keys")


def wait_for_answers(page, profile: dict) -> None:
    expect(page.locator("#qc-results")).to_have_attribute("data-profile", canonical(profile), timeout=60_000)


def check_layout(calc: Calculator, width: int, height: int, where: str, bars: list) -> None:
    page = calc.page
    found = page.evaluate(OUTSIDE_THE_SCREEN)
    assert found["page"] <= width and not found["out"], (where, found)
    assert page.evaluate(CLIPPED) == [], where
    assert calc.axe() == [], where  # (scrolls to the top: the results are then off the screen, the bar shows)
    page.wait_for_timeout(100)
    bar = page.evaluate(BAR)
    if bar is not None:
        bars.append(bar)
        assert bar <= BAR_SHARE * height, (where, bar, height)


def run_by_keyboard(calc: Calculator, engine: Engine, width: int, height: int, shots: str | None,
                    person: dict = PERSON) -> dict:
    """The whole guided run for the person, keyboard only; returns what was given and asked."""
    page = calc.page
    given: dict = {}
    asked: list[list[str]] = []
    bars: list[float] = []
    everything = {**person, **OTHERS}
    page.evaluate("window.scrollTo(0, 0)")
    page.keyboard.press("Tab")
    tab_to(page, "qc-region")
    for step in range(1, MAX_STEPS):
        shown = page.evaluate(STEP)
        if shown["done"]:
            break
        names = shown["names"]
        where = f"step {step} {names} {width}x{height}"
        assert shown["progress"].startswith(f"第 {step} 步，共约 "), (where, shown["progress"])
        if step == 1:
            assert names == ["region"], where
        elif step == 2:
            assert names == ["age"], where
        else:  # only questions that can still change a result, each asked once
            still = deciding(engine, given)
            assert names and all(name in still for name in names), (where, sorted(still))
            assert not any(name in sum(asked, []) for name in names), where
        asked.append(names)
        if shots:
            page.screenshot(path=str(SHOTS / f"{shots}-step-{step:02d}.png"))
        check_layout(calc, width, height, where, bars)
        for index, name in enumerate(names):
            if index:
                page.keyboard.press("Tab")  # the next question of the screen's group: its checked choice
            if name == "region":
                while page.input_value("#qc-region") != CODE:
                    page.keyboard.press("ArrowDown")
            elif name == "age":
                assert focused(page) == "f-age", where
                page.keyboard.type(str(person["age"]))
                given["age"] = person["age"]
            elif name in everything:
                choose(page, name, everything[name])
                given[name] = everything[name]
        if step == 4:  # Shift+Tab back into the question; 上一步 with Space keeps the answer; then on again
            tab_to(page, "qc-back")
            page.keyboard.press("Shift+Tab")
            assert focused(page).startswith(f"f-{names[-1]}-"), focused(page)
            tab_to(page, "qc-back")
            wait_for_answers(page, given)
            page.keyboard.press("Space")
            back = page.evaluate(STEP)
            assert back["names"] == asked[-2] and back["progress"].startswith(f"第 {step - 1} 步"), back
            assert page.is_checked(f"#f-{asked[-2][0]}-{everything[asked[-2][0]]}")
            tab_to(page, "qc-next")
            page.keyboard.press("Enter")
            assert page.evaluate(STEP)["names"] == names
        wait_for_answers(page, given)
        tab_to(page, "qc-next")
        page.keyboard.press("Enter")
    else:
        pytest.fail("the guided calculator never ended")
    assert page.evaluate(STEP)["focused"] == "qc-done"
    if shots:
        page.screenshot(path=str(SHOTS / f"{shots}-done.png"))
    check_layout(calc, width, height, f"done {width}x{height}", bars)
    assert bars, "the results bar showed at least once while the results were off the screen"
    return {"given": given, "asked": asked}


def check_results(calc: Calculator, given: dict, person: dict = PERSON) -> None:
    """Statuses and amounts as `qingdan eligibility` says, for the answers given and for the whole person."""
    shown = calc.snapshot()
    by_number = {item["number"]: item for item in shown["items"]}
    expected = cli_result(CODE, given)
    whole = cli_result(CODE, {**person, **OTHERS})
    assert [(r["number"], r["status"]) for r in expected["results"]] == \
        [(r["number"], r["status"]) for r in whole["results"]]
    for result in expected["results"]:
        item = by_number[result["number"]]
        where = f"item {result['number']} {result['name']}"
        assert item["status"] == item["group"] == result["status"], where
        want = [(b["id"], b["applies"], _measure(b)) for b in result["benefits"]]
        got = [(b["id"], b["applies"], float(b["value"]) if b["value"] else None) for b in item["benefits"]]
        assert got == want, where
    money = calc.page.locator("#qc-groups .qc-money")
    title = money.locator(".qc-money__title").inner_text()
    assert title.startswith(f"{expected['money']['text']}（以下各项合计）"), title
    counted = money.locator(".qc-money__list:not(.qc-money__list--left-out) > li").all_inner_texts()
    amounts = [float(re.search(r"每人每月(?:不低于)?(\d+(?:\.\d+)?)元", text).group(1)) for text in counted]
    total = float(re.match(r"每月至少可领(\d+(?:\.\d+)?)元", title).group(1))
    assert amounts and sum(amounts) == total == expected["money"]["total"], (counted, title)


@pytest.fixture(scope="module")
def engine(calculator_site) -> Engine:  # noqa: F811
    return Engine(json.loads((calculator_site / "data" / f"{CODE}.json").read_text(encoding="utf-8")))


@pytest.mark.parametrize("width,height", [(360, 740), (390, 844)])
@pytest.mark.parametrize("elder", [False, True], ids=["标准", "长者模式"])
def test_the_guided_calculator_by_keyboard_at_every_step(browser, site_url, engine, width, height, elder):
    calc = Calculator(browser, site_url, viewport={"width": width, "height": height}, has_touch=True)
    try:
        calc.wait_ready()
        if elder:
            _toggle_elder(calc.page)
        shots = f"{'elder' if elder else 'standard'}-{width}" if width == 390 else None
        SHOTS.mkdir(parents=True, exist_ok=True)
        run = run_by_keyboard(calc, engine, width, height, shots)
        wait_for_answers(calc.page, run["given"])
        check_results(calc, run["given"])
        assert calc.errors == []
        if width == 390 and not elder:
            pdf = calc.page.pdf(format="A4")
            (SCREENSHOTS / "guided-print.pdf").write_bytes(pdf)
            assert 1 <= len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf)) <= 2
    finally:
        calc.close()


def test_without_an_assessment_the_everyday_activities_are_asked_on_one_screen(browser, site_url, engine):
    """The same run for a person who has had no 能力评估, at the narrowest phone in 长者模式: the five activities
    come on one screen (checked like every other step), and the results match the command line."""
    calc = Calculator(browser, site_url, viewport={"width": 360, "height": 740}, has_touch=True)
    try:
        calc.wait_ready()
        _toggle_elder(calc.page)
        run = run_by_keyboard(calc, engine, 360, 740, None, NO_ASSESSMENT)
        activities = [name for name in NO_ASSESSMENT if name.startswith("needs_help_")]
        assert activities in run["asked"], run["asked"]
        assert "self_care" in sum(run["asked"], [])  # asked first, and left at 不清楚
        wait_for_answers(calc.page, run["given"])
        check_results(calc, run["given"], NO_ASSESSMENT)
        assert calc.errors == []
    finally:
        calc.close()


def test_the_link_restores_the_answers_in_both_views(browser, site_url):
    """The link (#region=…&age=…) restores the answers in the guided view (at the age, then the answers given, in
    order) and in 一次看全部问题, which the page remembers; the results are the same."""
    fragment = "#region=140213&age=85&economic_status=dibao&living_alone=1"
    calc = Calculator(browser, site_url, fragment, viewport={"width": 390, "height": 844})
    page = calc.page
    try:
        calc.wait_ready()
        assert page.get_attribute("#qc", "data-view") == "guided"
        step = page.evaluate(STEP)
        assert step["names"] == ["age"] and step["progress"].startswith("第 2 步，共约 ")
        expect(page.locator("#f-age")).to_have_value("85")
        before = calc.snapshot()
        page.click("#qc-next")
        assert page.evaluate(STEP)["names"] == ["economic_status"] and page.is_checked("#f-economic_status-dibao")
        page.click("#qc-next")
        assert page.evaluate(STEP)["names"] == ["living_alone"] and page.is_checked("#f-living_alone-true")
        page.click("#qc-view")  # 一次看全部问题: every question, with the same answers
        assert page.get_attribute("#qc", "data-view") == "all"
        expect(page.locator("#qc-view")).to_have_text("一步一步回答")
        assert page.locator("#qc-questions [data-question]:visible").count() == \
            page.locator("#qc-questions [data-question]").count() > 20
        expect(page.locator("#qc-step")).to_be_hidden()
        found = page.evaluate(OUTSIDE_THE_SCREEN)  # the one long page fits the phone too
        assert found["page"] <= 390 and not found["out"], found
        page.reload()
        calc.wait_ready()
        assert page.get_attribute("#qc", "data-view") == "all"  # remembered
        assert page.is_checked("#f-living_alone-true") and page.input_value("#f-age") == "85"
        assert calc.snapshot() == before
        # a 回答以下问题可以确定 button takes the guided view to that question
        page.click("#qc-view")
        page.locator("li.qc-item[data-status='conditional'] .qc-ask__button").first.click()
        step = page.evaluate(STEP)
        assert len(step["names"]) == 1 and step["focused"].startswith(f"f-{step['names'][0]}")
    finally:
        calc.close()


@pytest.mark.parametrize("typed, age, note", [
    ("1941-03-05", 82, "按清单施行日期 2024-02-06 计算：82 周岁。"),
    ("1941年3月5日", 82, "按清单施行日期 2024-02-06 计算：82 周岁。"),
    ("１９４１/１/２", 83, "按清单施行日期 2024-02-06 计算：83 周岁。"),
    ("1941", 82, "按清单施行日期 2024-02-06 计算：82 周岁。只写了出生年份，按到这一天还没过生日算；已经过了生日的是"
     " 83 周岁，请直接填写 83。"),
])
def test_a_birth_date_is_the_age_on_the_lists_date(calculator_page, typed, age, note):
    """Issue 15: a birth year or date becomes the age on the day the list took effect, and the person sees it."""
    page = calculator_page.page
    page.fill("#f-age", typed)
    wait_for_answers(page, {"age": age})
    expect(page.locator("#n-age")).to_have_text(note)
    expect(page.locator("#e-age")).to_be_hidden()
    assert "n-age" in page.get_attribute("#f-age", "aria-describedby")


def test_a_birth_date_after_the_lists_date_is_explained(calculator_page):
    page = calculator_page.page
    page.fill("#f-age", "2030-01-01")
    expect(page.locator("#e-age")).to_have_text("出生日期晚于清单施行日期（2024-02-06）。请检查，或者直接填写年龄。")
    expect(page.locator("#n-age")).to_be_hidden()
    page.fill("#f-age", "1941-02-30")
    expect(page.locator("#e-age")).to_contain_text("不是有效的日期")


@pytest.fixture(scope="module")
def calculator_page(browser, site_url):
    calc = Calculator(browser, site_url, "#region=140200", viewport={"width": 390, "height": 844})
    calc.wait_ready()
    calc.page.click("#qc-next")  # the age
    yield calc
    calc.close()


GROUPED = {"living_alone", "empty_nest", "left_behind"}


def test_plain_situation_questions_and_fact_groups_when_the_list_has_them(browser, site_url):
    """A compiled list may carry situation_questions (plain words; the official sentence goes into the help) and
    fact groups (asked on one screen): shown when present (the page is served such a list here)."""
    calc = Calculator(browser, site_url, "#region=140213", viewport={"width": 390, "height": 844},
                      service_workers="block")

    def with_plain_words(route):
        compiled = json.loads(route.fetch().text())
        for name in GROUPED:
            compiled["facts"][name]["group"] = "family"
        compiled["fact_groups"] = {"family": {"title": "家里的情况", "help": "按平时的情况回答。"}}
        compiled["situation_questions"] = {"rights_lawsuit": {"question": "您是不是要打官司，想请政府帮忙找律师？",
                                                              "help": "例如被人欠钱不还。"}}
        route.fulfill(body=json.dumps(compiled, ensure_ascii=False), content_type="application/json")

    page = calc.page
    try:
        calc.wait_ready()
        calc.context.route("**/data/140200.json*", with_plain_words)  # (not fetched yet: the link named 平城区)
        page.goto(site_url + "calculator/#region=140200&age=85&economic_status=dibao&self_care=intact")
        expect(page.locator("#qc-results")).to_have_attribute("data-region", "140200", timeout=30_000)
        question = page.locator('[id="q-s.rights_lawsuit"]')
        assert "您是不是要打官司，想请政府帮忙找律师？" in question.locator("legend").inner_text()
        assert question.locator(".qc-q__help").inner_text() == "例如被人欠钱不还。文件原文：因合法权益受到侵害提起诉讼并申请法律援助"
        group = page.locator(".qc-fgroup[data-group='family']")
        assert group.get_attribute("role") == "group" and "家里的情况" in group.inner_text()
        assert {q.get_attribute("data-question") for q in group.locator("[data-question]").all()} == GROUPED
        for _ in range(10):  # on through the answers given, to the group: one screen
            page.click("#qc-next")
            names = set(page.evaluate(STEP)["names"])
            if names & GROUPED:
                break
        assert names == GROUPED and group.is_visible()
        assert page.get_by_role("group", name="家里的情况").is_visible()
        assert calc.errors == []
    finally:
        calc.close()
