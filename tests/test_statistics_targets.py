"""The plan's targets against the example statistics (issue 17).

- Acceptance 1: ``qingdan targets --quarter 2025Q4 --format json`` lists every target for every region, and each
  status equals the one computed here, independently, from the CSV files and the target files read as plain data.
- Acceptance 3: the bed rule's silence about counties of 10万–20万 people is a finding, and those counties are
  文件未规定 — never given a threshold.
- Every official sentence is quoted verbatim from the source text; the example data is what the script makes, and
  says 示例数据 everywhere.
"""
from __future__ import annotations

import csv
import datetime
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import frictionless
import pytest
import yaml

from generator.model.plan import GE, Population, Quarter, Requirement
from generator.model.plan_semantics import population_gaps
from tests.conftest import POLICY, ROOT, run_qingdan

SOURCE = POLICY / "sources" / "同政办发〔2024〕6号.txt"
STATISTICS = POLICY / "statistics"
CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"
CENSUS = {"140200": 3105591, "140213": 1105699, "140214": 684753, "140225": 237749}  # ../shared/research-notes.md


# ------------------------------------------------------------------------------------------------ independently
def quarter_of(text: str) -> tuple[int, int]:
    return int(text[:4]), int(text[5])


def index(quarter: tuple[int, int]) -> int:
    return quarter[0] * 4 + quarter[1] - 1


def read_rows() -> dict[tuple[str, str, str], dict]:
    rows = {}
    for file in sorted(STATISTICS.glob("*.csv")):
        with file.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                rows[row["region"], row["quarter"], row["indicator"]] = row
    return rows


def read_targets() -> dict[str, dict]:
    return {file.stem: yaml.safe_load(file.read_text(encoding="utf-8")) for file in sorted((POLICY / "targets").glob("*.yaml"))}


def read_regions() -> dict[str, str]:
    regions = {}
    for file in (POLICY / "lists").rglob("*.yaml"):
        region = yaml.safe_load(file.read_text(encoding="utf-8"))["region"]
        regions[region["code"]] = region["name"]
    return regions


def holds(condition: dict, people: Decimal) -> bool:
    return condition.get("min", 0) <= people <= condition.get("max", people)


