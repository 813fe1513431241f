"""Answers before the runtime: the engine's own results for the calculator's first questions, made at build time.

The page asks for the region first, then age, economic status and self-care. For every region, this module runs the
very engine the browser runs (``generator.engine``, here in CPython) over every combination of those three answers,
each either given or left open, and publishes the results as one compact table per region. Until Pyodide is ready the
page only looks its answers up there (docs/calculator/answers.js: no rule logic in JavaScript); then the live engine,
which also reads every other answer, takes over.

Ages need one representative per interval between the numbers the list compares them with: within an interval every
condition has the same truth, so every status, amount, reason and open question is the same. The comparison code
finds those numbers and representatives (:func:`generator.model.condition.fact_constants`,
:meth:`generator.model.vocabulary.Fact.representatives`); the table says, for
each interval, which ages it covers. The one thing that differs inside an interval is the person's own number in a
criterion's detail ("是（85周岁）"): there the table holds ``{age}``, and the fact's wording (``{}周岁``), filled in by
the page with the age the person typed.

A table is JSON::

    {"questions": [["age", {"ranges": [[0, 59], [60, 60], ...], "text": "{}周岁"}], ["economic_status", {}], ...],
     "region": ..., "list": ...,              # as in Engine.evaluate(), the same for every answer
     "deciding": [[fact, ...], ...],          # the distinct deciding_facts lists
     "money": [money summary, ...],           # the distinct Engine.evaluate()["money"] summaries
     "items": [item result, ...],             # the distinct item results (Engine.evaluate()["results"][i])
     "answers": {"3|dibao|": [deciding index, money index, item index, ...]}}

An answer's key joins, in question order, "" for a question left open, the interval's index for a number, and the
value itself for a choice.
"""
from __future__ import annotations

import json
import sys

import generator.engine
import generator.findings
import generator.model
from generator.model.condition import fact_constants
from generator.engine import Engine
from generator.model.content import Content
from generator.model.text import number
from generator.model.vocabulary import Fact
from generator.site.buildcache import cache_dir, cached, source_digest

QUESTIONS = ("age", "economic_status", "self_care")
"""The questions the table answers, in the page's order (it asks the region before them)."""
ANSWERS_DIR = "calculator/answers"
"""Where the tables go, relative to the site root: one ``<region code>.json`` per region."""
_CODE = source_digest(generator.engine, generator.model, generator.findings, sys.modules[__name__])
MAX_INTERVAL_VALUES = 10_000  # a number question's whole range is walked once to check its intervals


def answers_path(code: str) -> str:
    return f"{ANSWERS_DIR}/{code}.json"


def _conditions(content: Content) -> list:
    """Every condition of the list (eligibility and benefit conditions), definitions written out."""
    found = [item.eligibility for item in content.items]
    found += [term.when for item in content.items for term in item.terms if term.when is not None]
    return [condition.expanded(content.definitions) for condition in found]


def _placeholder(name: str) -> str:
    return "{" + name + "}"


def _intervals(fact: Fact, constants: set) -> tuple[list[list[int]], list[int]]:
    """An integer fact's range cut where the list's comparisons change: ([[low, high], ...], one value in each)."""
    cuts = sorted(constants)

    def side(value) -> tuple:  # below, at or above each number the list compares with
        return tuple((value > cut) - (value < cut) for cut in cuts)

    chosen: dict[tuple, int] = {}
    for value in fact.representatives(constants):
        chosen.setdefault(side(value), value)
    low, high = int(fact.min), int(fact.max)
    if high - low > MAX_INTERVAL_VALUES:
        raise ValueError(f"{fact.name}: range too wide for the answer table")
    ranges, start = [], low
    for value in range(low, high + 1):  # consecutive values on the same side of every number
        if value == high or side(value + 1) != side(value):
            ranges.append([start, value])
            start = value + 1
    values = [chosen[side(lo)] for lo, _ in ranges]  # KeyError: representatives missed an interval
    return ranges, values


def _questions(engine: Engine) -> list[tuple[str, dict, list[tuple[str, object]]]]:
    """(name, what the page needs to find the key, [(key, value to evaluate), ...]) for each question."""
    constants, _ = fact_constants(_conditions(engine.content))
    questions = []
    for name in QUESTIONS:
        fact = engine.facts[name]
        if fact.type == "integer" and not fact.value_labels:
            ranges, values = _intervals(fact, constants.get(name, set()))
            wording = fact.value_text(values[0], phrase=True).replace(number(values[0]), "{}", 1)
            assert all(fact.value_text(v, phrase=True) == wording.replace("{}", str(v)) for v in values), name
            spec, choices = {"ranges": ranges, "text": wording}, [(str(i), v) for i, v in enumerate(values)]
        elif fact.type == "enum":
            spec, choices = {}, [(value, value) for value in fact.values]
        elif fact.type == "boolean":
            spec, choices = {}, [("true", True), ("false", False)]
        else:
            raise ValueError(f"{name}: the answer table takes integer, enum and boolean questions only")
        questions.append((name, spec, [("", None), *choices]))
    return questions


def table_for(compiled: dict) -> dict:
    """The answer table of one compiled list (see the module docstring)."""
    engine = Engine(compiled)
    questions = _questions(engine)
    numbers = {name for name, spec, _ in questions if "ranges" in spec}
    items: dict[str, int] = {}
    deciding: dict[str, int] = {}
    money: dict[str, int] = {}
    answers: dict[str, list[int]] = {}
    first = None

    def combinations(index: int, keys: list[str], profile: dict):
        if index == len(questions):
            yield "|".join(keys), dict(profile)
            return
        name, _, choices = questions[index]
        for key, value in choices:
            if value is None:
                profile.pop(name, None)
            else:
                profile[name] = value
            yield from combinations(index + 1, [*keys, key], profile)
        profile.pop(name, None)

    for key, profile in combinations(0, [], {}):
        result = engine.evaluate(profile)
        first = first or result
        shown = {name: engine.facts[name].value_text(profile[name], phrase=True) for name in numbers if name in profile}
        indices = [deciding.setdefault(json.dumps(result["deciding_facts"]), len(deciding)),
                   money.setdefault(json.dumps(result["money"], ensure_ascii=False), len(money))]
        for item in result["results"]:
            for criterion in item["criteria"]:
                for name, text in shown.items():
                    criterion["detail"] = criterion["detail"].replace(text, _placeholder(name))
            text = json.dumps(item, ensure_ascii=False, separators=(",", ":"))
            indices.append(items.setdefault(text, len(items)))
        answers[key] = indices
    return {"questions": [[name, spec] for name, spec, _ in questions],
            "region": first["region"], "list": first["list"],
            "deciding": [json.loads(text) for text in deciding],
            "money": [json.loads(text) for text in money],
            "items": [json.loads(text) for text in items],
            "answers": answers}


def table_text(compiled_text: str) -> str:
    """The table of one compiled list (data/<code>.json's text) as published. Kept between builds
    (generator/site/buildcache.py) under the list and the code of the engine and of this module."""
    key = f"{_CODE}|{compiled_text}"
    return cached(cache_dir("answers"), key, lambda: json.dumps(table_for(json.loads(compiled_text)), ensure_ascii=False,
                                                               separators=(",", ":")).encode("utf-8")).decode("utf-8")
