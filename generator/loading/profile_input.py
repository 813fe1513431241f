"""A person profile for ``qingdan eligibility --profile FILE|-``, read the same way from a file and from standard input:

- at most MAX_PROFILE_BYTES bytes are read, so ``/dev/zero`` or a wrong file cannot exhaust the memory;
- the bytes are decoded as strict UTF-8 (never by the terminal's locale), without a byte-order mark;
- the JSON may write each key only once in every object, at any depth (``json`` would keep the last value silently).

Every problem is a finding (rule ID, and the line and column where JSON gives one) in a :class:`PolicyError`. The
engine checks the fields afterwards (:func:`generator.engine.validate_profile`).
"""
from __future__ import annotations

import codecs
import json
import sys
from typing import Any

from ..errors import PolicyError
from ..findings import ERROR, Location, Rule, RuleSet
from .yamlsafe import byte_position

MAX_PROFILE_BYTES = 1024 * 1024  # a profile has a few dozen fields: a megabyte is far more than any real one
STDIN = "-"
STDIN_NAME = "标准输入"
EXAMPLE = '示例：{"age": 85, "economic_status": "dibao"}'
_EXAMPLE = EXAMPLE.replace("{", "{{").replace("}", "}}")  # as a template: its braces are text
RULES = RuleSet(
    "读取个人情况（qingdan eligibility）",
    Rule("PROFILE_UNREADABLE", ERROR, "个人情况", "个人情况文件无法读取", "无法读取个人情况：{why}",
         "请写对文件名，或用 - 从标准输入读取"),
    Rule("PROFILE_TOO_LARGE", ERROR, "个人情况", "个人情况大得不像个人情况文件（以免读入 /dev/zero 之类耗尽内存）",
         "个人情况超过 {limit:,} 字节，不像是个人情况文件", f"个人情况是一个小小的 JSON 对象。{_EXAMPLE}"),
    Rule("PROFILE_ENCODING", ERROR, "个人情况", "个人情况不是不带 BOM 的 UTF-8",
         {"bom": "个人情况以字节顺序标记（BOM）开头", "utf8": "个人情况不是有效的 UTF-8 编码"},
         {"bom": "请用“UTF-8（无 BOM）”格式保存", "utf8": "请用 UTF-8 编码保存（不要用 GBK）"}),
    Rule("PROFILE_DUPLICATE_KEY", ERROR, "个人情况", "个人情况的 JSON 中同一个键写了不止一次", "键“{key}”写了不止一次",
         "同一个对象中每个键只能写一次，请删除多余的一个"),
    Rule("PROFILE_JSON", ERROR, "个人情况", "个人情况不是有效的 JSON",
         {"invalid": "个人情况不是有效的 JSON：{problem}", "absurd": "个人情况的 JSON 嵌套过深或数字过长"}, _EXAMPLE),
)


class _DuplicateKey(Exception):
    def __init__(self, key: str):
        self.key = key


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    mapping: dict[str, Any] = {}
    for key, value in pairs:
        if key in mapping:
            raise _DuplicateKey(key)
        mapping[key] = value
    return mapping


def _read_bytes(source: str) -> bytes:
    if source == STDIN:
        return sys.stdin.buffer.read(MAX_PROFILE_BYTES + 1)
    with open(source, "rb") as handle:  # any kind of file: <(command) is a pipe, and the read is capped
        return handle.read(MAX_PROFILE_BYTES + 1)


def read_profile(source: str) -> Any:
    """The JSON value in ``source`` (a path, or ``-`` for standard input); empty input is the empty profile."""
    where = STDIN_NAME if source == STDIN else source
    try:
        raw = _read_bytes(source)
    except OSError as exc:
        raise PolicyError([RULES["PROFILE_UNREADABLE"].at(Location(where), why=exc.strerror)]) from None
    if len(raw) > MAX_PROFILE_BYTES:
        raise PolicyError([RULES["PROFILE_TOO_LARGE"].at(Location(where), limit=MAX_PROFILE_BYTES)])
    if raw.startswith(codecs.BOM_UTF8):
        raise PolicyError([RULES["PROFILE_ENCODING"].at(Location(where, 1, 1), variant="bom")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = byte_position(raw, exc.start)
        raise PolicyError([RULES["PROFILE_ENCODING"].at(Location(where, line, col), variant="utf8")]) from None
    if not text.strip():
        return {}
    try:
        return json.loads(text, object_pairs_hook=_unique_keys)
    except _DuplicateKey as exc:
        raise PolicyError([RULES["PROFILE_DUPLICATE_KEY"].at(Location(where), key=exc.key)]) from None
    except json.JSONDecodeError as exc:
        raise PolicyError([RULES["PROFILE_JSON"].at(Location(where, exc.lineno, exc.colno), variant="invalid",
                                                    problem=exc.msg)]) from None
    except (RecursionError, ValueError):  # absurd nesting, or a number with thousands of digits
        raise PolicyError([RULES["PROFILE_JSON"].at(Location(where), variant="absurd")]) from None
