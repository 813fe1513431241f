"""Issue 15: the money a person can count on each month (generator/engine/money.py), led with by the CLI and the
calculator. Only fixed amounts are added; everything else that is money is listed with its reason, never dropped."""
from __future__ import annotations

import json
import subprocess

import pytest

from tests.conftest import QINGDAN
from tests.test_cases import PARAMS, engine, load_case

PINGCHENG = "140213"
EIGHTY_FIVE_ON_DIBAO_ALONE = {"age": 85, "economic_status": "dibao", "living_alone": True}


def test_an_85_year_old_on_dibao_in_pingcheng_counts_on_130_yuan_a_month_marked_as_example():
    money = engine(PINGCHENG, "2026-01-01").evaluate(EIGHTY_FIVE_ON_DIBAO_ALONE)["money"]
    assert money["total"] == 130 and money["text"] == "每月至少可领130元" and money["example"] is True
    assert [(m["number"], m["value"]) for m in money["counted"]] == [(8, 50), (10, 80)]  # 高龄津贴, 养老服务补贴 不低于
    left_out = {m["number"]: m["why"] for m in money["not_counted"]}
    assert left_out[13] == "是否可以享受还要看有关部门的认定或更多回答"  # 护理补贴: 可能, not added
    assert left_out[23] == "按餐计算，不是按人按月发放"


def test_the_city_list_alone_adds_nothing_left_to_the_counties():
    money = engine("140200", "2026-01-01").evaluate(EIGHTY_FIVE_ON_DIBAO_ALONE)["money"]
    assert 8 not in [m["number"] for m in money["counted"]]  # the city leaves 高龄津贴 to the counties
    assert {m["number"]: m["why"] for m in money["not_counted"]}[8] == "标准由县（区）确定，尚未写明"


@pytest.mark.parametrize("path", PARAMS)
def test_every_money_benefit_is_either_added_or_said_why_not(path):
    case = load_case(path)
    result = engine(case["region"], case["as_of"]).evaluate(case["profile"])
    money = result["money"]
    assert money["total"] == round(sum(m["value"] for m in money["counted"]), 2)
    assert money["example"] == any(m["example"] for m in money["counted"])
    by_number = {r["number"]: r for r in result["results"]}
    listed = {(m["number"], m["benefit"]) for m in money["counted"] + money["not_counted"]}
    for m in money["counted"]:
        item = by_number[m["number"]]
        benefit = next(b for b in item["benefits"] if b["id"] == m["benefit"])
        amount = benefit["amount"]
        assert item["status"] == "eligible" and benefit["applies"] == "yes", m
        assert (amount["unit"], amount["period"], amount["bound"] in ("exact", "min")) == ("元", "月", True), m
        assert not benefit["alternatives"] and not benefit["overlap"] and amount["value"] == m["value"], m
    for item in result["results"]:
        for benefit in item["benefits"]:
            money_benefit = benefit["kind"] == "amount" and benefit["amount"]["unit"] == "元"
            if money_benefit and item["status"] != "ineligible" and benefit["applies"] != "no":
                assert (item["number"], benefit["id"]) in listed, (item["number"], benefit["id"])


def test_the_command_line_leads_with_the_monthly_money():
    run = subprocess.run([*QINGDAN, "eligibility", "--region", PINGCHENG, "--profile", "-",
                          "--as-of", "2026-01-01"], input=json.dumps(EIGHTY_FIVE_ON_DIBAO_ALONE), capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    first_group = next(i for i, line in enumerate(lines) if line.startswith("【可以享受】"))
    money = lines.index("【每月至少可领130元】（以下各项合计；含示例数值，非正式）")
    assert money < first_group
    assert lines[money + 1:money + 3] == ["   第8项 高龄津贴（每人每月50元）", "   第10项 养老服务补贴（每人每月不低于80元）"]
