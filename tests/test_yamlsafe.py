"""The strict YAML reader (generator/loading/yamlsafe.py): every rule it promises, with the exact rule ID and the
file:line:col it reports, plus fuzzing that nothing but PolicyError ever escapes it."""
from __future__ import annotations

import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.errors import PolicyError
from generator.loading.yamlsafe import MAX_BYTES, MAX_DEPTH, load_yaml, parse_yaml

DATE_KEYS = frozenset({"published", "effective", "date", "as_of"})


def findings_of(text: str, date_keys: frozenset[str] = DATE_KEYS) -> list[tuple[str, int, int]]:
    with pytest.raises(PolicyError) as info:
        parse_yaml(text, "t.yaml", date_keys=date_keys)
    assert info.value.findings, "PolicyError without findings"
    for finding in info.value.findings:
        assert finding.location.path == "t.yaml"
        assert finding.message and finding.severity == "error"
    return [(f.rule, f.location.line, f.location.col) for f in info.value.findings]


def rules_of(text: str) -> set[str]:
    return {rule for rule, _, _ in findings_of(text)}


def load_bytes(tmp_path: Path, raw: bytes, **kwargs):
    file = tmp_path / "f.yaml"
    file.write_bytes(raw)
    return load_yaml(file, "f.yaml", date_keys=DATE_KEYS, **kwargs)


def load_findings(tmp_path: Path, raw: bytes, **kwargs) -> list[tuple[str, int, int]]:
    with pytest.raises(PolicyError) as info:
        load_bytes(tmp_path, raw, **kwargs)
    return [(f.rule, f.location.line, f.location.col) for f in info.value.findings]


# -- duplicate keys ---------------------------------------------------------------------------------------------
def test_duplicate_key_at_top_level_points_at_the_second_occurrence():
    text = "title: a\nkind: list\ntitle: b\n"
    assert findings_of(text) == [("YAML_DUPLICATE_KEY", 3, 1)]


def test_duplicate_key_message_names_the_key_and_the_first_line():
    with pytest.raises(PolicyError) as info:
        parse_yaml("title: a\nkind: list\ntitle: b\n", "t.yaml")
    (finding,) = info.value.findings
    assert "title" in finding.message and "第 1 行" in finding.message


def test_duplicate_key_nested_in_a_mapping_inside_a_list():
    text = "items:\n  - number: 1\n    official:\n      name: a\n      content: b\n      name: c\n"
    assert findings_of(text) == [("YAML_DUPLICATE_KEY", 6, 7)]


def test_duplicate_key_in_a_flow_mapping():
    assert findings_of("cond: {fact: age, ge: 60, fact: x}\n") == [("YAML_DUPLICATE_KEY", 1, 27)]


def test_duplicate_key_written_once_quoted_and_once_plain():
    assert findings_of('a: 1\n"a": 2\n') == [("YAML_DUPLICATE_KEY", 2, 1)]


def test_same_key_in_sibling_mappings_is_not_a_duplicate():
    doc = parse_yaml("- name: a\n- name: b\n", "t.yaml")
    assert doc.data == [{"name": "a"}, {"name": "b"}]


# -- anchors, aliases, billion laughs --------------------------------------------------------------------------
def test_anchor_and_alias_are_both_reported():
    assert findings_of("a: &x 1\nb: *x\n") == [("YAML_ALIAS", 1, 4), ("YAML_ALIAS", 2, 4)]


def test_anchor_on_a_mapping_and_merge_key():
    text = "base: &b {x: 1}\nitem:\n  <<: *b\n  y: 2\n"
    found = findings_of(text)
    assert ("YAML_ALIAS", 1, 7) in found
    assert ("YAML_ALIAS", 3, 7) in found


def test_billion_laughs_is_refused_quickly_without_expansion():
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 10):
        refs = ",".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{refs}]")
    text = "\n".join(lines) + "\n"
    start = time.perf_counter()
    found = findings_of(text)
    assert time.perf_counter() - start < 5
    assert {rule for rule, _, _ in found} == {"YAML_ALIAS"}
    assert ("YAML_ALIAS", 1, 5) in found  # the first anchor
    assert len(found) == 10 + 9 * 9  # every anchor and every alias, none expanded


def test_billion_laughs_file_through_load_yaml(tmp_path):
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 12):
        lines.append(f"b{level}: &b{level} [" + ", ".join(["*a" if level == 1 else f"*b{level - 1}"] * 10) + "]")
    found = load_findings(tmp_path, ("\n".join(lines) + "\n").encode())
    assert {rule for rule, _, _ in found} == {"YAML_ALIAS"}