def expected_status(target: dict, requirement: dict, code: str, quarter: str, rows: dict) -> str:
    """The status the issue defines: met, on track, behind, no data, 文件未规定 — or not applicable."""
    level = "city" if code.endswith("00") else "county"
    year, number = quarter_of(quarter)
    if level not in requirement["levels"] or year < requirement.get("each_year_from", 0):
        return "not_applicable"
    if "population" in requirement:
        people = Decimal(rows[code, quarter, "resident_population"]["value"])
        if not holds(requirement["population"], people):
            others = [r for r in target["requirements"] if "population" in r and holds(r["population"], people)]
            return "not_applicable" if others else "unspecified"
    row = rows.get((code, quarter, requirement["measure"]))
    if row is None:
        return "no_data"
    value, threshold = Decimal(row["value"]), Decimal(str(requirement["threshold"]))
    if value >= threshold:
        return "met"
    if "each_year_from" in requirement:
        if number == 4:
            return "behind"
        share = threshold if row["unit"] == "%" else threshold * number / 4
        return "on_track" if value >= share else "behind"
    if "deadline" not in requirement:
        return "behind"
    due = (requirement["deadline"].year, (requirement["deadline"].month - 1) // 3 + 1)
    if index((year, number)) >= index(due):
        return "behind"
    first = min((q for (c, q, i) in rows if c == code and i == requirement["measure"] and q <= quarter),
                key=lambda q: index(quarter_of(q)))
    start = Decimal(rows[code, first, requirement["measure"]]["value"])
    done = Decimal(index((year, number)) - index(quarter_of(first))) / (index(due) - index(quarter_of(first)))
    return "on_track" if value >= round(start + (threshold - start) * done, 2) else "behind"


# ------------------------------------------------------------------------------------------------ acceptance 1
@pytest.fixture(scope="module")
def reports() -> dict[str, dict]:
    out = {}
    for quarter in ("2024Q4", "2025Q2", "2025Q4"):
        result = run_qingdan("targets", "--quarter", quarter, "--format", "json")
        assert result.returncode == 0, result.stdout + result.stderr
        out[quarter] = json.loads(result.stdout)
    return out


def test_every_target_is_listed_for_every_region(reports):
    report = reports["2025Q4"]
    targets, regions = read_targets(), read_regions()
    pairs = {(r["target"], r["requirement"], r["region"]) for r in report["results"]}
    wanted = {(name, requirement["id"], code) for name, target in targets.items()
              for requirement in target["requirements"] for code in regions}
    assert pairs == wanted
    assert len(report["results"]) == len(wanted)
    assert {r["region_name"] for r in report["results"]} == set(regions.values())


@pytest.mark.parametrize("quarter", ["2024Q4", "2025Q2", "2025Q4"])
def test_statuses_match_an_independent_reading_of_the_example_data(reports, quarter):
    rows, targets = read_rows(), read_targets()
    report = reports[quarter]
    assert report["quarter"] == quarter and report["example"] is True
    mismatched = []
    for result in report["results"]:
        target = targets[result["target"]]
        requirement = next(r for r in target["requirements"] if r["id"] == result["requirement"])
        expected = expected_status(target, requirement, result["region"], quarter, rows)
        if result["status"] != expected:
            mismatched.append((result["target"], result["requirement"], result["region"], result["status"], expected))
        if result["status"] == "behind":
            value = Decimal(rows[result["region"], quarter, requirement["measure"]]["value"])
            assert Decimal(str(result["gap"])) == Decimal(str(requirement["threshold"])) - value
            assert "落后（差距 " in result["status_label"]
            if requirement.get("unit") == "%":  # a gap between two percentages: 个百分点, not a share of the figure
                assert result["status_label"].startswith(f"落后（差距 ") and "个百分点）" in result["status_label"]
    assert not mismatched


def test_the_example_data_has_counties_ahead_on_track_and_behind(reports):
    statuses = {quarter: {r["status"] for r in report["results"]} for quarter, report in reports.items()}
    assert {"met", "behind", "unspecified", "not_applicable"} <= statuses["2025Q4"]
    assert "on_track" in statuses["2025Q2"]
    county_done = {r["region"] for r in reports["2025Q4"]["results"] if r["region"] != "140200"
                   and r["target"] == "home-adaptation" and r["requirement"] == "all-by-2025"
                   and r["status"] == "met"}
    assert 0 < len(county_done) < 10


def test_text_output_names_each_region_and_its_verdict():
    result = run_qingdan("targets")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("【示例数据】")
    assert "2025年第四季度（2025Q4）" in result.stdout
    assert "平城区：100%，已达标" in result.stdout
    assert "文件未规定（常住人口 152408 人：原文对人口超过10万人、不到20万人的县（区）没有规定）" in result.stdout
    assert "warning[TARGET_TEXT_GAP]" in result.stdout


@pytest.mark.parametrize("quarter, message", [("2031Q1", "统计数据中没有 2031Q1 的文件"), ("2025-12", "写法不对")])
def test_a_quarter_without_statistics_is_a_clear_error(quarter, message):
    result = run_qingdan("targets", "--quarter", quarter)
    assert result.returncode == 1
    assert message in result.stderr and "Traceback" not in result.stderr


# ------------------------------------------------------------------------------------------------ acceptance 3
def test_the_population_gap_is_a_finding_and_never_filled_in(reports):
    checked = run_qingdan("check", "--format", "json")
    assert checked.returncode == 0, checked.stdout
    gaps = [f for f in json.loads(checked.stdout)["findings"] if f["rule"] == "TARGET_TEXT_GAP"]
    assert len(gaps) == 1 and gaps[0]["severity"] == "warning"
    assert gaps[0]["location"]["path"].endswith("targets/public-institution-beds.yaml")
    assert "人口超过10万人、不到20万人" in gaps[0]["message"]

    rows = read_rows()
    between = {code for (code, quarter, indicator), row in rows.items() if quarter == "2025Q4"
               and indicator == "resident_population" and 100000 < Decimal(row["value"]) < 200000
               and not code.endswith("00")}
    assert len(between) == 4
    beds = [r for r in reports["2025Q4"]["results"] if r["target"] == "public-institution-beds"]
    unspecified = {r["region"] for r in beds if r["status"] == "unspecified"}
    assert unspecified == between
    assert all(r["status_label"] == "文件未规定" and r["value"] is None for r in beds if r["region"] in between)


# ------------------------------------------------------------------------------------------------ the data itself
def test_every_official_sentence_is_quoted_verbatim_from_the_source():
    source = SOURCE.read_text(encoding="utf-8")
    documents = [*read_targets().values(), yaml.safe_load((POLICY / "indicators.yaml").read_text(encoding="utf-8"))]
    quoted = 0
    for document in documents:
        assert document["official"]["source"] == "sources/同政办发〔2024〕6号.txt"
        position = 0
        for passage in document["official"]["quote"]:
            found = source.find(passage, position)
            assert found >= 0, passage
            position = found + len(passage)
            quoted += 1
    assert quoted >= 12


def test_the_example_statistics_are_what_the_script_makes(tmp_path: Path):
    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "example_statistics.py"), str(tmp_path)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    made = sorted(p.name for p in tmp_path.iterdir())
    assert made == sorted(p.name for p in STATISTICS.iterdir() if p.name != "tableschema.json")
    for name in made:
        assert (tmp_path / name).read_bytes() == (STATISTICS / name).read_bytes(), name


