"""All rules in registries (issue 13): every finding the project reports comes from a registered rule with an ID, a
severity (an enum), a category, a purpose, a message template and a Chinese fix hint; IDs are a public interface."""
from __future__ import annotations

import string

import pytest

from generator.findings import Rule, RuleSet, Severity
from generator.rulebook import STAGES, rules
from tests.finding_audit import problem_with

PUBLISHED = """
BOUND_WEAKENED COMPARISON_SKIPPED CONDITION_SHAPE CONTROL_CHARACTER COUNT_LOWERED COUNT_RAISED DEFINITION_CYCLE
DISCOUNT_LOWERED DISCOUNT_RAISED DUPLICATE_ID ELIGIBILITY_NARROWED ELIGIBILITY_WIDENED FILE_NOT_REGULAR FILE_SYMLINK
FILE_UNREADABLE ITEM_ADDED ITEM_MISSING ITEM_NUMBERING NO_POLICY_FILES PARAMETER_KIND PARAMETER_UNFILLED PARENT_BROKEN
PARENT_CYCLE PARENT_NOT_FOUND PARENT_OUTDATED PARENT_SELF PLACEHOLDER_NOT_REPLACED PROFILE_DUPLICATE_KEY
PROFILE_ENCODING PROFILE_JSON PROFILE_TOO_LARGE PROFILE_UNREADABLE REVISION_DUPLICATE_ID REVISION_SAME_DATE
REVISION_SUPERSEDES SCHEMA SCHEMA_CONDITION SCHEMA_DATE SCHEMA_EMPTY SCHEMA_PATTERN SCHEMA_RANGE SCHEMA_REQUIRED
SCHEMA_TYPE SCHEMA_UNKNOWN_FIELD SCHEMA_VALUE SOURCE_NOT_FOUND TERM_ADDED TERM_CONDITION_NARROWED
TERM_CONDITION_WIDENED TERM_KIND_CHANGED TERM_MISSING TEXT_CHANGED_RULE_UNCHANGED TIME_LIMIT_LENGTHENED
TIME_LIMIT_SHORTENED UNIT_MISMATCH UNKNOWN_DEFINITION UNKNOWN_FACT UNKNOWN_KIND UNKNOWN_OVERLAP UNKNOWN_PARAMETER
UNKNOWN_PARENT_ENTRY UNKNOWN_SITUATION VALUE_OUT_OF_DOMAIN YAML_ALIAS YAML_AMBIGUOUS YAML_BOM YAML_COMPLEX_KEY
YAML_DUPLICATE_KEY YAML_ENCODING YAML_FULLWIDTH_COLON YAML_FULLWIDTH_QUOTE YAML_FULLWIDTH_SPACE YAML_MULTIPLE_DOCUMENTS
YAML_NUL_BYTE YAML_SYNTAX YAML_TAB YAML_TAG YAML_TOO_DEEP YAML_TOO_LARGE AMOUNT_LOWERED AMOUNT_RAISED
""".split()
"""Every rule ID the project reported before issue 13 (read from its code): none may change or go."""
ALL = [rule for _, rule in rules().values()]


def _templates(template) -> list[str]:
    return [template] if isinstance(template, str) else list(template.values())


def test_no_published_rule_id_changed():
    assert sorted(set(PUBLISHED) - set(rules())) == []


def test_the_stages_are_registries_of_rules_and_no_stage_declares_an_id_twice():
    assert all(isinstance(stage, RuleSet) and stage.stage and len(stage) for stage in STAGES)
    assert len(ALL) >= len(PUBLISHED)
    for stage in STAGES:
        assert list(stage) == [rule.id for rule in stage.values()]


@pytest.mark.parametrize("rule", ALL, ids=[rule.id for rule in ALL])
def test_a_rule_has_every_part_in_chinese(rule: Rule):
    assert isinstance(rule.severity, Severity)
    assert rule.category and rule.purpose and not problem_with(rule.purpose), rule.purpose
    assert rule.messages and all(not problem_with(m) for m in rule.messages), rule.messages
    assert all(not problem_with(h) for h in rule.hints if h.strip("…")), rule.hints


@pytest.mark.parametrize("rule", ALL, ids=[rule.id for rule in ALL])
def test_every_template_fills_in(rule: Rule):
    """Each message and hint template formats with its own placeholders (no stray brace, no unknown field)."""
    for template in _templates(rule.message) + _templates(rule.hint):
        names = {name.split(".")[0].split("[")[0].split("!")[0]
                 for _, name, _, _ in string.Formatter().parse(template) if name}
        assert "1" in template.format(**{name: 1 for name in names}) or not names, template


def test_a_finding_is_made_by_its_rule():
    rule = rules()["UNKNOWN_FACT"][1]
    from generator.findings import Location

    finding = rule.at(Location("x.yaml", 3, 5), name="agee")
    assert (finding.rule, finding.message, finding.severity, finding.hint) == (
        "UNKNOWN_FACT", "词表中没有事实“agee”", Severity.ERROR, "可用的事实见 policy/vocabulary.yaml")
    assert finding.to_json()["severity"] == "error"


def test_the_editors_table_files_each_rule_under_the_stage_that_raises_it():
    """What issue 13 found wrong in the scraped table: REVISION_* under 县（区）清单对照, AMOUNT_LOWERED without words."""
    from generator.site.rules import collect_rules

    table = {row.id: row for row in collect_rules()}
    assert {table[r].stage for r in ("REVISION_DUPLICATE_ID", "REVISION_SAME_DATE", "REVISION_SUPERSEDES")} == {
        "清单修订（动态调整）"}
    assert table["AMOUNT_LOWERED"].stage == "县（区）清单对照" and table["AMOUNT_LOWERED"].messages == [
        "“…”由…改为…"]
    assert table["VOUCHER_PERIOD_LENGTHENED"].severity == "error" and table["YAML_TAB"].stage == "读取 YAML 文件"
    assert [row.id for row in collect_rules()] == list(rules()), "one row per rule, in the stages' order"
