"""``qingdan eligibility --profile FILE|-`` reads a profile the same strict way from a file and from standard input:
duplicate keys at any depth and bad encodings are refused alike with a rule ID, and the read is capped, so
``/dev/zero`` is refused instead of filling the memory. Exit 1, a Chinese message, no traceback."""
from __future__ import annotations

import resource
import subprocess
from pathlib import Path

import pytest

from tests.conftest import QINGDAN, ROOT

MEMORY_LIMIT = 1024 ** 3  # far above what a run needs; an unbounded read hits it within seconds instead of the machine's


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def eligibility(profile: str, stdin) -> subprocess.CompletedProcess:
    """``stdin``: bytes, or an open binary file."""
    options = {"input": stdin} if isinstance(stdin, bytes) else {"stdin": stdin}
    return subprocess.run([*QINGDAN, "eligibility", "--region", "140200", "--profile", profile, "--as-of",
                           "2024-06-01"], cwd=ROOT, capture_output=True, timeout=60, preexec_fn=_limit_memory,
                          **options)


def run_both_ways(raw: bytes, tmp_path: Path) -> dict[str, tuple[int, str]]:
    """The same bytes as a file and on standard input: (exit code, stderr) for each."""
    file = tmp_path / "profile.json"
    file.write_bytes(raw)
    from_file = eligibility(str(file), b"")
    from_stdin = eligibility("-", raw)
    return {way: (r.returncode, r.stderr.decode("utf-8", "replace")) for way, r in
            (("file", from_file), ("stdin", from_stdin))}


def assert_refused(outcome: tuple[int, str], expected: str) -> None:
    code, stderr = outcome
    assert code == 1, stderr
    assert expected in stderr, stderr
    assert "Traceback" not in stderr and "内部错误" not in stderr


@pytest.mark.parametrize("text, key", [('{"age": 50, "age": 90}', "age"),
                                       ('{"situations": {"rights_lawsuit": true, "rights_lawsuit": false}}',
                                        "rights_lawsuit"),
                                       ('{"age": 85, "x": [{"k": 1, "k": 2}]}', "k")],
                         ids=["top-level", "nested-object", "object-in-a-list"])
def test_duplicate_keys_are_refused_naming_the_key(text: str, key: str, tmp_path: Path):
    for way, outcome in run_both_ways(text.encode(), tmp_path).items():
        assert_refused(outcome, "error[PROFILE_DUPLICATE_KEY]")
        assert f"键“{key}”" in outcome[1], way


@pytest.mark.parametrize("raw, where", [('{"年龄": 85}'.encode("gbk"), ":1:3:"), (b'{"age": 85}\n\xff', ":2:1:")],
                         ids=["gbk", "stray-byte"])
def test_bad_encoding_is_refused_alike_from_a_file_and_from_stdin(raw: bytes, where: str, tmp_path: Path):
    outcomes = run_both_ways(raw, tmp_path)
    for outcome in outcomes.values():
        assert_refused(outcome, f"{where} error[PROFILE_ENCODING]")
    assert outcomes["stdin"][1].startswith("错误：个人情况有误：\n  标准输入:")


@pytest.mark.parametrize("way", ["file", "stdin"])
def test_an_endless_input_is_refused_after_the_cap(way: str):
    with open("/dev/zero", "rb") as zero:
        result = eligibility("/dev/zero", b"") if way == "file" else eligibility("-", zero)
    assert_refused((result.returncode, result.stderr.decode()), "error[PROFILE_TOO_LARGE]")


def test_a_valid_profile_still_gives_the_answer_from_a_file_and_from_stdin(tmp_path: Path):
    raw = '{"age": 85, "economic_status": "dibao"}'.encode()
    file = tmp_path / "profile.json"
    file.write_bytes(raw)
    for result in (eligibility(str(file), b""), eligibility("-", raw)):
        assert result.returncode == 0, result.stderr.decode()
        assert "【可以享受】" in result.stdout.decode()