def test_every_file_says_it_is_example_data_and_no_invented_figure_passes_as_official():
    package = json.loads((STATISTICS / "datapackage.json").read_text(encoding="utf-8"))
    assert package["example"] is True and package["description"].startswith("示例数据")
    assert all("示例数据" in resource["title"] for resource in package["resources"])
    rows = read_rows()
    assert rows and all(row["note"].startswith("示例数据") for row in rows.values())
    for (code, quarter, indicator), row in rows.items():
        if indicator == "resident_population":
            if code in CENSUS:
                assert (Decimal(row["value"]), row["source"]) == (CENSUS[code], "第七次全国人口普查（2020年）")
            else:
                assert "虚构" in row["source"] and "普查" not in row["source"].replace("不是普查数据", "")
        elif "普查" in row["source"]:
            pytest.fail(f"{code} {quarter} {indicator}: only the census populations may cite the census")


def test_the_package_is_valid_for_frictionless_itself():
    """Anyone downloading the package can validate it with the same library (here it opens the files itself)."""
    report = frictionless.validate(STATISTICS / "datapackage.json")
    assert report.valid, report.flatten(["type", "note"])[:5]


def test_targets_and_indicators_pass_plain_check_jsonschema():
    for schema, files in (("target", sorted((POLICY / "targets").glob("*.yaml"))), ("indicators", [POLICY / "indicators.yaml"])):
        result = subprocess.run([str(CHECK_JSONSCHEMA), "--schemafile", str(POLICY / "schema" / f"{schema}.schema.json"),
                                 *map(str, files)], capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("bounds, gaps", [
    ([(None, 100000), (200000, None)], [(100001, 199999)]),  # the bed rule: 10万人以下, 20万人以上
    ([(None, 100000), (100001, None)], []),
    ([(50000, None)], [(0, 49999)]),
    ([(None, 10)], [(11, None)]),
    ([(None, 10), (20, 30), (40, None)], [(11, 19), (31, 39)]),
])
def test_population_gaps_are_the_ranges_no_requirement_covers(bounds, gaps):
    requirements = tuple(Requirement(f"r{i}", "要求", "x", GE, Decimal(1), "张", ("county",),
                                     population=Population(low, high)) for i, (low, high) in enumerate(bounds))
    assert [(g.min, g.max) for g in population_gaps("t", requirements)] == gaps


def test_quarters_know_their_end_and_order():
    assert Quarter.parse("2025Q4").end == datetime.date(2025, 12, 31)
    assert Quarter.parse("2024Q1").end == datetime.date(2024, 3, 31)
    assert Quarter.parse("2024Q2").next() == Quarter(2024, 3) and Quarter(2024, 4).next() == Quarter(2025, 1)
    assert Quarter.parse("2024Q5") is None and Quarter.parse("24Q1") is None
    assert Quarter.of(datetime.date(2025, 12, 31)) == Quarter(2025, 4)
