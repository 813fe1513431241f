"""Writes the EXAMPLE quarterly statistics in policy/statistics/: one CSV per quarter, 2024Q1–2025Q4, and the data
package that describes them (datapackage.json; the Table Schema, tableschema.json, is written by hand).

No real statistics are available. These figures are made up, deterministically (a fixed random seed), to be
plausible: the populations of 大同市, 平城区, 云冈区 and 浑源县 are the 2020 census figures (第七次全国人口普查); the
other counties' populations are invented (marked as such in the source column) and sum with them to the city's
census total. Some counties run ahead of the plan's targets, some on track, some behind. Every row's note and the
package's description say 示例数据; the site shows them as such.

Run: .venv/bin/python scripts/example_statistics.py [FOLDER]   (default policy/statistics/; it rewrites the files,
and running it twice gives the same bytes)
"""
from __future__ import annotations

import csv
import io
import json
import random
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.derive.catalog import is_county_level  # noqa: E402
from generator.loading.repository import load_repository  # noqa: E402
from generator.loading.statistics import PACKAGE_FILE, TABLE_SCHEMA_FILE  # noqa: E402
from generator.loading.yamlsafe import load_yaml  # noqa: E402
from generator.model.plan import STATISTICS_COLUMNS, Quarter, quarters_between  # noqa: E402

POLICY = ROOT / "policy"
SEED = 17
QUARTERS = quarters_between(Quarter(2024, 1), Quarter(2025, 4))
NOTE = "示例数据，不是正式统计数字"
SOURCE = "示例数据：由 scripts/example_statistics.py 按固定随机种子生成"
CENSUS = "第七次全国人口普查（2020年）"
INVENTED = "示例数据：虚构的人口数，不是普查数据"

# 2020 census (../shared/research-notes.md); the other counties' populations are invented and marked so.
POPULATION = {"140200": (3105591, CENSUS), "140213": (1105699, CENSUS), "140214": (684753, CENSUS),
              "140225": (237749, CENSUS), "140212": (96135, INVENTED), "140215": (152408, INVENTED),
              "140221": (231276, INVENTED), "140222": (168530, INVENTED), "140223": (151977, INVENTED),
              "140224": (198461, INVENTED), "140226": (78603, INVENTED)}
# How each county keeps pace with the plan's targets in the example.
PACE = {"140213": "ahead", "140214": "ahead", "140224": "ahead",
        "140215": "on-track", "140221": "on-track", "140225": "on-track", "140226": "on-track",
        "140212": "behind", "140222": "behind", "140223": "behind"}
# The largest public institution's beds (措施 12), by county: 2024 and from 2025.
BEDS = {"140213": (420, 460), "140214": (330, 350), "140224": (200, 210), "140215": (160, 180),
        "140221": (280, 300), "140225": (300, 320), "140226": (150, 160), "140212": (110, 120),
        "140222": (130, 130), "140223": (140, 150)}
# Year-to-date city figures per quarter (万元 or 个): 2024 Q1–Q4, then 2025 Q1–Q4.
SPORTS = {"sports_lottery_community_funds": [0, 80, 150, 200, 0, 50, 100, 180],
          "sports_lottery_communities": [0, 8, 15, 20, 0, 5, 10, 18],
          "sports_lottery_institution_funds": [0, 40, 70, 100, 20, 50, 80, 100],
          "sports_lottery_institutions": [0, 8, 14, 20, 5, 10, 15, 21]}
WELFARE_LOTTERY_TOTAL = [480, 1010, 1530, 2050, 500, 990, 1520, 2080]  # 万元, year to date
WELFARE_LOTTERY_SHARE = [0.575, 0.592, 0.611, 0.628, 0.603, 0.615, 0.622, 0.640]


