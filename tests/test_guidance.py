"""办理指南 as policy data (issue 15): a county inherits the city's guidance and overrides it field by field, every
value we filled in is shown labelled 示例, and a wrong guidance file is told in Chinese at file:line:col."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.checking import check_policy
from generator.model.guidance import FIELDS
from generator.site import urls
from generator.site.model import load_site
from generator.site.pages import Renderer
from tests.conftest import QINGDAN

ROOT = Path(__file__).resolve().parents[1]
POLICY = ROOT / "policy"


@pytest.fixture(scope="module")
def site():
    snapshot = check_policy(POLICY)
    assert snapshot.ok, [f.format_text() for f in snapshot.findings if f.severity == "error"]
    return load_site(snapshot)


def test_a_county_overrides_the_city_field_by_field_and_inherits_the_rest(site):
    # 平城区 writes its own office, address and phone for every item; hours and documents stay the city's
    pingcheng = site.guidance_for("140213", "care-service-subsidy")
    assert pingcheng["office"].value == "平城区民政局社会救助和养老服务窗口（示例）"
    assert pingcheng["office"].region == "平城区" and pingcheng["hours"].region == "大同市"
    assert pingcheng["documents"].value == site.guidance_for("140200", "care-service-subsidy")["documents"].value
    # the county's default wins over the city's entry for one item (a 平城区 resident is not sent to the city)…
    assert site.guidance_for("140200", "legal-aid")["office"].value == "大同市法律援助中心（示例）"
    assert site.guidance_for("140213", "legal-aid")["office"].value == "平城区民政局社会救助和养老服务窗口（示例）"
    # …while the fields the county does not write come from the city's entry for that item
    assert site.guidance_for("140213", "legal-aid")["documents"].value[1] == "经济困难状况的说明或证明"
    # a county's own item gets its own entry; a county without a file gets the city's guidance unchanged
    assert site.guidance_for("140213", "meal-assistance")["office"].value == "就近的社区老年助餐点（示例）"
    assert site.guidance_for("140212", "legal-aid") == site.guidance_for("140200", "legal-aid")


def _guidance_blocks(page: str) -> list[str]:
    return re.findall(r'<dl class="qd-guidance">(.*?)</dl>', page, re.S)


def test_every_filled_value_on_item_and_county_pages_is_labelled_example(site):
    pages = {page.src_uri: page.content for page in Renderer(site).pages()}
    shown = [urls.item(item.id) for item in site.city.current.items]
    shown += [urls.region_list(county.code) for county in site.counties]
    values = 0
    for src in shown:
        blocks = _guidance_blocks(pages[src])
        assert blocks, src
        for block in blocks:
            for value in re.findall(r"<dd>(.*?)</dd>", block, re.S):
                assert 'class="qd-badge qd-badge-example"' in value, (src, value)
                values += 1
            assert "tel:" not in block
    assert values >= len(shown) * len(FIELDS)
    assert "0352-0000004 <span class=\"qd-badge qd-badge-example\" title=\"此为示例，不是正式发布的内容\">示例号码，请勿拨打" \
        in pages[urls.region_list("140213")]


@pytest.mark.parametrize("old, new, expected", [
    ("  phone: {value: 0352-0000004, example: true}", "  phon: {value: 0352-0000004, example: true}",
     r"policy/guidance/140213\.yaml:11:3: error\[SCHEMA_UNKNOWN_FIELD\] 未知字段“phon”\n    提示：是不是想写“phone”？"),
    ("  phone: {value: 0352-0000004, example: true}", "  phone: {value: 0352-6012345, example: true}",
     r"policy/guidance/140213\.yaml:11:18: error\[GUIDANCE_EXAMPLE_PHONE\] 示例电话“0352-6012345”看起来像真实号码"),
    ("  phone: {value: 0352-0000004, example: true}", "  phone: {value: 电话待定, example: true}",
     r"policy/guidance/140213\.yaml:11:18: error\[SCHEMA_PATTERN\] “电话待定”含有全角字符"),
    ("  meal-assistance:", "  meal-assistence:",
     r"policy/guidance/140213\.yaml:13:3: error\[GUIDANCE_UNKNOWN_ITEM\] 没有标识为“meal-assistence”的项目\n"
     r"    提示：是不是想写“meal-assistance”？"),
    ('  code: "140213"', '  code: "140214"',
     r"policy/guidance/140213\.yaml:6:9: error\[GUIDANCE_FILE_NAME\] 文件名应为 140214\.yaml"),
])
def test_a_wrong_guidance_file_is_told_in_chinese_at_its_position(tmp_path, old, new, expected):
    policy = tmp_path / "policy"
    shutil.copytree(POLICY, policy)
    file = policy / "guidance/140213.yaml"
    text = file.read_text(encoding="utf-8")
    assert text.count(old) == 1
    file.write_text(text.replace(old, new), encoding="utf-8")
    run = subprocess.run([*QINGDAN, "check"], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert run.returncode == 1, run.stdout + run.stderr
    assert re.search(expected, run.stdout), run.stdout
    assert "Traceback" not in run.stdout + run.stderr
