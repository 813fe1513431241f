"""How long the rules engine takes to evaluate all 22 items of the city list for one person.

Loads the city list once, builds one Engine, then times ``Engine.evaluate`` for a few representative profiles over
many runs and prints a Markdown table of the median (and 95th percentile) in milliseconds against the 1 ms target.

Usage: .venv/bin/python benchmarks/engine_bench.py [--runs N] [--region 140200] [--as-of YYYY-MM-DD]
"""
from __future__ import annotations

import argparse
import datetime
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.derive.effective import build_catalog, compiled_for  # noqa: E402
from generator.engine import Engine  # noqa: E402
from generator.loading.repository import load_repository  # noqa: E402

TARGET_MS = 1.0

PROFILES = {
    "空白（什么都没填）": {},
    "85岁": {"age": 85},
    "85岁、低保": {"age": 85, "economic_status": "dibao"},
    "70岁特困、分散供养、中度失能": {"age": 70, "economic_status": "tekun", "wants_institutional_care": False,
                                     "self_care": "moderate"},
    "全部填写": {
        "age": 72, "economic_status": "low_income_edge", "self_care": "severe", "disability_level": 3,
        "disability_category": "mental", "living_alone": True, "empty_nest": False, "left_behind": False,
        "family_planning_special": False, "employee_pension_insured": True, "reached_retirement_age": True,
        "retired": True, "employee_contribution_years": 22.5, "resident_pension_insured": False,
        "resident_contribution_years": 0, "receives_other_basic_pension": True, "military_status": "none",
        "receives_periodic_pension_subsidy": False, "no_capable_supporter": False, "homeless": False,
        "abuse_victim": False, "wants_institutional_care": False,
        "situations": {"rights_lawsuit": True, "judicial_aid_case": False, "family_care_training": True,
                       "hardship_after_dibao": False},
    },
}


def measure(engine: Engine, profile: dict, runs: int, batch: int = 10) -> list[float]:
    """Per-evaluation times in ms: ``runs`` samples, each the mean of ``batch`` back-to-back evaluations."""
    for _ in range(50):  # warm up
        engine.evaluate(profile)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        for _ in range(batch):
            engine.evaluate(profile)
        samples.append((time.perf_counter() - start) * 1000 / batch)
    return samples


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=500, help="samples per profile (each is 10 evaluations)")
    parser.add_argument("--region", default="140200")
    parser.add_argument("--as-of", default="2024-03-01")
    args = parser.parse_args(argv)

    repo = load_repository(ROOT / "policy")
    errors = [f for f in repo.findings if f.severity == "error"]
    if errors:
        print("\n".join(f.format_text() for f in errors), file=sys.stderr)
        return 1
    compiled = compiled_for(repo, build_catalog(repo), args.region, datetime.date.fromisoformat(args.as_of))
    start = time.perf_counter()
    engine = Engine(compiled)
    build_ms = (time.perf_counter() - start) * 1000
    items = len(compiled["items"])

    print(f"Engine: {compiled['region']['name']}（{args.region}）{compiled['list']['title']} "
          f"修订版 {compiled['list']['revision']}，{items} 项；构建 Engine {build_ms:.2f} ms；"
          f"Python {sys.version.split()[0]}；每个情形 {args.runs} 个样本 × 10 次。")
    print()
    print("| 个人情况 | 中位数 (ms) | p95 (ms) | < 1 ms 目标 |")
    print("|---|---:|---:|:---:|")
    worst = 0.0
    for label, profile in PROFILES.items():
        result = engine.evaluate(profile)
        assert [r["number"] for r in result["results"]] == list(range(1, items + 1))
        samples = sorted(measure(engine, profile, args.runs))
        median = statistics.median(samples)
        p95 = samples[min(len(samples) - 1, int(len(samples) * 0.95))]
        worst = max(worst, median)
        print(f"| {label} | {median:.3f} | {p95:.3f} | {'是' if median < TARGET_MS else '否'} |")
    print()
    print(f"最慢的中位数 {worst:.3f} ms：{'达到' if worst < TARGET_MS else '未达到'} 1 ms 目标。")
    return 0


if __name__ == "__main__":
    sys.exit(main())