# -- explicit tags ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, col", [
    ("a: !!str 1\n", 4),
    ("a: !!python/object/apply:os.system [echo hi]\n", 4),
    ("a: !custom x\n", 4),
    ("a: !!map {b: 1}\n", 4),
    ("a: !!binary aGVsbG8=\n", 4),
])
def test_explicit_tags_are_refused(text, col):
    assert findings_of(text) == [("YAML_TAG", 1, col)]


def test_tag_with_a_directive():
    text = "%TAG !e! tag:example.com,2000:\n---\na: !e!foo x\n"
    assert ("YAML_TAG", 3, 4) in findings_of(text)


# -- several documents -----------------------------------------------------------------------------------------
def test_two_documents_are_refused_at_the_second_marker():
    assert findings_of("a: 1\n---\nb: 2\n") == [("YAML_MULTIPLE_DOCUMENTS", 2, 1)]


def test_two_explicit_documents():
    assert findings_of("---\na: 1\n...\n---\nb: 2\n") == [("YAML_MULTIPLE_DOCUMENTS", 4, 1)]


def test_one_explicit_document_is_fine():
    assert parse_yaml("---\na: 1\n...\n", "t.yaml").data == {"a": 1}


# -- YAML 1.1 ambiguous scalars --------------------------------------------------------------------------------
AMBIGUOUS = ["no", "No", "NO", "on", "On", "off", "yes", "Yes", "y", "n", "0o17", "017", "-017", "0x1F", "0b101",
             "1_000", "1:20", "190:20:30", ".inf", "-.inf", ".nan", "1e3", ".5", "1.", "2024-02-06", "2024-2-6",
             "2024-02-06T10:00:00", "=", "<<", "00"]


@pytest.mark.parametrize("scalar", AMBIGUOUS)
def test_ambiguous_plain_scalar_is_an_error(scalar):
    assert findings_of(f"kind: list\nvalue: {scalar}\n") == [("YAML_AMBIGUOUS", 2, 8)]


@pytest.mark.parametrize("scalar", ["no", "0x1F", "2024-02-06", "1_000"])
def test_ambiguous_scalar_inside_flow_sequence_and_nested(scalar):
    text = f"items:\n  - tags: [a, {scalar}]\n"
    assert findings_of(text) == [("YAML_AMBIGUOUS", 2, 15)]


def test_ambiguous_message_suggests_quotes():
    with pytest.raises(PolicyError) as info:
        parse_yaml("a: on\n", "t.yaml")
    assert '"on"' in info.value.findings[0].hint


def test_unquoted_date_outside_a_date_key_but_accepted_inside_one():
    assert findings_of("title: 2024-02-06\n") == [("YAML_AMBIGUOUS", 1, 8)]
    doc = parse_yaml("published: 2024-02-06\nrevision:\n  effective: 2024-02-06\n", "t.yaml", date_keys=DATE_KEYS)
    # dates stay text: no datetime.date objects leak out
    assert doc.data == {"published": "2024-02-06", "revision": {"effective": "2024-02-06"}}
    assert type(doc.data["published"]) is str


def test_several_ambiguous_scalars_are_all_reported():
    assert findings_of("a: no\nb: ok\nc: 0x10\n") == [("YAML_AMBIGUOUS", 1, 4), ("YAML_AMBIGUOUS", 3, 4)]


@pytest.mark.parametrize("text, value", [
    ("a: true", True), ("a: false", False), ("a: True", True), ("a: FALSE", False),
    ("a: null", None), ("a: ~", None), ("a:", None), ("a: 0", 0), ("a: 12", 12), ("a: -3", -3), ("a: +7", 7),
    ("a: 1.5", 1.5), ("a: -0.25", -0.25), ("a: 100.0", 100.0),
    ('a: "no"', "no"), ("a: 'on'", "on"), ('a: "0x1F"', "0x1F"), ('a: "2024-02-06"', "2024-02-06"),
    ('a: "1_000"', "1_000"), ("a: 大同市", "大同市"), ("a: 同政办发〔2024〕6号", "同政办发〔2024〕6号"),
    ("a: 60—65周岁（含60不含65）", "60—65周岁（含60不含65）"), ("a: |\n  no\n", "no\n"), ("a: >-\n  0x1F\n", "0x1F"),
    ("date: 2024-02-06", "2024-02-06"), ("as_of: 2024-03-01", "2024-03-01"),
])
def test_allowed_forms(text, value):
    data = parse_yaml(text + "\n", "t.yaml", date_keys=DATE_KEYS).data
    key = next(iter(data))
    assert data[key] == value
    assert type(data[key]) is type(value)


