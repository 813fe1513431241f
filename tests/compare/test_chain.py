"""Lists form a chain: a (fixture) province → the city → a county; the check runs on each edge."""
from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest

from generator.checking import check_policy
from tests.conftest import POLICY

AS_OF = datetime.date(2024, 6, 1)
PROVINCE = '''kind: list
list_id: fixture-province
title: 山西省基本养老服务清单（测试用虚构）
region: {code: "140000", name: 山西省}
revision:
  id: "2023-12-01"
  issuer: 测试用虚构（不是正式文件）
  published: 2023-12-01
  effective: 2023-12-01
  fixture: true
definitions:
  elderly:
    label: 老年人（年满60周岁）
    text: 年满60周岁
    condition: {fact: age, ge: 60}
parameters:
  old_age_allowance_80_99: {label: 高龄津贴标准, unit: 元, per: 人, period: 月, text: 由市县确定}
items:
  - number: 1
    id: old-age-allowance
    official: {target_group: 80周岁及以上老年人, name: 高龄津贴, content: 发放高龄津贴, standard: 由市县确定,
               service_type: 物质帮助, department: 省民政厅}
    eligibility: {fact: age, ge: 80}
    terms:
      - {id: allowance, kind: amount, label: 高龄津贴, value: {param: old_age_allowance_80_99}, unit: 元, per: 人,
         period: 月, bound: min}
  - number: 2
    id: transport
    official: {target_group: 65周岁及以上老年人, name: 公交优惠, content: 免费乘坐公交, standard: 免费,
               service_type: 关爱服务, department: 省交通厅}
    eligibility: {fact: age, ge: 65}
    terms:
      - {id: fare, kind: discount, label: 公交票价, payable: 0}
'''
CITY = '''kind: derivation
list_id: fixture-city
title: 大同市清单（测试用虚构）
region: {code: "140200", name: 大同市}
parent: {region: "140000", revision: "2023-12-01"}
revision: {id: "2024-01-01", issuer: 测试用虚构, published: 2024-01-01, effective: 2024-01-01, fixture: true}
items:
  old-age-allowance:
    eligibility_any: {fact: age, ge: 78}
'''
COUNTY = '''kind: derivation
list_id: fixture-county
title: 平城区清单（测试用虚构）
region: {code: "140213", name: 平城区}
parent: {region: "140200", revision: "2024-01-01"}
revision: {id: "2024-02-01", issuer: 测试用虚构, published: 2024-02-01, effective: 2024-02-01, fixture: true}
parameters:
  old_age_allowance_80_99: {value: 50, example: true}
'''


@pytest.fixture
def chain(tmp_path: Path) -> Path:
    root = tmp_path / "policy"
    (root / "lists").mkdir(parents=True)
    shutil.copy(POLICY / "vocabulary.yaml", root)
    shutil.copytree(POLICY / "schema", root / "schema")
    for code, text in [("140000", PROVINCE), ("140200", CITY), ("140213", COUNTY)]:
        (root / "lists" / code).mkdir()
        (root / "lists" / code / "rev.yaml").write_text(text, encoding="utf-8")
    return root


def test_a_compliant_chain_passes_on_both_edges(chain):
    result = check_policy(chain, as_of=AS_OF)
    assert result.ok, [f.format_text() for f in result.findings]
    assert set(result.edges) == {"140200", "140213"}
    assert result.edges["140213"].parent.region_code == "140200"
    assert result.edges["140200"].parent.region_code == "140000"
    county = result.catalog.effective_in_force("140213", AS_OF)
    assert county.items[0]["eligibility"] == {"any": [{"fact": "age", "ge": 80}, {"fact": "age", "ge": 78}]}


def test_a_county_weaker_than_the_city_but_not_than_the_province_is_caught_on_its_own_edge(chain):
    county = chain / "lists/140213/rev.yaml"
    county.write_text(county.read_text(encoding="utf-8") + "items:\n  old-age-allowance:\n"
                      "    eligibility: {fact: age, ge: 80}\n", encoding="utf-8")
    result = check_policy(chain, as_of=AS_OF)
    narrowed = [f for f in result.findings if f.rule == "ELIGIBILITY_NARROWED"]
    assert len(narrowed) == 1 and narrowed[0].location.path.endswith("140213/rev.yaml")
    assert narrowed[0].extra["counterexample"] == {"age": 78}


def test_the_city_edge_is_checked_too(chain):
    city = chain / "lists/140200/rev.yaml"
    city.write_text(city.read_text(encoding="utf-8") + "  transport:\n    terms:\n      fare: {payable: 0.5}\n",
                    encoding="utf-8")
    result = check_policy(chain, as_of=AS_OF)
    lowered = [f for f in result.findings if f.rule == "DISCOUNT_LOWERED"]
    assert {f.location.path.split("/")[-2] for f in lowered} == {"140200"}


@pytest.mark.parametrize("parent, rule", [
    ('{region: "140213", revision: "2024-02-01"}', "PARENT_SELF"),
    ('{region: "140299", revision: "2024-01-01"}', "PARENT_NOT_FOUND"),
    ('{region: "140200", revision: "2099-01-01"}', "PARENT_NOT_FOUND"),
])
def test_broken_parents_are_reported_not_crashed(chain, parent, rule):
    county = chain / "lists/140213/rev.yaml"
    text = county.read_text(encoding="utf-8").replace('{region: "140200", revision: "2024-01-01"}', parent)
    county.write_text(text, encoding="utf-8")
    result = check_policy(chain, as_of=AS_OF)
    assert rule in {f.rule for f in result.findings}
    finding = next(f for f in result.findings if f.rule == rule)
    assert finding.location.path.endswith("140213/rev.yaml") and finding.location.line == 5


def test_a_cycle_is_reported(chain):
    city = chain / "lists/140200/rev.yaml"
    city.write_text(city.read_text(encoding="utf-8").replace('{region: "140000", revision: "2023-12-01"}',
                                                             '{region: "140213", revision: "2024-02-01"}'),
                    encoding="utf-8")
    result = check_policy(chain, as_of=AS_OF)
    assert "PARENT_CYCLE" in {f.rule for f in result.findings}
