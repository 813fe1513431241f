"""Issue 14: the calculator's answer tables (calculator/answers/<code>.json) hold the engine's own answers.

Every entry of every region's table, looked up with the page's own lookup (docs/calculator/answers.js, run in Node),
equals what ``Engine.evaluate()`` gives in CPython for that profile; and so does every age (0–150) in every interval
of the city's table, which checks the intervals themselves and the person's own age written into the details.
"""
from __future__ import annotations

import json

import pytest

from generator.engine import Engine
from generator.site.calculator.answers import QUESTIONS, answers_path
from tests.node.answer_tables import lookup, profile_for


@pytest.fixture(scope="module")
def regions(real_site) -> list[dict]:
    return json.loads((real_site / "data" / "regions.json").read_text(encoding="utf-8"))


def test_every_entry_of_every_table_is_the_engines_answer(real_site, regions, tmp_path):
    tables, queries, expected = {}, [], {}
    for region in regions:
        code = region["code"]
        tables[code] = real_site / answers_path(code)
        table = json.loads(tables[code].read_text(encoding="utf-8"))
        assert [name for name, _ in table["questions"]] == list(QUESTIONS)
        compiled = json.loads((real_site / region["url"]).read_text(encoding="utf-8"))
        engine = Engine(compiled)
        combinations = 1  # every combination: each question given (any interval or choice) or left open
        for name, spec in table["questions"]:
            combinations *= 1 + (len(spec["ranges"]) if "ranges" in spec else len(compiled["facts"][name]["values"]))
        assert len(table["answers"]) == combinations, code
        for key in table["answers"]:
            profile = profile_for(table, key)
            name = f"{code} {key}"
            queries.append({"name": name, "code": code, "profile": profile})
            expected[name] = engine.evaluate(profile)
    got = lookup(tmp_path, tables, queries)
    wrong = [name for name in expected if got[name] != expected[name]]
    assert not wrong, wrong[:5]


def test_every_age_reads_as_the_engine_says_it(real_site, regions, tmp_path):
    code = regions[0]["code"]
    table = json.loads((real_site / answers_path(code)).read_text(encoding="utf-8"))
    engine = Engine(json.loads((real_site / regions[0]["url"]).read_text(encoding="utf-8")))
    (low, _), (_, high) = table["questions"][0][1]["ranges"][0], table["questions"][0][1]["ranges"][-1]
    queries, expected = [], {}
    for age in range(low, high + 1):
        for rest in ({}, {"economic_status": "dibao"}, {"economic_status": "tekun", "self_care": "severe"}):
            profile = {"age": age, **rest}
            name = json.dumps(profile, sort_keys=True)
            queries.append({"name": name, "code": code, "profile": profile})
            expected[name] = engine.evaluate(profile)
    got = lookup(tmp_path, {code: real_site / answers_path(code)}, queries)
    wrong = [name for name in expected if got[name] != expected[name]]
    assert not wrong, wrong[:5]
    # what the table does not answer, it does not pretend to
    outside = lookup(tmp_path, {code: real_site / answers_path(code)},
                     [{"name": "too old", "code": code, "profile": {"age": high + 1}},
                      {"name": "not a whole number", "code": code, "profile": {"age": 80.5}}])
    assert outside == {"too old": None, "not a whole number": None}
