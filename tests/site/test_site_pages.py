"""The page functions (pure: SiteData in, Markdown/HTML out): county pages mark every difference and every example
value, the matrix shows 符合 / 高于 / 不符合, the editors' rule table comes from the checking code, escaping
helpers and links."""
from __future__ import annotations

import html
import json
import posixpath
import re

import pytest

import qingdan_sitebuild as sitebuild

from generator.checking import check_policy
from generator.site import urls
from generator.site.data import list_csv
from generator.site.model import load_site
from generator.site.pages import Renderer
from generator.site.rules import collect_rules
from generator.site.text import front_matter, md_inline


@pytest.fixture(scope="module")
def site():
    check = check_policy(sitebuild.POLICY)
    assert check.ok
    return load_site(check)


@pytest.fixture(scope="module")
def pages(site):
    return {page.src_uri: page.content for page in Renderer(site).pages()}


def test_every_county_in_the_catalog_gets_a_page(site, pages):
    assert site.counties, "the policy holds county lists"
    for county in site.counties:
        assert urls.region_list(county.code) in pages
    assert site.city.code == "140200"


def test_every_example_value_on_a_county_page_is_marked(site, pages):
    checked = 0
    for county in site.counties:
        content = pages[urls.region_list(county.code)]
        view = county.current
        if view.example:
            assert "示例数据，不是正式文件" in content
        for item in view.items:
            card = content.split(f'id="item-{item.number}"', 1)[1].split("</section>", 1)[0]
            for term in item.terms:
                if term.example:
                    shown = f"<strong>{html.escape(term.text)}</strong> <span class=\"qd-badge qd-badge-example\""
                    assert shown in card, (county.name, item.name, term.label)
                    checked += 1
            if item.example:
                assert "qd-badge-example" in card.split("</h3>", 1)[0]
    assert checked > 0


def test_every_difference_from_the_city_is_highlighted(site, pages):
    """平城区 raises 养老服务补贴 to 80 元 and widens it to 75 周岁 (example values): both are marked, with the city's."""
    content = pages[urls.region_list("140213")]
    card = content.split('id="item-10"', 1)[1].split("</section>", 1)[0]
    assert card.count("qd-changed-tag") >= 3  # the card, 执行标准, 享受条件
    assert "每人每月不低于80元" in card and "每人每月不低于70元" in card
    assert "年满75周岁" in card and "年满80周岁" in card
    assert 'class="qd-status qd-status-higher">高于' in card
    # an added item is marked as the county's own
    assert "本县（区）新增" in content


def test_item_pages_compare_each_county_with_the_figure(site, pages):
    content = pages[urls.item("care-service-subsidy")]
    rows = content.split("<tbody>", 1)[1]
    for county in site.counties:
        assert county.name in rows
    pingcheng = rows.split("平城区", 1)[1].split("</tr>", 1)[0]
    assert "高于" in pingcheng and "每人每月不低于80元" in pingcheng and "示例" in pingcheng


def test_matrix_and_county_pages_show_non_compliance(site):
    """A county list that fails the check cannot be published (the check blocks the build), so feed the pages a
    failing result directly: the matrix says 不符合, the county page tells each finding in words and its editors' view
    lists it with its rule ID."""
    from generator.findings import Finding, Location

    code = site.counties[0].code
    finding = Finding("AMOUNT_LOWERED", "第10项“养老服务补贴”：由每月70元改为每月60元", Location("x.yaml", 3, 5))
    failing = {"checked": True, "regions": {code: {
        "status": "fail", "parent": {"code": "140200", "name": "大同市", "revision": "2024-02-06"},
        "findings": [finding],
        "public": [{"severity": "error", "item": {"number": 10, "id": "care-service-subsidy", "name": "养老服务补贴"},
                    "text": "本区的金额低于市清单（不符合）：由每月70元改为每月60元"}],
        "items": {"care-service-subsidy": {"status": "lower", "detail": "低于市级"},
                  "tourism": {"status": "missing"}, "legal-aid": {"status": "higher"}, "judicial-aid": "same"}}}}
    original = site.compliance
    try:
        site.compliance = failing
        rendered = {p.src_uri: p.content for p in Renderer(site).pages()}
    finally:
        site.compliance = original
    matrix = rendered[urls.COMPLIANCE]
    assert matrix.count('class="qd-cell-lower"') == 1 and matrix.count('class="qd-cell-missing"') == 1
    assert ">不符合</a>" in matrix and ">高于</a>" in matrix and ">符合</a>" in matrix
    county = rendered[urls.region_list(code)]
    assert "本区的金额低于市清单（不符合）" in county and "不符合要求之处（1）" in county
    assert "AMOUNT_LOWERED" not in county
    editors = rendered[urls.editors_region(code)]
    assert "AMOUNT_LOWERED" in editors and "不符合要求之处（1）" in editors and "位置：x.yaml:3:5" in editors


