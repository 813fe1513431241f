"""Plain words (issue 15): ability asked as everyday activities, an estimate that never decides; the situations'
plain questions and the fact groups in the compiled list; and an 85-year-old is not asked about 法定退休年龄."""
from __future__ import annotations

import datetime
import json
from functools import lru_cache
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.derive.effective import build_catalog, compiled_for
from generator.engine import Engine
from generator.loading.repository import load_repository
from tests.conftest import run_qingdan

ROOT = Path(__file__).resolve().parent.parent
AS_OF = datetime.date(2024, 6, 1)
ACTIVITIES = ["needs_help_eating", "needs_help_dressing", "needs_help_toileting", "needs_help_bathing",
              "needs_help_walking_indoors"]
ESTIMATE = "self_care_from_daily_activities"
ALL_ON_OWN = {name: False for name in ACTIVITIES}
OLD_ALONE = {"age": 85, "economic_status": "dibao", "living_alone": True}


@lru_cache(maxsize=None)
def compiled(code: str = "140200") -> dict:
    repo = load_repository(ROOT / "policy")
    assert not [f for f in repo.findings if f.severity == "error"]
    return compiled_for(repo, build_catalog(repo), code, AS_OF)


@lru_cache(maxsize=None)
def engine(code: str = "140200") -> Engine:
    return Engine(compiled(code))


def by_number(profile: dict, code: str = "140200") -> dict[int, dict]:
    return {r["number"]: r for r in engine(code).evaluate(profile)["results"]}


SELF_CARE = sorted(compiled()["facts"]["self_care"]["values"])
others = st.fixed_dictionaries({}, optional={
    "age": st.integers(55, 105), "economic_status": st.sampled_from(sorted(compiled()["facts"]["economic_status"]["values"])),
    "living_alone": st.booleans(), "disability_level": st.integers(0, 4), "wants_institutional_care": st.booleans(),
    "situations": st.fixed_dictionaries({}, optional={"family_care_training": st.booleans()})})
activities = st.fixed_dictionaries({}, optional={name: st.booleans() for name in ACTIVITIES})


@settings(max_examples=150, deadline=None)
@given(others, activities)
def test_activity_answers_never_make_a_self_care_dependent_item_eligible(rest, answers):
    """Without self_care, the answers change no status; an item still eligible is so whatever the assessment says."""
    with_answers = by_number({**rest, **answers})
    without = by_number(rest)
    assert {n: r["status"] for n, r in with_answers.items()} == {n: r["status"] for n, r in without.items()}
    assessed = [by_number({**rest, **answers, "self_care": level}) for level in SELF_CARE]
    for number, result in with_answers.items():
        depends = len({a[number]["status"] for a in assessed}) > 1
        if depends:
            assert result["status"] == "conditional", (number, result["status"])
            assert "self_care" in result["missing"]


def test_all_activities_on_ones_own_read_as_an_estimate_never_an_assessment():
    nursing = by_number({"age": 80, "economic_status": "dibao", **ALL_ON_OWN})[13]
    assert nursing["status"] == "conditional"
    (estimate,) = [r for r in nursing["reasons"] if r.startswith("按日常活动估计")]
    assert "估计能力完好" in estimate and "不是能力评估" in estimate and "以老年人能力评估的结果为准" in estimate
    reading = {i["id"]: i for i in nursing["interpretations"]}[ESTIMATE]
    assert reading["reads"] and reading["why"] and "GB/T 42195-2022" in reading["why"]
    assert "取决于能力等级的结果仍然都是“可能”" in reading["text"]
    detail = nursing["criteria"][1]["detail"]
    assert detail.startswith("未知，请补充：老年人能力等级") and "估计能力完好" in detail


def test_one_activity_needing_help_says_an_assessment_is_needed():
    nursing = by_number({"age": 80, "economic_status": "dibao", "needs_help_bathing": True})[13]
    assert nursing["status"] == "conditional"
    assert any("需要做老年人能力评估" in r and "以评估的结果为准" in r for r in nursing["reasons"])
    assert ESTIMATE in [i["id"] for i in nursing["interpretations"]]


def test_no_estimate_until_the_answers_settle_it_and_none_once_self_care_is_given():
    partial = by_number({"age": 80, "economic_status": "dibao", "needs_help_eating": False})[13]
    assert not any(r.startswith("按日常活动估计") for r in partial["reasons"])
    assert ESTIMATE not in [i["id"] for i in partial["interpretations"]]
    assessed = by_number({"age": 80, "economic_status": "dibao", "self_care": "moderate", "needs_help_eating": True})
    assert assessed[13]["status"] == "eligible"
    assert all(ESTIMATE not in [i["id"] for i in r["interpretations"]] for r in assessed.values())


def test_the_activities_are_asked_right_after_self_care_while_they_can_still_say_something():
    deciding = engine().evaluate({"age": 80, "economic_status": "dibao", "needs_help_eating": False})["deciding_facts"]
    at = deciding.index("self_care")
    assert deciding[at + 1:at + 5] == ACTIVITIES[1:]
    settled = engine().evaluate({"age": 80, "economic_status": "dibao", "needs_help_toileting": True})
    assert "self_care" in settled["deciding_facts"] and not set(ACTIVITIES) & set(settled["deciding_facts"])
    assessed = engine().evaluate({"age": 80, "economic_status": "dibao", "self_care": "mild"})
    assert not set(ACTIVITIES) & set(assessed["deciding_facts"])