def one_decimal(value: float | Decimal) -> str:
    return str(Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def ratio(numerator: int, denominator: int) -> str:
    return one_decimal(Decimal(numerator) / Decimal(denominator) * 100)


def progress(start: float, end: float, step: int, rng: random.Random) -> float:
    """A share moving from ``start`` (the first quarter) to ``end`` (the last), a little unevenly in between."""
    last = len(QUARTERS) - 1
    jitter = rng.uniform(-0.05, 0.05) if 0 < step < last else 0.0
    return start + (end - start) * min(1.0, max(0.0, step / last + jitter))


class Counts:
    """The invented counts of one county: facilities, people, tasks."""

    def __init__(self, code: str, rng: random.Random):
        people = POPULATION[code][0]
        self.code, self.pace = code, PACE[code]
        self.older_share = rng.uniform(0.19, 0.21) if people > 500000 else rng.uniform(0.22, 0.25)
        self.homes = max(5, round(people / 60000 * rng.uniform(0.8, 1.2)))
        self.townships = max(5, round(people / 25000 * rng.uniform(0.8, 1.2)))
        self.communities = max(20, round(people / 7000 * rng.uniform(0.8, 1.2)))
        self.allowance = rng.choice([30, 40, 50])  # 元 per person per month (由县区政府确定; example)
        self.task = round(people * self.older_share * 0.004)  # “十四五” home adaptation task, households


def county_rows(counts: Counts, rng: random.Random) -> dict[tuple[Quarter, str], tuple]:
    """(quarter, indicator) -> (numerator, denominator, value, source) for one county."""
    rows: dict[tuple[Quarter, str], tuple] = {}
    pace = counts.pace
    people, people_source = POPULATION[counts.code]
    grade_end = {"ahead": counts.homes, "on-track": counts.homes, "behind": counts.homes - 1}[pace]
    township_end = {"ahead": 0.82, "on-track": 0.66, "behind": 0.45}[pace]
    community_end = {"ahead": 0.98, "on-track": 0.93, "behind": 0.81}[pace]
    visit_end = {"ahead": 1.0, "on-track": 1.0, "behind": 0.96}[pace]
    adaptation = {"ahead": (0.62, 1.0), "on-track": (0.5, 1.0), "behind": (0.36, 0.82)}[pace]
    medical_from = {"ahead": Quarter(2024, 3), "on-track": Quarter(2025, 3), "behind": None}[pace]
    if counts.code == "140223":
        medical_from = Quarter(2025, 4)
    done = 0
    for step, quarter in enumerate(QUARTERS):
        older_60 = round(people * (counts.older_share + 0.0015 * step))
        older_80 = round(older_60 * rng.uniform(0.118, 0.124))
        older_100 = max(1, round(older_60 * rng.uniform(0.00045, 0.00055)))
        special = round(older_60 * 0.012)
        grade = counts.homes if pace == "ahead" and step >= 5 else round(progress(0.4, 1.0, step, rng) * grade_end)
        townships = round(progress(0.3, township_end, step, rng) * counts.townships)
        communities = round(progress(0.6, community_end, step, rng) * counts.communities)
        visited = round(progress(0.85, visit_end, step, rng) * special)
        # the home adaptation task: adaptation[0] done by the end of 2024, adaptation[1] by the end of 2025
        share = adaptation[0] * (step + 1) / 4 if step < 4 else \
            adaptation[0] + (adaptation[1] - adaptation[0]) * (step - 3) / 4
        wobble = rng.uniform(0.96, 1.0) if step not in (3, 7) else 1.0
        done = max(done, round(counts.task * share * wobble))
        recipients = round((older_80 - older_100) * rng.uniform(0.92, 0.97))
        beds = BEDS[counts.code][0 if quarter.year == 2024 else 1]
        medical = 1 if medical_from is not None and quarter >= medical_from else 0
        figures = {
            "welfare_home_grade_share": (grade, counts.homes),
            "township_centre_coverage": (townships, counts.townships),
            "community_care_coverage": (communities, counts.communities),
            "special_visit_rate": (visited, special),
            "home_adaptation_progress": (done, counts.task),
            "public_institution_beds": beds,
            "medical_care_institutions": medical,
            "resident_population": people,
            "older_60": older_60, "older_80": older_80, "older_100": older_100,
            "old_age_allowance_recipients": recipients,
            "old_age_allowance_paid": Decimal(recipients * counts.allowance * 3 * quarter.number) / 10000,
            "centenarian_allowance_recipients": max(0, older_100 - rng.choice([0, 0, 1])),
        }
        for indicator, figure in figures.items():
            source = people_source if indicator == "resident_population" else SOURCE
            rows[quarter, indicator] = (*figure, None, source) if isinstance(figure, tuple) else (None, None, figure, source)
    return rows


def city_rows(counties: list[dict[tuple[Quarter, str], tuple]]) -> dict[tuple[Quarter, str], tuple]:
    """The city's figures: the counties' summed (county-only indicators left out), and its own funds."""
    rows: dict[tuple[Quarter, str], tuple] = {}
    for key in counties[0]:
        quarter, indicator = key
        if indicator in ("public_institution_beds", "medical_care_institutions"):
            continue
        parts = [county[key] for county in counties]
        if parts[0][0] is not None:
            rows[key] = (sum(p[0] for p in parts), sum(p[1] for p in parts), None, SOURCE)
        else:
            rows[key] = (None, None, sum(p[2] for p in parts), SOURCE)
    for step, quarter in enumerate(QUARTERS):
        rows[quarter, "resident_population"] = (None, None, POPULATION["140200"][0], CENSUS)
        total = WELFARE_LOTTERY_TOTAL[step]
        rows[quarter, "welfare_lottery_elderly_share"] = (round(total * WELFARE_LOTTERY_SHARE[step]), total, None, SOURCE)
        for indicator, values in SPORTS.items():
            rows[quarter, indicator] = (None, None, values[step], SOURCE)
    return rows


def csv_text(quarter: Quarter, by_region: dict[str, dict], units: dict[str, str]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(STATISTICS_COLUMNS)
    for code, rows in by_region.items():
        for indicator in units:
            figure = rows.get((quarter, indicator))
            if figure is None:
                continue
            numerator, denominator, value, source = figure
            if numerator is not None:
                value = ratio(numerator, denominator)
            elif isinstance(value, Decimal):
                value = one_decimal(value)
            note = NOTE if source != CENSUS else f"{NOTE}（人口为普查数）"
            writer.writerow([code, quarter, indicator, "" if numerator is None else numerator,
                             "" if denominator is None else denominator, value, units[indicator], source, note])
    return buffer.getvalue()


def package(quarters: list[Quarter]) -> dict:
    return {
        "name": "datong-basic-elderly-care-statistics-example",
        "title": "大同市基本养老服务季度统计数据（示例数据）",
        "description": "示例数据，不是正式统计数字：本网站没有取得正式发布的统计数据，这些数字由 "
                       "scripts/example_statistics.py 按固定随机种子生成，只用来演示每季度发布统计数据（同政办发〔2024〕6号"
                       "措施 3）和按实施方案的目标检查进度。大同市、平城区、云冈区、浑源县的人口取第七次全国人口普查（2020年）"
                       "数，其他县（区）的人口是虚构的。",
        "example": True,
        "resources": [{"name": str(q).lower(), "title": f"{q.label}（示例数据）", "path": f"{q}.csv",
                       "format": "csv", "mediatype": "text/csv", "encoding": "utf-8", "schema": TABLE_SCHEMA_FILE}
                      for q in quarters],
    }


def main(out: Path) -> None:
    rng = random.Random(SEED)
    indicators = load_yaml(POLICY / "indicators.yaml").data["indicators"]
    units = {name: data["unit"] for name, data in indicators.items()}
    repo = load_repository(POLICY)
    codes = sorted({e.region_code for e in [*repo.revisions, *repo.derivations]})
    counties = [code for code in codes if is_county_level(code)]
    assert set(counties) == set(PACE) and set(codes) == set(POPULATION), codes
    by_region = {code: county_rows(Counts(code, rng), rng) for code in counties}
    by_region = {next(c for c in codes if not is_county_level(c)): city_rows(list(by_region.values())), **by_region}
    out.mkdir(exist_ok=True)
    for quarter in QUARTERS:
        (out / f"{quarter}.csv").write_text(csv_text(quarter, by_region, units), encoding="utf-8", newline="")
    (out / PACKAGE_FILE).write_text(json.dumps(package(QUARTERS), ensure_ascii=False, indent=2) + "\n",
                                    encoding="utf-8")
    print(f"已写入 {out}：{len(QUARTERS)} 个季度的示例数据和 {PACKAGE_FILE}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else POLICY / "statistics")