def test_pages_without_results_say_so(site):
    original = site.compliance
    try:
        site.compliance = {"checked": False, "regions": {}}
        rendered = {p.src_uri: p.content for p in Renderer(site).pages()}
    finally:
        site.compliance = original
    assert "尚无检查结果" in rendered[urls.region_list(site.counties[0].code)]
    assert "未检查" in rendered[urls.COMPLIANCE]


def test_the_rule_table_comes_from_the_checking_code(real_site):
    rules = {rule.id: rule for rule in collect_rules()}
    # loader, schema, semantic and comparison rules, found in the code without a hand-kept list
    for rule_id in ("YAML_DUPLICATE_KEY", "YAML_AMBIGUOUS", "SCHEMA_REQUIRED", "SCHEMA_UNKNOWN_FIELD", "UNKNOWN_FACT",
                    "ITEM_NUMBERING", "DEFINITION_CYCLE", "ITEM_MISSING", "AMOUNT_LOWERED", "PARENT_OUTDATED"):
        assert rule_id in rules, rule_id
        assert rules[rule_id].messages or rules[rule_id].purpose
    assert rules["AMOUNT_LOWERED"].severity == "error" and rules["AMOUNT_RAISED"].severity == "info"
    editors = (real_site / "editors/index.html").read_text(encoding="utf-8")
    for rule_id in rules:
        assert f'id="rule-{rule_id}"' in editors, rule_id