def test_an_85_year_old_is_not_asked_about_the_statutory_retirement_age():
    for code in ("140200", "140213"):
        result = engine(code).evaluate(OLD_ALONE)
        assert "reached_retirement_age" not in result["deciding_facts"], code
        assert result["deciding_facts"][:6] == ["self_care", *ACTIVITIES], code
        pension = result["results"][0]
        assert pension["number"] == 1 and pension["status"] == "conditional"
        assert "reached_retirement_age" not in pension["missing"]
        assert "retirement_age_reached" in [i["id"] for i in pension["interpretations"]]
    young = engine().evaluate({"age": 62, "employee_pension_insured": True})
    assert "reached_retirement_age" in young["deciding_facts"]
    assert by_number({"age": 62, "employee_pension_insured": True, "reached_retirement_age": False})[1]["status"] \
        == "ineligible"


def test_cli_shows_the_estimate_as_the_browser_does():
    profile = {"age": 80, "economic_status": "dibao", **ALL_ON_OWN, "needs_help_walking_indoors": True}
    result = run_qingdan("eligibility", "--region", "140200", "--as-of", AS_OF.isoformat(), "--profile", "-",
                         "--format", "json", stdin=json.dumps(profile))
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown.pop("as_of") == AS_OF.isoformat()
    assert shown == json.loads(json.dumps(engine().evaluate(profile)))
    text = run_qingdan("eligibility", "--region", "140200", "--as-of", AS_OF.isoformat(), "--profile", "-",
                       stdin=json.dumps(profile))
    nursing = text.stdout.split("13. 护理补贴", 1)[1].split("\n  1", 1)[0]
    assert "需要做老年人能力评估" in nursing and "解读：按日常活动估计老年人能力——" in nursing


def test_the_compiled_list_carries_the_fact_group_and_the_situations_plain_questions():
    for code in ("140200", "140213"):
        data = compiled(code)
        assert data["fact_groups"]["daily_activities"]["facts"] == ACTIVITIES
        assert set(data["fact_groups"]["daily_activities"]) == {"title", "help", "facts"}
        assert all(data["facts"][name]["group"] == "daily_activities" for name in ACTIVITIES)
        assert "group" not in data["facts"]["age"]
        assert data["situations"]["rights_lawsuit"] == "因合法权益受到侵害提起诉讼并申请法律援助"  # verbatim, unchanged
        questions = data["situation_questions"]
        assert set(questions) == set(data["situations"]), code  # the county inherits the city's questions
        for key, question in questions.items():
            assert set(question) == {"question", "help"} and question["question"].endswith("？"), key
            assert "文件中的说法是“" + data["situations"][key].split("（")[0] in question["help"], key


def _edit(policy: Path, relative: str, old: str, new: str) -> None:
    path = policy / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _errors(policy: Path) -> dict[str, list]:
    found: dict[str, list] = {}
    for finding in load_repository(policy).findings:
        found.setdefault(finding.rule, []).append(finding)
    return found


def test_a_question_for_an_unknown_situation_an_unknown_group_or_estimated_fact_is_an_error(policy_copy):
    city = "lists/140200/2024-02-06.yaml"
    _edit(policy_copy, city, "  rights_lawsuit:\n    question:", "  rights_lawsiut:\n    question:")
    _edit(policy_copy, city, "      fact: self_care\n      holds:", "      fact: self_car\n      holds:")
    _edit(policy_copy, "vocabulary.yaml", "    group: daily_activities\n    label: 洗澡",
          "    group: daily_activity\n    label: 洗澡")
    found = _errors(policy_copy)
    (situation,) = found["UNKNOWN_SITUATION"]
    assert "rights_lawsiut" in situation.message and "rights_lawsuit" in situation.hint
    assert situation.location.path.endswith("2024-02-06.yaml") and situation.location.line > 0
    (fact,) = [f for f in found["UNKNOWN_FACT"] if "self_car" in f.message]
    assert "self_care" in fact.hint
    (group,) = found["UNKNOWN_FACT_GROUP"]
    assert "needs_help_bathing" in group.message and "daily_activities" in group.hint
    assert group.location.path.endswith("vocabulary.yaml") and group.location.line > 0


def test_a_county_inherits_the_city_questions_and_asks_its_own_situations(policy_copy):
    county = policy_copy / "lists/140213/2024-04-01.yaml"
    county.write_text(county.read_text(encoding="utf-8") + (
        "situations:\n  local_flood: 因自然灾害房屋受损\n"
        "situation_questions:\n"
        "  local_flood: {question: 您家的房子是不是因为洪水、地震等受了损坏？, help: 文件中的说法是“因自然灾害房屋受损”。}\n"
        "  local_fire: {question: 您家是不是失火了？}\n"), encoding="utf-8")
    repo = load_repository(policy_copy)
    catalog = build_catalog(repo)
    data = compiled_for(repo, catalog, "140213", AS_OF)
    assert data["situation_questions"]["local_flood"]["question"].startswith("您家的房子")
    assert data["situation_questions"]["rights_lawsuit"] == compiled("140213")["situation_questions"]["rights_lawsuit"]
    from generator.checking import check_policy

    unknown = [f for f in check_policy(policy_copy, as_of=AS_OF).findings if f.rule == "UNKNOWN_SITUATION"]
    assert [f.location.path.endswith("140213/2024-04-01.yaml") and "local_fire" in f.message for f in unknown] == [True]
    lines = county.read_text(encoding="utf-8").splitlines()
    assert lines[unknown[0].location.line - 1].startswith("  local_fire:")  # where the county wrote it