def test_integer_and_float_types_are_exact():
    data = parse_yaml("i: 15\nf: 1.3\nl: [1, 2.5, x]\n", "t.yaml").data
    assert type(data["i"]) is int and type(data["f"]) is float
    assert data["l"] == [1, 2.5, "x"]


# -- nesting ---------------------------------------------------------------------------------------------------
def _nested_block(levels: int) -> str:
    return "".join("  " * i + f"k{i}:\n" for i in range(levels)) + "  " * levels + "leaf: 1\n"


def test_nesting_up_to_the_limit_is_fine_and_one_more_level_is_too_deep():
    # the root mapping is depth 0; a flow list nested n times puts its innermost list at depth n - 1
    ok = "a: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "\n"
    parse_yaml(ok, "t.yaml")
    deep = "a: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "\n"
    assert findings_of(deep) == [("YAML_TOO_DEEP", 1, 4 + MAX_DEPTH)]


def test_block_nesting_too_deep():
    found = findings_of(_nested_block(MAX_DEPTH + 5))
    assert [rule for rule, _, _ in found] == ["YAML_TOO_DEEP"]
    parse_yaml(_nested_block(MAX_DEPTH - 1), "t.yaml")


def test_pathological_nesting_is_refused_without_recursion_error():
    depth = 20_000
    found = findings_of("a: " + "[" * depth + "]" * depth + "\n")
    assert [rule for rule, _, _ in found] == ["YAML_TOO_DEEP"]
    found = findings_of("a: " + "{b: " * 5000 + "1" + "}" * 5000 + "\n")
    assert [rule for rule, _, _ in found] == ["YAML_TOO_DEEP"]


# -- bytes: BOM, NUL, encoding, size ---------------------------------------------------------------------------
def test_bom_is_refused(tmp_path):
    assert load_findings(tmp_path, b"\xef\xbb\xbfkind: list\n") == [("YAML_BOM", 1, 1)]


def test_nul_byte_position(tmp_path):
    assert load_findings(tmp_path, b"kind: list\ntitle: ab\x00c\n") == [("YAML_NUL_BYTE", 2, 10)]


def test_nul_byte_column_counts_characters_like_every_other_finding(tmp_path):
    # "title: 大同" is 9 characters; the NUL is the 10th character of line 2 (but the 14th byte)
    raw = "kind: list\ntitle: 大同".encode() + b"\x00\n"
    assert load_findings(tmp_path, raw) == [("YAML_NUL_BYTE", 2, 10)]


def test_invalid_utf8_position(tmp_path):
    raw = b"kind: list\n" + "title: 大同".encode() + b"\xff\n"
    assert load_findings(tmp_path, raw) == [("YAML_ENCODING", 2, 10)]


def test_gbk_file_is_reported_on_the_right_line(tmp_path):
    raw = "kind: list\nregion:\n  name: 大同市\n".encode("gbk")
    assert load_findings(tmp_path, raw) == [("YAML_ENCODING", 3, 9)]


def test_truncated_utf8_at_end_of_file(tmp_path):
    raw = "a: 1\nb: 2\nc: 大".encode()[:-1]
    assert load_findings(tmp_path, raw) == [("YAML_ENCODING", 3, 4)]


def test_oversize_with_a_small_limit(tmp_path):
    raw = b"a: 1234567\n"  # 11 bytes
    assert load_bytes(tmp_path, raw, max_bytes=len(raw)).data == {"a": 1234567}
    assert load_findings(tmp_path, raw, max_bytes=len(raw) - 1) == [("YAML_TOO_LARGE", 1, 1)]


def test_default_limit_is_used(tmp_path):
    file = tmp_path / "big.yaml"
    with file.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)  # sparse: no need to write the bytes
    with pytest.raises(PolicyError) as info:
        load_yaml(file)
    assert [f.rule for f in info.value.findings] == ["YAML_TOO_LARGE"]


def test_missing_file_is_a_finding_not_an_oserror(tmp_path):
    with pytest.raises(PolicyError) as info:
        load_yaml(tmp_path / "absent.yaml", "absent.yaml")
    assert [f.rule for f in info.value.findings] == ["FILE_UNREADABLE"]


# -- syntax and marks ------------------------------------------------------------------------------------------
def test_syntax_error_points_at_the_problem():
    found = findings_of("a: 1\nb: [1, 2\nc: 3\n")
    assert [rule for rule, _, _ in found] == ["YAML_SYNTAX"]
    assert found[0][1] >= 2


def test_bad_indentation_is_a_syntax_error_with_its_line():
    assert findings_of("a:\n  b: 1\n c: 2\n") == [("YAML_SYNTAX", 3, 2)]


