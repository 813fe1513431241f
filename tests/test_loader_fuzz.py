"""Fuzzing the whole loading pipeline (issue order 7): YAML-ish mutations of real policy files never produce a
traceback — whatever survives parsing goes on through the schema, the semantic checks, materialisation and the
compliance check, and every problem comes back as a finding with a location."""
from __future__ import annotations

import datetime
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from generator.checking import check_policy
from tests.conftest import POLICY

WORK = Path(tempfile.mkdtemp(prefix="qingdan-fuzz-"))
ROOT = WORK / "policy"
shutil.copytree(POLICY, ROOT)
TARGETS = ["lists/140213/2024-04-01.yaml", "lists/140200/2024-02-06.yaml"]
ORIGINAL = {t: (POLICY / t).read_text(encoding="utf-8") for t in TARGETS}
TOKENS = ["", "~", "null", "true", "no", "0", "-1", "1e999", "3.5", "[]", "{}", "[1, 2]", "{fact: age}",
          "{ref: nowhere}", "{all: []}", "\"\"", "'x'", "&a x", "*a", "!!str 1", "2024-02-30", "１２", "\u200b",
          "<script>", "{param: nope, times: 0}", "{situation: x}", "- a", ": :", "|", ">", "#", "%", "@", "`"]


@st.composite
def mutated(draw) -> tuple[str, str]:
    target = draw(st.sampled_from(TARGETS))
    lines = ORIGINAL[target].split("\n")
    for _ in range(draw(st.integers(1, 6))):
        index = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "value", "indent", "swap"]))
        if action == "delete":
            del lines[index]
        elif action == "duplicate":
            lines.insert(index, lines[index])
        elif action == "value" and ":" in lines[index]:
            head = lines[index].split(":", 1)[0]
            lines[index] = f"{head}: {draw(st.sampled_from(TOKENS))}"
        elif action == "indent":
            lines[index] = draw(st.sampled_from(["", "  ", "    ", "\t"])) + lines[index].lstrip()
        elif action == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[index], lines[other] = lines[other], lines[index]
    return target, "\n".join(lines)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=mutated())
def test_mutated_policy_never_crashes_the_check(case):
    target, text = case
    for name, original in ORIGINAL.items():
        (ROOT / name).write_text(text if name == target else original, encoding="utf-8")
    result = check_policy(ROOT, as_of=datetime.date(2024, 6, 1))
    for finding in result.findings:
        assert finding.rule and finding.message and finding.location.path
