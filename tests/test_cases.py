"""Runs every citizen test case in tests/cases/*.yaml through the rules engine (format: tests/cases/README.md)."""
from __future__ import annotations

import datetime
from functools import lru_cache
from pathlib import Path

import pytest

from generator.derive.effective import build_catalog, compiled_for
from generator.engine import Engine
from generator.loading.repository import load_repository
from generator.loading.yamlsafe import load_yaml

ROOT = Path(__file__).resolve().parent.parent
CASES = sorted((Path(__file__).resolve().parent / "cases").glob("*.yaml"))
STATUSES = {"eligible", "conditional", "ineligible"}
TOP_KEYS = {"name", "region", "as_of", "profile", "expect"}
OPTIONAL_KEYS = {"because"}  # the official sentence the expectation rests on


def load_case(path: Path) -> dict:
    return load_yaml(path, path.name).data


@lru_cache(maxsize=None)
def repository():
    repo = load_repository(ROOT / "policy")
    errors = [f.format_text() for f in repo.findings if f.severity == "error"]
    assert not errors, "\n".join(errors)
    return repo, build_catalog(repo)


@lru_cache(maxsize=None)
def engine(region: str, as_of: str) -> Engine:
    repo, catalog = repository()
    return Engine(compiled_for(repo, catalog, region, datetime.date.fromisoformat(as_of)))


def expectation(value) -> tuple[str, dict | None]:
    if isinstance(value, str):
        return value, None
    return value["status"], value.get("amounts")


def not_summed_with(result: dict) -> list[int]:
    """The other items whose benefits must not be added to this item's (the ``overlap`` mark of its benefits)."""
    return sorted({other["number"] for b in result["benefits"] if b["overlap"] for other in b["overlap"]["with"]})


PARAMS = [pytest.param(path, id=load_case(path)["name"]) for path in CASES]


@pytest.mark.parametrize("path", PARAMS)
def test_case(path):
    case = load_case(path)
    result = engine(case["region"], case["as_of"]).evaluate(case["profile"])
    results = result["results"]
    assert [r["number"] for r in results] == list(range(1, len(results) + 1))
    by_number = {r["number"]: r for r in results}
    problems = []
    for key, value in case["expect"].items():
        number = int(key)
        status, amounts = expectation(value)
        got = by_number[number]
        if got["status"] != status:
            why = got["why_not"] or "; ".join(c["detail"] for c in got["criteria"] if c["result"] != "met")
            problems.append(f"item {number} {got['name']}: expected {status}, engine says {got['status']} ({why})")
        if amounts is not None:
            actual = {b["id"]: b["amount"]["value"] for b in got["benefits"] if b["kind"] == "amount"}
            expected = {term: value for term, value in amounts.items()}
            if actual != expected:
                problems.append(f"item {number} {got['name']}: expected amounts {expected}, engine gives {actual}")
        if isinstance(value, dict) and "not_summed_with" in value:
            if not_summed_with(got) != sorted(value["not_summed_with"]):
                problems.append(f"item {number} {got['name']}: expected not summed with {value['not_summed_with']}, "
                                f"engine marks {not_summed_with(got)}")
    assert not problems, f"{path.name}: {case['name']}\n" + "\n".join(problems)


# -- the case files themselves ---------------------------------------------------------------------------------
def test_there_are_at_least_60_cases_with_unique_names():
    names = [load_case(p)["name"] for p in CASES]
    assert len(names) >= 60
    assert len(set(names)) == len(names)


@pytest.mark.parametrize("path", CASES, ids=[p.name for p in CASES])
def test_case_file_format(path):
    case = load_case(path)
    assert TOP_KEYS <= set(case) <= TOP_KEYS | OPTIONAL_KEYS
    assert isinstance(case["name"], str) and case["name"].strip()
    assert isinstance(case.get("because", "原文"), str) and case.get("because", "原文").strip()
    assert isinstance(case["region"], str) and case["region"].isdigit() and len(case["region"]) == 6
    datetime.date.fromisoformat(case["as_of"])
    assert isinstance(case["profile"], dict)
    assert isinstance(case["expect"], dict) and case["expect"]
    compiled = engine(case["region"], case["as_of"]).compiled
    items = {item["number"]: item for item in compiled["items"]}
    for key, value in case["expect"].items():
        assert int(key) in items, key
        if isinstance(value, dict):
            assert set(value) <= {"status", "amounts", "not_summed_with"} and "status" in value, value
            assert all(int(n) in items for n in value.get("not_summed_with", [])), value
            for term, amount in value.get("amounts", {}).items():
                kinds = {t["id"]: t["kind"] for t in items[int(key)]["terms"]}
                assert kinds.get(term) == "amount", (key, term)
                assert amount is None or isinstance(amount, (int, float)) and not isinstance(amount, bool)
        status, _ = expectation(value)
        assert status in STATUSES, value


def test_cases_cover_every_item_on_both_sides():
    seen: dict[int, set[str]] = {n: set() for n in range(1, 23)}
    for path in CASES:
        for key, value in load_case(path)["expect"].items():
            seen[int(key)].add(expectation(value)[0])
    missing = {n: sorted(STATUSES - s) for n, s in seen.items() if not s >= STATUSES}
    assert not missing, f"items lacking an eligible, conditional or ineligible case: {missing}"


def test_cases_use_every_declared_enum_value_and_the_age_thresholds():
    repo, _ = repository()
    used: dict[str, set] = {}
    for path in CASES:
        for name, value in load_case(path)["profile"].items():
            if name != "situations":
                used.setdefault(name, set()).add(value)
    for name, fact in repo.vocabulary.facts.items():
        assert name in used, f"no case gives {name}"
        if fact.type == "enum":
            assert set(fact.values) <= used[name], (name, set(fact.values) - used[name])
    assert {59, 60, 64, 65, 69, 70, 79, 80, 99, 100} <= used["age"]
    assert {14, 15} <= used["employee_contribution_years"] and {14, 15} <= used["resident_contribution_years"]
    assert {0, 1, 2, 3, 4} <= used["disability_level"]