def test_marks_give_line_and_column_of_every_value_and_key():
    text = (
        "kind: list\n"                      # 1
        "items:\n"                          # 2
        "  - number: 1\n"                   # 3
        "    official:\n"                   # 4
        "      name: 高龄津贴\n"             # 5
        "    eligibility: {fact: age, ge: 100}\n"  # 6
        "    terms:\n"                      # 7
        "      - {id: a, value: 300}\n"     # 8
    )
    doc = parse_yaml(text, "t.yaml")
    assert doc.marks[("kind",)] == (1, 7)
    assert doc.marks[("kind", "#key")] == (1, 1)
    assert doc.marks[("items", 0)] == (3, 5)
    assert doc.marks[("items", 0, "number")] == (3, 13)
    assert doc.marks[("items", 0, "official", "name")] == (5, 13)
    assert doc.marks[("items", 0, "official", "name", "#key")] == (5, 7)
    assert doc.marks[("items", 0, "eligibility")] == (6, 18)
    assert doc.marks[("items", 0, "eligibility", "fact")] == (6, 25)
    assert doc.marks[("items", 0, "eligibility", "ge")] == (6, 34)
    assert doc.marks[("items", 0, "terms", 0, "value")] == (8, 24)
    loc = doc.locate(("items", 0, "official", "name"))
    assert (loc.path, loc.line, loc.col) == ("t.yaml", 5, 13)
    assert str(loc) == "t.yaml:5:13"


def test_locate_falls_back_to_the_nearest_ancestor():
    doc = parse_yaml("a:\n  b:\n    c: 1\n", "t.yaml")
    loc = doc.locate(("a", "b", "missing", 3))
    assert (loc.line, loc.col) == (3, 5)
    assert (doc.locate(("nothing",)).line, doc.locate(("nothing",)).col) == (1, 1)


def test_marks_count_characters_not_bytes():
    doc = parse_yaml("名称: 大同市\n值: x\n", "t.yaml")
    assert doc.marks[("名称",)] == (1, 5)
    assert doc.marks[("值",)] == (2, 4)


def test_all_problems_of_a_file_are_reported_together():
    text = "a: no\nb: &x 1\nc: !!str z\na: 2\n"
    assert rules_of(text) == {"YAML_AMBIGUOUS", "YAML_ALIAS", "YAML_TAG", "YAML_DUPLICATE_KEY"}


def test_the_real_policy_files_load_cleanly():
    root = Path(__file__).resolve().parent.parent / "policy"
    for file in [root / "vocabulary.yaml", *sorted((root / "lists").rglob("*.yaml"))]:
        doc = load_yaml(file, date_keys=DATE_KEYS)
        assert isinstance(doc.data, dict) and doc.data.get("kind")


# -- fuzzing: nothing but PolicyError ever escapes -------------------------------------------------------------
_FUZZ_DIR = tempfile.TemporaryDirectory(prefix="qingdan-yamlfuzz-")

YAML_TOKENS = ["a", "b", ":", ": ", "- ", "-", "\n", "\n  ", "  ", "[", "]", "{", "}", ",", "&x ", "*x", "!!str ",
               "!t ", "---", "...", "? ", "'", '"', "no", "0x1F", "1_0", "2024-02-06", "1.5", "7", "#c", "|", ">",
               "%YAML 1.2\n", "\t", "大同", "~", "<<", "\ufeff", "\x85", "\\", "@", "`", "%"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300))
def test_fuzz_arbitrary_bytes_only_raise_policy_error(raw):
    file = Path(_FUZZ_DIR.name) / "fuzz.yaml"
    file.write_bytes(raw)
    try:
        load_yaml(file, "fuzz.yaml", date_keys=DATE_KEYS, max_bytes=200)
    except PolicyError as exc:
        assert exc.findings


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_fuzz_arbitrary_text_only_raises_policy_error(text):
    try:
        parse_yaml(text, "fuzz.yaml", date_keys=DATE_KEYS)
    except PolicyError as exc:
        assert exc.findings


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(YAML_TOKENS), max_size=60).map("".join))
def test_fuzz_yaml_like_text_only_raises_policy_error(text):
    try:
        doc = parse_yaml(text, "fuzz.yaml", date_keys=DATE_KEYS)
    except PolicyError as exc:
        assert exc.findings
        for finding in exc.findings:
            assert finding.location.line >= 1 and finding.location.col >= 1
    else:
        _assert_plain(doc.data)


def _assert_plain(value) -> None:
    """Accepted data is plain JSON-like data: no dates, bytes, sets or custom objects."""
    if isinstance(value, dict):
        for key, item in value.items():
            assert type(key) is str
            _assert_plain(item)
    elif isinstance(value, list):
        for item in value:
            _assert_plain(item)
    else:
        assert value is None or type(value) in (str, int, float, bool), type(value)