def test_every_rule_id_used_in_the_code_is_in_the_table():
    """Every finding is made by a registered rule (no module builds a Finding itself), and every upper-case ID the
    code names a rule by anywhere in generator/ is documented."""
    import ast
    import pathlib

    code = pathlib.Path(sitebuild.ROOT / "generator")
    built, used = [], set()
    for path in code.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        built += [f"{path.relative_to(code)}:{node.lineno}" for node in ast.walk(ast.parse(text))
                  if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Finding"]
        used |= set(re.findall(r'RULES\[\s*"([A-Z][A-Z0-9_]{3,})"\s*\]', text))
        used |= set(re.findall(r'(?:_finding|plan_finding|error|add|Slip)\(\s*"([A-Z][A-Z0-9_]{3,})"', text))
    assert [place.split(":")[0] for place in built] == ["findings.py"], built  # Rule.at: the one constructor call
    registered = {rule.id for rule in collect_rules()}
    assert len(used) > 60 and used <= registered, used - registered


@pytest.mark.parametrize("text, shown", [
    ("<script>alert(1)</script>", r"&lt;script&gt;alert\(1\)&lt;/script&gt;"),
    ("*强调* _斜体_", r"\*强调\* \_斜体\_"),
    ("[链接](javascript:x)", r"\[链接\]\(javascript:x\)"),
    ("A & B {#id}", r"A &amp; B \{\#id\}"),
    ("两行\n文字", "两行 文字"),
])
def test_markdown_inline_text_is_escaped(text, shown):
    assert md_inline(text) == shown


def test_front_matter_is_quoted():
    assert front_matter(title="a: b # c", search={"exclude": True}) == \
        '---\ntitle: "a: b # c"\nsearch: {"exclude": true}\n---\n\n'


@pytest.mark.parametrize("src, target, anchor, expected", [
    ("lists/140200/index.md", "items/tourism/index.md", "", "../../items/tourism/"),
    ("index.md", "lists/140200/index.md", "item-3", "lists/140200/#item-3"),
    ("items/tourism/index.md", "index.md", "", "../../"),
    ("lists/140200/index.md", "data/140200.csv", "", "../../data/140200.csv"),
    ("lists/140200/index.md", "lists/140200/index.md", "top", "./#top"),
])
def test_relative_links(src, target, anchor, expected):
    assert urls.href(src, target, anchor=anchor) == expected


def test_csv_cells_cannot_become_formulas(site):
    view = site.city.current
    item = view.items[0]
    saved = item.official["content"]
    try:
        item.official["content"] = "=HYPERLINK(\"http://x\")"
        text = list_csv(view).decode("utf-8-sig")
    finally:
        item.official["content"] = saved
    assert "'=HYPERLINK" in text


# -- 解读说明 (issue 12.9) ---------------------------------------------------------------------------------------------
def _policy_interpretations() -> int:
    """How many readings the policy files mark with ``interpretation: true`` (lists and derivations alike)."""
    from generator.loading.repository import load_repository

    repo = load_repository(sitebuild.POLICY)
    return sum(1 for entry in [*repo.revisions, *repo.derivations]
               for definition in entry.data.get("definitions", {}).values() if definition.get("interpretation") is True)


def test_the_readings_page_lists_every_interpretation_of_the_policy(site, pages):
    content = pages[urls.INTERPRETATIONS]
    entries = re.findall(r'<div id="([a-z0-9_-]+)"><dt>', content)
    assert len(entries) == len(site.interpretations) == _policy_interpretations() >= 9
    for reading in site.interpretations:
        block = content.split(f'<div id="{reading.anchor}">', 1)[1].split("</div>", 1)[0]
        assert reading.reads and f"“{html.escape(reading.reads)}”" in block, reading.id
        assert reading.why and html.escape(reading.why) in block, reading.id
        assert html.escape(reading.text) in block, reading.id
    unable = content.split('<div id="unable_self_care">', 1)[1].split("</div>", 1)[0]
    assert "经认定生活不能自理" in unable and "第13项 护理补贴" in unable and "第14项" in unable and "第18项" in unable


def test_item_pages_show_their_readings_and_link_to_the_readings_page(pages):
    content = pages[urls.item("nursing-subsidy")]
    block = content.split('id="def-unable_self_care"', 1)[1].split("</div>", 1)[0]
    assert "qd-badge-reading" in block and "所解读的原文：“经认定生活不能自理" in block and "理由：" in block
    assert 'href="../../interpretations/#unable_self_care"' in block
    assert "以能力评估认定为准" in content  # the criterion the text leaves to the assessment


def test_the_editors_page_links_to_the_readings_page(real_site):
    editors = (real_site / "editors/index.html").read_text(encoding="utf-8")
    assert 'href="../interpretations/"' in editors
    assert (real_site / "interpretations/index.html").is_file()


def test_the_open_data_page_offers_each_regions_guidance_and_says_what_is_example(real_site):
    """Issue 15: 办理指南 is open data like the lists (data/guidance/<code>.json), and the page says that a value
    marked example is not real."""
    page = (real_site / "data/index.html").read_text(encoding="utf-8")
    regions = json.loads((real_site / urls.REGIONS_JSON).read_text(encoding="utf-8"))
    for region in regions:
        path = urls.guidance_json(region["code"])
        assert f'href="{posixpath.relpath(path, "data")}"' in page, path  # (relative to data/index.html)
        assert json.loads((real_site / path).read_text(encoding="utf-8"))["region"]["code"] == region["code"]
    assert "标为示例的不是真实的办理信息" in page
