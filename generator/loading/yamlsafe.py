"""A strict YAML reader for policy files.

Editors write YAML by hand, so the reader refuses everything that could change meaning silently or exhaust the
machine, and remembers where every value stands so that later checks can point at file:line:col:

- a YAML 1.2 core resolver: only ``true``/``false``, ``null``/``~``, decimal integers and plain decimals are
  non-strings; quoted scalars are always strings;
- plain scalars that YAML 1.1 tools would read differently (``no``, ``on``, ``0o17``, ``1_000``, ``1:20``, ``017``,
  unquoted dates outside date fields) are errors asking for quotes;
- duplicate keys, anchors/aliases (billion laughs), explicit tags, several documents, deep nesting, oversized files,
  invalid UTF-8, a byte-order mark and NUL bytes are errors.

Every problem becomes a :class:`~generator.findings.Finding`; a file with problems yields no data.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..findings import Finding, Location, PolicyError

MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 40

_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_NULL = re.compile(r"^(?:~|null|Null|NULL)?$")
_TRUE = re.compile(r"^(?:true|True|TRUE)$")
_FALSE = re.compile(r"^(?:false|False|FALSE)$")
_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
_FLOAT = re.compile(r"^[-+]?(?:[0-9]+\.[0-9]+)$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt ].*)?$")
# What YAML 1.1 (PyYAML's default, many editors' plugins) reads as something other than the text written.
_AMBIGUOUS = re.compile(
    r"""^(?:
        y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF
      | [-+]?0[0-7]+ | [-+]?0o[0-7_]+ | [-+]?0x[0-9a-fA-F_]+ | [-+]?0b[01_]+
      | [-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?
      | [-+]?(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+]?[0-9]+)? | [-+]?[0-9][0-9_]*(?:[eE][-+]?[0-9]+)
      | [-+]?[0-9][0-9_]*_[0-9_]* | [-+]?\.(?:inf|Inf|INF) | \.(?:nan|NaN|NAN) | = | <<
    )$""",
    re.VERBOSE,
)


@dataclass
class YamlDocument:
    """Plain data (dict/list/str/int/float/bool/None) and the position of every value in it."""

    path: str
    data: Any
    marks: dict[tuple, tuple[int, int]] = field(default_factory=dict)

    def locate(self, pointer: tuple | list = ()) -> Location:
        """The position of the value at ``pointer``, or of its nearest ancestor that has one."""
        pointer = tuple(pointer)
        while pointer and pointer not in self.marks:
            pointer = pointer[:-1]
        line, col = self.marks.get(pointer, (1, 1))
        return Location(self.path, line, col)


def _finding(rule: str, path: str, line: int, col: int, message: str, hint: str = "") -> Finding:
    return Finding(rule, message, Location(path, line, col), hint=hint)


def _decode(raw: bytes, path: str) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raise PolicyError([_finding("YAML_BOM", path, 1, 1, "文件以字节顺序标记（BOM）开头",
                                    "请用“UTF-8（无 BOM）”格式重新保存该文件")])
    nul = raw.find(b"\x00")
    if nul >= 0:
        line = raw.count(b"\n", 0, nul) + 1
        col = len(raw[raw.rfind(b"\n", 0, nul) + 1: nul].decode("utf-8", "replace")) + 1
        raise PolicyError([_finding("YAML_NUL_BYTE", path, line, col, "文件中含有空字符（NUL），不是文本文件",
                                    "请确认选对了文件，或删除该字符")])
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = len(raw[raw.rfind(b"\n", 0, exc.start) + 1: exc.start].decode("utf-8", "replace")) + 1
        raise PolicyError([_finding("YAML_ENCODING", path, line, col, "文件不是有效的 UTF-8 编码",
                                    "请用 UTF-8 编码保存该文件（不要用 GBK）")]) from None


def read_text(file: Path, display: str | None = None, max_bytes: int = MAX_BYTES) -> str:
    """Read a policy file as text, refusing oversized, binary and non-UTF-8 files before parsing."""
    display = display or str(file)
    try:
        size = file.stat().st_size
        if size > max_bytes:
            raise PolicyError([_finding("YAML_TOO_LARGE", display, 1, 1,
                                        f"文件过大（{size:,} 字节，上限 {max_bytes:,} 字节）",
                                        "政策文件不应如此之大，请检查是否选错了文件")])
        with file.open("rb") as handle:
            raw = handle.read(max_bytes + 1)
    except OSError as exc:
        raise PolicyError([_finding("FILE_UNREADABLE", display, 0, 0, f"无法读取文件：{exc.strerror}")]) from None
    return _decode(raw, display)


def load_yaml(file: Path, display: str | None = None, *, date_keys: frozenset[str] = frozenset(),
              max_bytes: int = MAX_BYTES) -> YamlDocument:
    """Parse one policy file. Raises :class:`PolicyError` carrying every problem found."""
    display = display or str(file)
    return parse_yaml(read_text(file, display, max_bytes), display, date_keys=date_keys)


def parse_yaml(text: str, display: str, *, date_keys: frozenset[str] = frozenset()) -> YamlDocument:
    builder = _Builder(display, date_keys)
    try:
        events = list(yaml.parse(text, Loader=_Parser))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = (exc.problem or "语法错误").strip()
        raise PolicyError([_finding("YAML_SYNTAX", display, line, col, f"YAML 语法错误：{problem}",
                                    "请检查缩进、冒号和引号是否配对")]) from None
    except yaml.YAMLError as exc:
        raise PolicyError([_finding("YAML_SYNTAX", display, 1, 1, f"YAML 语法错误：{exc}")]) from None
    data = builder.build(events)
    if builder.findings:
        raise PolicyError(builder.findings)
    return YamlDocument(display, data, builder.marks)


class _Builder:
    """Turns the parser's event stream into plain data, checking every rule above on the way."""

    def __init__(self, path: str, date_keys: frozenset[str]):
        self.path = path
        self.date_keys = date_keys
        self.findings: list[Finding] = []
        self.marks: dict[tuple, tuple[int, int]] = {}

    def _error(self, event: yaml.Event, rule: str, message: str, hint: str = "") -> None:
        mark = event.start_mark
        self.findings.append(_finding(rule, self.path, mark.line + 1, mark.column + 1, message, hint))

    def build(self, events: list[yaml.Event]) -> Any:
        documents = [i for i, e in enumerate(events) if isinstance(e, yaml.DocumentStartEvent)]
        if len(documents) > 1:
            self._error(events[documents[1]], "YAML_MULTIPLE_DOCUMENTS", "一个文件只能包含一个 YAML 文档（发现多个“---”）",
                        "请把每个文档放到单独的文件中")
            return None
        if not documents:
            return None
        self._events = events
        self._pos = documents[0] + 1
        if isinstance(events[self._pos], yaml.DocumentEndEvent):
            return None
        return self._node((), 0, None)

    def _next(self) -> yaml.Event:
        event = self._events[self._pos]
        self._pos += 1
        return event

    def _skip_collection(self) -> None:
        depth = 1
        while depth:
            event = self._next()
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1

    def _node(self, pointer: tuple, depth: int, key: str | None) -> Any:
        event = self._next()
        self.marks[pointer] = (event.start_mark.line + 1, event.start_mark.column + 1)
        if isinstance(event, yaml.AliasEvent):
            self._error(event, "YAML_ALIAS", f"不允许使用别名（*{event.anchor}）", "请把内容直接写出来，不要用 & 和 * 引用")
            return None
        if getattr(event, "anchor", None):
            self._error(event, "YAML_ALIAS", f"不允许使用锚点（&{event.anchor}）", "请把内容直接写出来，不要用 & 和 * 引用")
        if getattr(event, "tag", None) is not None:
            self._error(event, "YAML_TAG", f"不允许使用 YAML 标签（{event.tag}）", "请删除以 ! 开头的标签")
        if depth > MAX_DEPTH:
            self._error(event, "YAML_TOO_DEEP", f"嵌套层级超过 {MAX_DEPTH} 层", "请简化条件的嵌套结构")
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                self._skip_collection()
            return None
        if isinstance(event, yaml.ScalarEvent):
            return self._scalar(event, key)
        if isinstance(event, yaml.SequenceStartEvent):
            items = []
            while not isinstance(self._events[self._pos], yaml.SequenceEndEvent):
                items.append(self._node(pointer + (len(items),), depth + 1, None))
            self._next()
            return items
        if isinstance(event, yaml.MappingStartEvent):
            return self._mapping(pointer, depth)
        self._error(event, "YAML_SYNTAX", "无法识别的 YAML 结构")
        return None

    def _mapping(self, pointer: tuple, depth: int) -> dict:
        mapping: dict[str, Any] = {}
        while not isinstance(self._events[self._pos], yaml.MappingEndEvent):
            key_event = self._events[self._pos]
            if not isinstance(key_event, yaml.ScalarEvent):
                self._next()
                self._error(key_event, "YAML_COMPLEX_KEY", "键必须是简单的文字", "请检查该行的缩进和冒号")
                if isinstance(key_event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                    self._skip_collection()
                self._node(pointer + ("?",), depth + 1, None)
                continue
            self._next()
            key = key_event.value
            if not key_event.style and (_AMBIGUOUS.match(key) or _TRUE.match(key) or _FALSE.match(key)):
                self._error(key_event, "YAML_AMBIGUOUS", f"键“{key}”在 YAML 1.1 中会被读成布尔值或数字",
                            f'请给这个键加引号："{key}"')
            if key_event.anchor:
                self._error(key_event, "YAML_ALIAS", f"不允许使用锚点（&{key_event.anchor}）")
            if key in mapping:
                first = self.marks.get(pointer + (key, "#key"), (0, 0))
                self._error(key_event, "YAML_DUPLICATE_KEY", f"键“{key}”重复出现（第一次在第 {first[0]} 行）",
                            "同一层级中每个键只能出现一次，请删除或合并重复的键")
            else:
                self.marks[pointer + (key, "#key")] = (key_event.start_mark.line + 1, key_event.start_mark.column + 1)
            mapping[key] = self._node(pointer + (key,), depth + 1, key)
        self._next()
        return mapping

    def _scalar(self, event: yaml.ScalarEvent, key: str | None) -> Any:
        value = event.value
        if event.style:  # quoted or block scalar: always text (plain style is None or "")
            return value
        if _NULL.match(value):
            return None
        if _TRUE.match(value):
            return True
        if _FALSE.match(value):
            return False
        if _INT.match(value):
            return int(value)
        if _FLOAT.match(value):
            return float(value)
        if _DATE.match(value):
            if key in self.date_keys:
                return value
            self._error(event, "YAML_AMBIGUOUS", f"未加引号的日期“{value}”出现在不是日期的位置",
                        f'如果这是文字，请加引号：\"{value}\"')
            return value
        if _AMBIGUOUS.match(value):
            self._error(event, "YAML_AMBIGUOUS", f"“{value}”在不同的 YAML 版本中含义不同（可能被读成布尔值或数字）",
                        f'如果这是文字，请加引号：\"{value}\"；如果是是/否，请写 true 或 false；数字请写成普通十进制')
            return value
        return value
