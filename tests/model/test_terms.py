"""The kinds of term (generator/model/terms/): one module each, carrying its wording, resolution, comparison and
rules; the schema, engine, comparison and site read them from the registry. The voucher (养老服务券、养老服务卡,
措施 7) is the kind issue 13 added through it."""
from __future__ import annotations

import datetime

import pytest

from generator.checking import check_policy
from generator.compare.rules import RULES as COMPARISON_RULES
from generator.engine import Engine
from generator.model.content import Parameter
from generator.model.schemas import TERM
from generator.model.terms import KINDS, RULES, Sides, parse_term
from generator.model.terms.voucher import Voucher
from tests.compare.helpers import edit
from tests.conftest import CITY_FILE, POLICY

YUNZHOU = "140215"
AS_OF = datetime.date(2024, 7, 1)
VOUCHER = {"id": "service-voucher", "kind": "voucher", "label": "养老服务券", "value": 50, "unit": "元", "period": "月",
           "issuer": "云州区民政局"}
SIDES = Sides("市清单", "本区")


def test_the_schema_lists_every_kind_and_what_each_requires():
    assert TERM["properties"]["kind"]["enum"] == list(KINDS) and "voucher" in KINDS
    required = {rule["if"]["properties"]["kind"].get("const"): rule["then"]["required"] for rule in TERM["allOf"]}
    assert required["voucher"] == ["value", "unit", "period", "issuer"]
    assert "issuer" in TERM["properties"]


def test_each_kinds_rules_are_comparison_rules():
    assert {rule.id for rule in Voucher.RULES} == {"VOUCHER_VALUE_LOWERED", "VOUCHER_VALUE_RAISED",
                                                   "VOUCHER_PERIOD_LENGTHENED", "VOUCHER_PERIOD_SHORTENED"}
    assert {rule.id for rule in RULES} <= set(COMPARISON_RULES)


def test_a_voucher_reads_with_its_face_value_period_and_issuer():
    term = parse_term(VOUCHER)
    assert isinstance(term, Voucher)
    assert term.describe({}) == ("每月发放面值50元，由云州区民政局发放", 50, False)
    by_parameter = parse_term({**VOUCHER, "value": {"param": "voucher_value"}})
    open_value = {"voucher_value": Parameter("服务券面值", "由县区政府确定", "元")}
    assert by_parameter.describe(open_value)[0] == "标准由县区政府确定，由云州区民政局发放"


@pytest.mark.parametrize("change, rules", [
    ({"value": 40}, ["VOUCHER_VALUE_LOWERED"]),
    ({"period": "季"}, ["VOUCHER_PERIOD_LENGTHENED"]),
    ({"value": 200, "period": "季"}, ["VOUCHER_VALUE_RAISED", "VOUCHER_PERIOD_LENGTHENED"]),
    ({"value": 60, "period": "周"}, ["VOUCHER_VALUE_RAISED", "VOUCHER_PERIOD_SHORTENED"]),
    ({"issuer": "云州区民政局（新）"}, []),
    ({"unit": "次"}, ["UNIT_MISMATCH"]),
    ({"kind": "text", "text": "发放服务券"}, ["TERM_KIND_CHANGED"]),
], ids=["lower", "longer", "more-but-rarer", "more-and-oftener", "issuer", "unit", "kind"])
def test_a_lower_face_value_or_a_longer_period_is_a_weakening(change, rules):
    parent, child = parse_term(VOUCHER), parse_term({**VOUCHER, **change})
    changes = parent.compare(child, {}, {}, SIDES, "“养老服务券”")
    assert [c.rule.id for c in changes] == rules
    for found in changes:
        assert bool(found.advice) == (found.rule.severity == "error"), found


def test_the_county_example_gives_a_voucher_and_the_engine_evaluates_it():
    snapshot = check_policy(POLICY, AS_OF)
    assert snapshot.ok, [f.format_text() for f in snapshot.findings if f.severity == "error"]
    result = Engine(snapshot.compiled_in_force(YUNZHOU)).evaluate({"age": 82, "economic_status": "dibao"})
    (item,) = [r for r in result["results"] if r["id"] == "care-service-subsidy"]
    (voucher,) = [b for b in item["benefits"] if b["kind"] == "voucher"]
    assert item["status"] == "eligible" and voucher["example"]
    assert voucher["measure"] == 50 and voucher["voucher"] == {"value": 50, "unit": "元", "period": "月",
                                                               "issuer": "云州区民政局（示例）", "bound": "exact"}
    assert voucher["text"] == "每月发放面值50元，由云州区民政局（示例）发放"


def test_the_county_page_shows_the_voucher():
    from generator.site import urls
    from generator.site.model import load_site
    from generator.site.pages import Renderer

    site = load_site(check_policy(POLICY, AS_OF))
    page = {p.src_uri: p.content for p in Renderer(site).pages()}[urls.region_list(YUNZHOU)]
    assert "养老服务券" in page and "每月发放面值50元，由云州区民政局（示例）发放" in page


def test_a_county_that_gives_less_than_the_citys_voucher_fails_the_check(policy_copy):
    """A city list with a voucher (a copy of the real one: the real city list has none) and a county that issues it
    every quarter at a lower value: two errors, at the county's own lines."""
    edit(policy_copy, CITY_FILE,
         "      - {id: subsidy, kind: amount, label: 养老服务补贴, value: 70, unit: 元, per: 人, period: 月, bound: min}\n",
         "      - {id: subsidy, kind: amount, label: 养老服务补贴, value: 70, unit: 元, per: 人, period: 月, bound: min}\n"
         "      - {id: service-voucher, kind: voucher, label: 养老服务券, value: 50, unit: 元, period: 月, "
         "issuer: 市民政局}\n")
    county = f"lists/{YUNZHOU}/2024-04-01.yaml"
    text = (policy_copy / county).read_text(encoding="utf-8")
    start = text.index("  care-service-subsidy:\n")
    (policy_copy / county).write_text(text[:start] + "  care-service-subsidy:\n    terms:\n"
                                      "      service-voucher: {value: 40, period: 季}\n", encoding="utf-8")
    snapshot = check_policy(policy_copy, AS_OF)
    errors = {f.rule: f for f in snapshot.findings if f.severity == "error"}
    assert set(errors) == {"VOUCHER_VALUE_LOWERED", "VOUCHER_PERIOD_LENGTHENED"}, [f.format_text() for f in
                                                                                  errors.values()]
    for finding in errors.values():
        assert finding.location.path.endswith(county) and "养老服务券" in finding.message
    assert "请改为面值不低于50元" in errors["VOUCHER_VALUE_LOWERED"].message
    assert "请改为每月发放" in errors["VOUCHER_PERIOD_LENGTHENED"].message
