"""Public pages speak to citizens (issue 15, acceptance 4): no public county page, nor the counties overview, nor the
compliance matrix, shows a rule ID, a policy/ file position or a command; the editors' view of the same county
(editors/lists/<code>/) shows all of them."""
from __future__ import annotations

import re
import shutil

import pytest

import qingdan_sitebuild as sitebuild

from generator.checking import check_policy
from generator.compare.rules import RULES as COMPARISON
from generator.rulebook import rules
from generator.site import urls
from generator.site.model import load_site
from generator.site.pages import Renderer

RULE_IDS = set(rules())
DEVELOPER_OUTPUT = re.compile(r"\b(" + "|".join(sorted(RULE_IDS)) + r")\b|policy/|qingdan ")


def _developer_output(text: str) -> list[str]:
    return sorted({m.group(0) for m in DEVELOPER_OUTPUT.finditer(text)})


def _public_pages(site_dir, codes) -> dict[str, str]:
    paths = [f"lists/{code}/" for code in codes] + ["counties/", "compliance/"]
    return {path: (site_dir / path / "index.html").read_text(encoding="utf-8") for path in paths}


def _counties(site_dir) -> list[str]:
    return sorted(p.name for p in (site_dir / "lists").iterdir() if p.is_dir() and p.name != sitebuild.CITY)


def test_public_county_pages_show_no_rule_id_file_position_or_command(real_site):
    counties = _counties(real_site)
    assert len(counties) == 10
    for path, text in _public_pages(real_site, counties).items():
        assert _developer_output(text) == [], path
    pingcheng = sitebuild.squeeze((real_site / "lists/140213/index.html").read_text(encoding="utf-8"))
    # the findings in words, the example person described, and the small link to the editors' view
    assert "第10项“养老服务补贴”：本区的金额高于市清单：“养老服务补贴”由每月70元改为每月80元。" in pingcheng
    assert "本区的享受范围比市清单宽：例如75周岁、经济状况为低保（最低生活保障）的老年人，在本区也可以享受。" in pingcheng
    assert 'href="../../editors/lists/140213/">编辑者信息</a>' in pingcheng


def test_the_editors_view_of_each_county_shows_rule_ids_and_locations(real_site):
    """The same findings, one for one: each public line has its editors' line with the rule ID and file position."""
    compared = 0
    for code in _counties(real_site):
        public = sitebuild.read_page(real_site, f"lists/{code}/")
        editors = sitebuild.read_page(real_site, f"editors/lists/{code}/")
        told = list(public.find_all("li", class_="qd-finding"))
        shown = list(editors.find_all("li", class_="qd-finding"))
        assert len(shown) == len(told), code
        for item in shown:
            assert item.find("span", class_="qd-rule-id").text() in RULE_IDS
            assert f"位置：policy/lists/{code}/" in item.find("span", class_="qd-where").text()
        compared += len(shown)
    assert compared >= 10


def test_every_comparison_rule_tells_a_citizen_its_verdict_in_chinese():
    """Each rule whose findings a public county page shows has a public wording: Chinese only (no field names, rule
    IDs or commands), and 不符合 exactly for the errors. COMPARISON_SKIPPED never reaches a public page: a county whose
    parent is broken has no comparison."""
    for rule_id, rule in COMPARISON.items():
        if rule_id == "COMPARISON_SKIPPED":
            assert not rule.public
            continue
        words = re.sub(r"\{\w+\}", "", rule.public)
        assert words and not re.search(r"[A-Za-z]", words), rule_id
        assert ("（不符合）" in words) == (rule.severity == "error"), rule_id


@pytest.fixture(scope="module")
def weaker(tmp_path_factory):
    """平城区 narrowed to 85周岁 and lowered to 60 元 for 养老服务补贴: published as 不符合 (the check's errors are the
    editors' gate), rendered without mkdocs."""
    policy = tmp_path_factory.mktemp("weaker") / "policy"
    shutil.copytree(sitebuild.POLICY, policy)
    county = policy / "lists/140213/2024-04-01.yaml"
    text = county.read_text(encoding="utf-8")
    for old, new in (("- {fact: age, ge: 75}", "- {fact: age, ge: 85}"),
                     ("subsidy: {value: 80, example: true}", "subsidy: {value: 60, example: true}")):
        assert old in text
        text = text.replace(old, new)
    county.write_text(text, encoding="utf-8")
    site = load_site(check_policy(policy))
    return {page.src_uri: page.content for page in Renderer(site).pages()}


def test_a_weaker_county_is_told_in_words_and_its_editors_get_the_command(weaker):
    public = weaker[urls.region_list("140213")]
    assert _developer_output(public) == []
    assert "不符合要求之处（2）" in public
    assert "本区的享受范围比市清单窄（不符合）：例如80周岁" in public and "按市清单可以享受，在本区不能享受。" in public
    assert "本区的金额低于市清单（不符合）：“养老服务补贴”由每月70元改为每月60元。" in public
    editors = weaker[urls.editors_region("140213")]
    assert "ELIGIBILITY_NARROWED" in editors and "AMOUNT_LOWERED" in editors
    assert "位置：policy/lists/140213/2024-04-01.yaml:" in editors
    assert "qingdan eligibility --region 140213" in editors
