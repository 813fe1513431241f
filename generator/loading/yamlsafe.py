"""A strict YAML reader for policy files.

Editors write YAML by hand, so the reader refuses everything that could change meaning silently or exhaust the
machine, and remembers where every value stands so that later checks can point at file:line:col:

- a YAML 1.2 core resolver: only ``true``/``false``, ``null``/``~``, decimal integers and plain decimals are
  non-strings; quoted scalars are always strings;
- plain scalars that YAML 1.1 tools would read differently (``no``, ``on``, ``0o17``, ``1_000``, ``1:20``, ``017``,
  unquoted dates outside date fields) are errors asking for quotes;
- duplicate keys, anchors/aliases (billion laughs), explicit tags, several documents, deep nesting, oversized files,
  invalid UTF-8, a byte-order mark and NUL bytes are errors;
- control characters (:data:`generator.textsafety.CONTROL_CHARACTERS`), written as they are or as escapes in
  double quotes (``"\\e]0;…\\a"``), are errors: a policy text must read the same on every screen;
- only regular files are read: a link, a FIFO (opening one waits forever) or a device is an error.

Every problem becomes a :class:`~generator.findings.Finding`; a file with problems yields no data.
"""
from __future__ import annotations

import errno
import itertools
import os
import re
import shlex
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import PolicyError
from ..findings import ERROR, Finding, Location, Rule, RuleSet
from ..textsafety import CONTROL_CHARACTERS, describe

MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 40
MAX_CONTROL_FINDINGS = 20  # a file full of escape sequences (pasted terminal output) gets a readable report

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


_CONTROL_WHY = "这类字符会改变终端的显示或文字的显示顺序"
_DELETE_ALIAS = "请把内容直接写出来，不要用 & 和 * 引用"
_QUOTE_IT = '如果这是文字，请加引号："{value}"'
RULES = RuleSet(
    "读取 YAML 文件",
    Rule("FILE_SYMLINK", ERROR, "文件", "政策目录中的文件或文件夹是符号链接（链接一律不跟随，以免读到别处的文件）",
         {"file": "这是一个符号链接（快捷方式）；政策目录中的文件不能是链接",
          "folder": "这个文件夹是符号链接（快捷方式）；政策目录中的文件夹不能是链接，否则其中的清单会被跳过，或读到政策目录以外的文件"},
         {"file": "请删除这个链接，把它所指的文件本身复制到这里", "folder": "请删除这个链接，把它所指的文件夹本身复制到这里"}),
    Rule("FILE_NOT_REGULAR", ERROR, "文件", "政策文件不是普通文件（命名管道、设备等：读取它可能一直等待）",
         "这不是普通文件，而是{kind}，不能作为政策文件读取", "政策目录中只能放普通的文本文件；请删除它，换成真正的文件"),
    Rule("FILE_UNREADABLE", ERROR, "文件", "操作系统不让读取文件或文件夹",
         {"file": "无法读取文件：{why}", "folder": "无法读取文件夹：{why}"}, "{fix}"),
    Rule("YAML_TOO_LARGE", ERROR, "文件", "文件大于政策文件的上限", "文件过大（{size:,} 字节，上限 {limit:,} 字节）",
         "政策文件不应如此之大，请检查是否选错了文件"),
    Rule("YAML_BOM", ERROR, "编码", "文件以字节顺序标记（BOM）开头", "文件以字节顺序标记（BOM）开头",
         "请用“UTF-8（无 BOM）”格式重新保存该文件"),
    Rule("YAML_NUL_BYTE", ERROR, "编码", "文件含有空字符（NUL），不是文本文件", "文件中含有空字符（NUL），不是文本文件",
         "请确认选对了文件，或删除该字符"),
    Rule("YAML_ENCODING", ERROR, "编码", "文件不是 UTF-8 编码（常见的是 GBK/GB18030）",
         {"utf8": "文件不是有效的 UTF-8 编码",
          "gb18030": "文件不是 UTF-8 编码，看起来是 GBK/GB18030 编码（中文 Windows 的默认编码）"},
         {"utf8": "请用 UTF-8 编码（不带 BOM）重新保存该文件",
          "gb18030": "请转换成 UTF-8：在终端运行 iconv -f GB18030 -t UTF-8 {path} > {converted} && mv {converted} {path}；"
                     "或者用记事本、WPS 等编辑器打开，选“另存为”，编码选“UTF-8”（不带 BOM）后保存"}),
    Rule("CONTROL_CHARACTER", ERROR, "编码", "文字中有看不见的控制字符或文字方向控制字符（会让读者看到与文件实际内容不同的文字）",
         {"raw": "这里有看不见的{character}", "more": "此后还有 {count} 个控制字符，未逐一列出",
          "escaped": "这段文字的第 {position} 个字符是看不见的{character}", "reader": "这里有 YAML 不允许的{character}"},
         {"raw": f"{_CONTROL_WHY}，让读者看到与文件实际内容不同的文字。请删除它（编辑器的“显示不可见字符”功能可以找到它）；"
                 "换行直接回车，缩进用空格",
          "more": "这样的文件多半是复制了终端的输出，请确认选对了文件",
          "escaped": f"{_CONTROL_WHY}。请删除它：在双引号中它通常写成 \\e、\\a、\\x1b、\\u001b 或 \\u202e 这样的转义；"
                     "换行请用 \\n",
          "reader": "请删除该字符（编辑器的“显示不可见字符”功能可以找到它）"}),
    Rule("YAML_SYNTAX", ERROR, "YAML 写法", "文件不是有效的 YAML（缩进、冒号、引号、括号等）",
         {"problem": "YAML 语法错误：{problem}", "unreadable": "YAML 语法错误：文件无法按 YAML 读取",
          "structure": "无法识别的 YAML 结构"},
         {"problem": "{fix}", "unreadable": "请检查这一行和上一行的缩进、冒号和引号", "structure": ""}),
    Rule("YAML_FULLWIDTH_SPACE", ERROR, "输入法", "用了全角空格（中文输入法下的空格）缩进，或写在键的冒号后面",
         {"indent": "行首用了 {count} 个全角空格（中文输入法下的空格）缩进；YAML 只认半角空格",
          "after_colon": "键“{key}”的冒号后面是全角空格（中文输入法下的空格）；YAML 要求冒号后面是半角空格"},
         {"indent": "请把这 {count} 个全角空格换成 {spaces} 个半角空格（英文输入法下按空格键），与同一层的键左对齐",
          "after_colon": "请把全角空格换成一个半角空格：{written}"}),
    Rule("YAML_FULLWIDTH_COLON", ERROR, "输入法", "键后面用了全角冒号“：”（中文输入法）",
         "键“{key}”后面是全角冒号“：”（中文输入法），YAML 不把它当作冒号", "请改成英文冒号加一个空格：{written}"),
    Rule("YAML_FULLWIDTH_QUOTE", ERROR, "输入法", "用了中文引号，或英文引号没有配对",
         {"quote": "这里用了中文引号 {quote} ；YAML 只认英文引号",
          "unpaired": "引号没有配对：开头是英文引号 {opening}，结尾却是中文引号 {closing}"},
         {"quote": "请改成英文引号：{fixed}（或者不加引号）", "unpaired": "请把结尾的 {closing} 改成英文引号 {opening}"}),
    Rule("YAML_TAB", ERROR, "输入法", "用 Tab 键缩进", "这一行用 Tab 键缩进；YAML 只能用空格缩进",
         "请把行首的 Tab 换成空格（与同一层的键左对齐，通常每层两个空格）"),
    Rule("YAML_MULTIPLE_DOCUMENTS", ERROR, "YAML 写法", "一个文件中有多个 YAML 文档",
         "一个文件只能包含一个 YAML 文档（发现多个“---”）", "请把每个文档放到单独的文件中"),
    Rule("YAML_ALIAS", ERROR, "YAML 写法", "用了锚点（&）或别名（*）：一个别名可以展开成巨大的数据，一律不允许",
         {"alias": "不允许使用别名（*{anchor}）", "anchor": "不允许使用锚点（&{anchor}）",
          "key": "不允许使用锚点（&{anchor}）"},
         {"alias": _DELETE_ALIAS, "anchor": _DELETE_ALIAS, "key": ""}),
    Rule("YAML_TAG", ERROR, "YAML 写法", "用了 YAML 标签（!…）", "不允许使用 YAML 标签（{tag}）", "请删除以 ! 开头的标签"),
    Rule("YAML_TOO_DEEP", ERROR, "YAML 写法", "嵌套层级过深", "嵌套层级超过 {limit} 层", "请简化条件的嵌套结构"),
    Rule("YAML_COMPLEX_KEY", ERROR, "YAML 写法", "键不是简单的文字", "键必须是简单的文字", "请检查该行的缩进和冒号"),
    Rule("YAML_AMBIGUOUS", ERROR, "YAML 写法", "未加引号的值在不同 YAML 版本中含义不同（no、on、0o17、1_000、日期……）",
         {"key": "键“{value}”在 YAML 1.1 中会被读成布尔值或数字", "date": "未加引号的日期“{value}”出现在不是日期的位置",
          "value": "“{value}”在不同的 YAML 版本中含义不同（可能被读成布尔值或数字）"},
         {"key": '请给这个键加引号："{value}"', "date": _QUOTE_IT,
          "value": f"{_QUOTE_IT}；如果是是/否，请写 true 或 false；数字请写成普通十进制"}),
    Rule("YAML_DUPLICATE_KEY", ERROR, "YAML 写法", "同一层级中一个键写了不止一次（后写的会悄悄覆盖先写的）",
         "键“{key}”重复出现（第一次在第 {first} 行）", "同一层级中每个键只能出现一次，请删除或合并重复的键"),
)


def _finding(rule: str, path: str, line: int, col: int, variant: str | None = None, /, **fields) -> Finding:
    return RULES[rule].at(Location(path, line, col), variant=variant, **fields)


def byte_position(raw: bytes, offset: int) -> tuple[int, int]:
    """Line and column (1-based; columns count characters, as in every other finding) of the byte at ``offset``."""
    line_start = raw.rfind(b"\n", 0, offset) + 1
    return raw.count(b"\n", 0, offset) + 1, len(raw[line_start:offset].decode("utf-8", "replace")) + 1


def _encoding_finding(raw: bytes, offset: int, path: str) -> Finding:
    """Invalid UTF-8 at ``offset``. Official documents often come as GBK/GB18030 (the Chinese Windows default): when
    the file reads as GB18030 and nothing before the first bad byte was UTF-8 Chinese, say so and how to convert."""
    line, col = byte_position(raw, offset)
    try:
        raw.decode("gb18030")
        looks_gb18030 = raw[:offset].isascii()
    except UnicodeDecodeError:
        looks_gb18030 = False
    if not looks_gb18030:
        return _finding("YAML_ENCODING", path, line, col, "utf8")
    return _finding("YAML_ENCODING", path, line, col, "gb18030", path=shlex.quote(path),
                    converted=shlex.quote(f"{path}.utf8"))


def _control_findings(text: str, path: str) -> list[Finding]:
    """Control characters written as they are (escaped ones are found by the parser), except the CR of a CRLF line
    ending. The first MAX_CONTROL_FINDINGS are listed one by one, then one finding counts the rest."""
    found = (m for m in CONTROL_CHARACTERS.finditer(text) if not text.startswith("\r\n", m.start()))
    findings = []
    for match in itertools.islice(found, MAX_CONTROL_FINDINGS):
        offset = match.start()
        line, col = text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)
        findings.append(_finding("CONTROL_CHARACTER", path, line, col, "raw", character=describe(match.group())))
    rest = sum(1 for _ in found)
    if rest:
        findings.append(_finding("CONTROL_CHARACTER", path, line, col, "more", count=rest))
    return findings


def _decode(raw: bytes, path: str) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raise PolicyError([_finding("YAML_BOM", path, 1, 1)])
    nul = raw.find(b"\x00")
    if nul >= 0:
        line, col = byte_position(raw, nul)
        raise PolicyError([_finding("YAML_NUL_BYTE", path, line, col)])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PolicyError([_encoding_finding(raw, exc.start, path)]) from None
    controls = _control_findings(text, path)
    if controls:
        raise PolicyError(controls)
    return text


_FILE_KINDS = {stat.S_IFIFO: "命名管道（FIFO）", stat.S_IFSOCK: "套接字（socket）", stat.S_IFCHR: "设备文件",
               stat.S_IFBLK: "设备文件", stat.S_IFDIR: "文件夹"}


def read_text(file: Path, display: str | None = None, max_bytes: int = MAX_BYTES) -> str:
    """Read a policy file as text: the one reader of every policy file, YAML or official text.

    Only a regular file is read. A link is refused rather than followed (see
    :func:`generator.loading.repository.policy_files`); the file is opened without following a link and without
    blocking, then checked with fstat, so a FIFO (whose opening waits for a writer forever) or a device never hangs
    or floods the check. Oversized, binary and non-UTF-8 files and control characters are refused before parsing.
    """
    display = display or str(file)
    try:
        if file.is_symlink():
            raise PolicyError([_finding("FILE_SYMLINK", display, 0, 0, "file")])
        descriptor = os.open(file, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        try:
            info = os.fstat(descriptor)
            if not stat.S_ISREG(info.st_mode):
                kind = _FILE_KINDS.get(stat.S_IFMT(info.st_mode), "特殊文件")
                raise PolicyError([_finding("FILE_NOT_REGULAR", display, 0, 0, kind=kind)])
            if info.st_size > max_bytes:
                raise PolicyError([_finding("YAML_TOO_LARGE", display, 1, 1, size=info.st_size, limit=max_bytes)])
            with open(descriptor, "rb", closefd=False) as handle:
                raw = handle.read(max_bytes + 1)
        finally:
            os.close(descriptor)
    except OSError as exc:
        why, fix = os_problem(exc)
        raise PolicyError([_finding("FILE_UNREADABLE", display, 0, 0, "file", why=why, fix=fix)]) from None
    return _decode(raw, display)


_OS_PROBLEMS = {  # the operating system's reasons, which it words in English: (what is wrong, what to do)
    errno.ENOENT: ("文件不存在", "请检查文件名和路径是否写对"),
    errno.EACCES: ("没有读取权限", "请让管理员给这个文件（或文件夹）加上读取权限"),
    errno.EPERM: ("没有读取权限", "请让管理员给这个文件（或文件夹）加上读取权限"),
    errno.EISDIR: ("这是一个文件夹，不是文件", "请指定文件夹中的文件"),
    errno.ENOTDIR: ("路径中有一段不是文件夹", "请检查路径是否写对"),
    errno.ELOOP: ("这是一个符号链接（快捷方式）", "请把它所指的文件本身复制到这里"),
    errno.ENAMETOOLONG: ("文件名或路径太长", "请缩短文件名或路径"),
    errno.EIO: ("磁盘读取出错", "请检查磁盘，或者换一份文件副本"),
    errno.EMFILE: ("同时打开的文件太多", "请稍后重试"),
    errno.ENFILE: ("同时打开的文件太多", "请稍后重试"),
}


def os_problem(error: OSError) -> tuple[str, str]:
    """Why the operating system could not read a file, and what to do, in Chinese."""
    return _OS_PROBLEMS.get(error.errno, (f"操作系统报告错误（错误号 {error.errno}）", "请确认该文件存在并且可以读取"))


def load_yaml(file: Path, display: str | None = None, *, date_keys: frozenset[str] = frozenset(),
              max_bytes: int = MAX_BYTES) -> YamlDocument:
    """Parse one policy file. Raises :class:`PolicyError` carrying every problem found."""
    display = display or str(file)
    return parse_yaml(read_text(file, display, max_bytes), display, date_keys=date_keys)


# -- what the parser could not read, in the editor's words ------------------------------------------------------
# The commonest slips of a Chinese input method are found in the raw text around the parser's error (which it
# reports late, on the next line, or in English), or at the start of a scalar that swallowed them when the file
# still parses (``key： value`` reads as one plain text; the schema then finds it, see generator.loading.schema).
_FULLWIDTH_SPACE = "\u3000"
_KEY_FULLWIDTH_COLON = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*) *：")
_KEY_COLON_FULLWIDTH_SPACE = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(\u3000+)")
_FULLWIDTH_QUOTE_PAIRS = {"“": "”", "‘": "’", "”": "”", "’": "’"}
_SCALAR_START = re.compile(r"^ *(?:- +)*|: +|[\[{,] *")  # where a line can begin a key or a value
_STRUCTURE_AFTER_SPACE = re.compile(r"[\u3000 ]*(?:-(?: |$)|[A-Za-z_][A-Za-z0-9_-]*[ \u3000]*[:：])")
_TAB_INDENT = re.compile(r" *\t")
_ASCII_OPENING_QUOTE = re.compile(r"""(?:^ *(?:- +)*|: +)(["'])""")
_LOOKBACK_LINES = 3  # a slip is reported up to this many lines before the parser noticed it


@dataclass(frozen=True)
class Slip:
    """An input-method slip: ``offset`` counts characters from the start of the text examined."""

    rule: str
    offset: int
    variant: str | None = None
    fields: dict = field(default_factory=dict)

    def at(self, location: Location) -> Finding:
        """The finding for this slip at ``location`` (where the slip itself stands)."""
        return RULES[self.rule].at(location, variant=self.variant, **self.fields)


def _shortened(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def scalar_slip(text: str) -> Slip | None:
    """The slip at the start of a plain scalar, if any: YAML structure typed with a Chinese input method."""
    if text.startswith(_FULLWIDTH_SPACE):
        count = len(text) - len(text.lstrip(_FULLWIDTH_SPACE))
        return Slip("YAML_FULLWIDTH_SPACE", 0, "indent", {"count": count, "spaces": 2 * count})
    match = _KEY_COLON_FULLWIDTH_SPACE.match(text)
    if match:
        key, rest = match.group(1), text[match.end():].strip()
        return Slip("YAML_FULLWIDTH_SPACE", match.start(2), "after_colon",
                    {"key": key, "written": f"{key}: {_shortened(rest)}".rstrip()})
    match = _KEY_FULLWIDTH_COLON.match(text)
    if match:
        key, rest = match.group(1), text[match.end():].strip()
        return Slip("YAML_FULLWIDTH_COLON", match.end() - 1, None,
                    {"key": key, "written": f"{key}: {_shortened(rest)}".rstrip()})
    if text[:1] in _FULLWIDTH_QUOTE_PAIRS:
        end = text.find(_FULLWIDTH_QUOTE_PAIRS[text[0]], 1)
        inner = text[1:end] if end > 0 else text[1:]
        quote = "'" if '"' in inner else '"'
        return Slip("YAML_FULLWIDTH_QUOTE", 0, "quote", {"quote": text[0], "fixed": f"{quote}{inner}{quote}"})
    return None


def _line_slips(line: str, problem_col: int | None, quoted_scalar: bool) -> list[tuple[int, Slip]]:
    """Every slip on one raw line, as (0-based column, slip). A full-width quote is legitimate inside Chinese text, so
    it counts only where the parser's error (``problem_col``, 0-based, on this line) falls inside the span it opens;
    an ASCII quote closed by a full-width one only on the line where the parser saw an unclosed quote begin."""
    slips = []
    tab = _TAB_INDENT.match(line)
    if tab:
        slips.append((tab.end() - 1, Slip("YAML_TAB", 0)))
    for start in _SCALAR_START.finditer(line):
        position = start.end()
        slip = scalar_slip(line[position:])
        if slip is None or start.group().startswith(":") and slip.rule != "YAML_FULLWIDTH_QUOTE":
            continue  # a value may hold full-width colons and spaces; only a key cannot
        if slip.rule == "YAML_FULLWIDTH_SPACE" and not (start.start() == 0
                                                         and _STRUCTURE_AFTER_SPACE.match(line, position)):
            continue
        if slip.rule == "YAML_FULLWIDTH_QUOTE":
            close = line.find(_FULLWIDTH_QUOTE_PAIRS[line[position]], position + 1)
            if problem_col is None or not position < problem_col <= (close if close > 0 else len(line)):
                continue
        slips.append((position + slip.offset, slip))
    if quoted_scalar:
        for opening in _ASCII_OPENING_QUOTE.finditer(line):
            quote, rest = opening.group(1), line[opening.end():]
            wrong = [i for i, ch in enumerate(rest) if ch in ("“”" if quote == '"' else "‘’")]
            if quote not in rest and wrong:
                ch = rest[wrong[-1]]
                slips.append((opening.end() + wrong[-1], Slip(
                    "YAML_FULLWIDTH_QUOTE", 0, "unpaired", {"opening": quote, "closing": ch})))
    return slips


def _slip_near(text: str, problem: tuple[int, int], context: tuple[int, int] | None,
               quoted_scalar: bool) -> tuple[int, int, Slip] | None:
    """The slip closest before the parser's error (1-based line and column), within a few lines of it."""
    lines = text.split("\n")
    first = max(1, min(problem[0], context[0] if context else problem[0]) - _LOOKBACK_LINES)
    found = []
    for number in range(first, min(problem[0], len(lines)) + 1):
        on_problem_line = number == problem[0]
        for col, slip in _line_slips(lines[number - 1], problem[1] - 1 if on_problem_line else None,
                                     quoted_scalar and context is not None and number == context[0]):
            if not on_problem_line or col <= problem[1] - 1:
                found.append((number, col + 1, slip))
    return max(found, key=lambda f: (f[0], f[1])) if found else None


# libyaml's problems (and PyYAML's own, when libyaml is missing), first match wins: (the problem's opening words, or
# a tuple of them; what is wrong; what to write). None of their English reaches an editor.
_PROBLEMS = [
    ("mapping values are not allowed", "这里不能再出现“冒号加空格”",
     "一行只能写一个“键: 值”；值里本身有“: ”时，请给整个值加英文引号；也请检查上一行是否少了冒号、缩进是否对齐"),
    ("could not find expected ':'", "这一行缺少冒号：应写成“键: 值”", "在键的后面加英文冒号和一个空格"),
    ("found character that cannot start any token", "值不能以这个符号开头",
     "以 @、`、%、! 等符号开头的文字请加英文引号；缩进只能用空格"),
    ("found a tab character", "缩进中有 Tab", "请用空格缩进，不要用 Tab"),
    (("did not find expected key", "expected <block end>"), "缩进没有对齐：这一行与同一层的键不在同一列",
     "同一层的键左边要对齐（用空格缩进，通常每层两个空格）"),
    ("did not find expected '-' indicator", "列表中混入了不是列表项的内容",
     "列表的每一项都以“- ”开头并且左边对齐；列表之后的键要退回到上一层的缩进"),
    (("did not find expected ',' or ']'", "expected ',' or ']'"), "方括号 [ ] 没有配对，或者项与项之间缺少英文逗号",
     "检查 [ 与 ] 是否配对，项与项之间用英文逗号 , 分隔"),
    (("did not find expected ',' or '}'", "expected ',' or '}'"), "花括号 { } 没有配对，或者项与项之间缺少英文逗号",
     "检查 { 与 } 是否配对，项与项之间用英文逗号 , 分隔"),
    ("found unexpected end of stream", "引号没有结束：从这里开始的引号直到文件末尾都没有配对",
     "请在这段文字的末尾补上同样的英文引号"),
    ("found unknown escape character", "双引号里的反斜杠 \\ 后面跟了无法识别的字符",
     "要写反斜杠本身请写成两个（\\\\），或者改用单引号"),
    (("found invalid Unicode character escape code", "did not find expected hexdecimal number"),
     "双引号里的 \\u 或 \\x 转义写法不对", "请直接写出这个字符，或者改用单引号"),
    ("block sequence entries are not allowed", "这里不能开始“- ”列表",
     "列表要从键的下一行开始写，并比键多缩进两个空格"),
    ("did not find expected node content", "这里缺少内容", "检查是否多写或少写了“- ”“: ”“,”等符号"),
    ("found an indentation indicator equal to 0", "“|”或“>”后面的缩进数字不能是 0", "删除“|”或“>”后面的数字"),
    ("found incompatible YAML document", "不支持这个 YAML 版本声明", "删除文件开头以 %YAML 开始的一行"),
    (("could not find expected directive name", "found unknown directive name", "found duplicate %",
      "incompatible %YAML", "did not find expected version number", "found extremely long version number"),
     "以 % 开头的行是 YAML 指令，这一行的写法无法识别", "如果这是文字，请加英文引号；否则删除这一行"),
    ("did not find expected <document start>", "文档结束标记“...”之后还有内容",
     "删除单独一行的“...”：一个文件只写一个文档"),
    ("found unexpected document indicator", "文字中出现了单独一行的“---”或“...”",
     "请给这段文字加英文引号，或者改用“|”块"),
    ("found unexpected ':'", "这里不能出现冒号", "值里有冒号时，请给整个值加英文引号"),
    ("did not find expected comment or line break", "这一行的末尾多了内容",
     "引号结束后不能再有文字：请把整段文字都放进引号里"),
    ("did not find expected whitespace", "符号后面缺少空格", "在“:”“-”等符号后面加一个空格"),
    (("found undefined tag handle", "did not find expected tag URI", "did not find expected '!'"),
     "无法识别以 ! 开头的标签", "删除以 ! 开头的部分；如果这是文字，请加英文引号"),
    ("did not find expected alphabetic or numeric character", "“&”或“*”后面缺少名称",
     "以 & 或 * 开头的文字请加英文引号"),
    ("mapping keys are not allowed", "这里不能出现“? ”", "删除行首的“? ”，写成“键: 值”"),
]
_UNKNOWN_PROBLEM = ("这里的写法无法识别", "请检查这一行和上一行的缩进、冒号和引号")
_USE_CONTEXT = ("could not find expected ':'", "found unexpected end of stream")  # the real place is where it began


def _syntax_finding(exc: yaml.MarkedYAMLError, text: str, path: str) -> Finding:
    """One finding for the parser's error: the input-method slip behind it when there is one, otherwise the problem
    told in Chinese at the place an editor must look."""
    def position(mark) -> tuple[int, int] | None:
        return (mark.line + 1, mark.column + 1) if mark is not None else None

    problem, context = position(exc.problem_mark), position(exc.context_mark)
    problem = problem or context or (1, 1)
    slip = _slip_near(text, problem, context, "quoted scalar" in (exc.context or ""))
    if slip is not None:
        line, col, found = slip
        return found.at(Location(path, line, col))
    words = (exc.problem or "").strip()
    message, hint = next(((m, h) for start, m, h in _PROBLEMS if words.startswith(start)), _UNKNOWN_PROBLEM)
    line, col = context if context and words.startswith(_USE_CONTEXT) else problem
    if context and context != (line, col) and words.startswith(("did not find expected ',' or", "expected ',' or")):
        message += f"（从第 {context[0]} 行第 {context[1]} 列开始）"
    return _finding("YAML_SYNTAX", path, line, col, "problem", problem=message, fix=hint)


def _reader_finding(exc: yaml.reader.ReaderError, text: str, path: str) -> Finding:
    """A character the YAML reader refuses (the loader refuses most of them before parsing). The reader stops at the
    first one, so that is where it stands (libyaml counts its position in bytes, PyYAML in characters)."""
    character = chr(exc.character) if isinstance(exc.character, int) else "\ufffd"
    offset = max(text.find(character), 0)
    line, col = text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)
    return _finding("CONTROL_CHARACTER", path, line, col, "reader", character=describe(character))


def parse_yaml(text: str, display: str, *, date_keys: frozenset[str] = frozenset()) -> YamlDocument:
    builder = _Builder(display, date_keys)
    try:
        events = list(yaml.parse(text, Loader=_Parser))
    except yaml.MarkedYAMLError as exc:
        raise PolicyError([_syntax_finding(exc, text, display)]) from None
    except yaml.reader.ReaderError as exc:
        raise PolicyError([_reader_finding(exc, text, display)]) from None
    except yaml.YAMLError:
        raise PolicyError([_finding("YAML_SYNTAX", display, 1, 1, "unreadable")]) from None
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

    def _error(self, event: yaml.Event, rule: str, variant: str | None = None, /, **fields) -> None:
        mark = event.start_mark
        self.findings.append(_finding(rule, self.path, mark.line + 1, mark.column + 1, variant, **fields))

    def build(self, events: list[yaml.Event]) -> Any:
        documents = [i for i, e in enumerate(events) if isinstance(e, yaml.DocumentStartEvent)]
        if len(documents) > 1:
            self._error(events[documents[1]], "YAML_MULTIPLE_DOCUMENTS")
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
            self._error(event, "YAML_ALIAS", "alias", anchor=event.anchor)
            return None
        if getattr(event, "anchor", None):
            self._error(event, "YAML_ALIAS", "anchor", anchor=event.anchor)
        if getattr(event, "tag", None) is not None:
            self._error(event, "YAML_TAG", tag=event.tag)
        if depth > MAX_DEPTH:
            self._error(event, "YAML_TOO_DEEP", limit=MAX_DEPTH)
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
        self._error(event, "YAML_SYNTAX", "structure")
        return None

    def _mapping(self, pointer: tuple, depth: int) -> dict:
        mapping: dict[str, Any] = {}
        while not isinstance(self._events[self._pos], yaml.MappingEndEvent):
            key_event = self._events[self._pos]
            if not isinstance(key_event, yaml.ScalarEvent):
                self._next()
                self._error(key_event, "YAML_COMPLEX_KEY")
                if isinstance(key_event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                    self._skip_collection()
                self._node(pointer + ("?",), depth + 1, None)
                continue
            self._next()
            key = key_event.value
            self._refuse_controls(key_event)
            if not key_event.style and (_AMBIGUOUS.match(key) or _TRUE.match(key) or _FALSE.match(key)):
                self._error(key_event, "YAML_AMBIGUOUS", "key", value=key)
            if key_event.anchor:
                self._error(key_event, "YAML_ALIAS", "key", anchor=key_event.anchor)
            if key in mapping:
                first = self.marks.get(pointer + (key, "#key"), (0, 0))
                self._error(key_event, "YAML_DUPLICATE_KEY", key=key, first=first[0])
            else:
                self.marks[pointer + (key, "#key")] = (key_event.start_mark.line + 1, key_event.start_mark.column + 1)
            mapping[key] = self._node(pointer + (key,), depth + 1, key)
        self._next()
        return mapping

    def _refuse_controls(self, event: yaml.ScalarEvent) -> None:
        """A control character in a key or value: only an escape in double quotes gets here (raw ones are refused
        before parsing), so say which escape to delete. The position is the scalar's start."""
        match = CONTROL_CHARACTERS.search(event.value)
        if match:
            self._error(event, "CONTROL_CHARACTER", "escaped", position=match.start() + 1,
                        character=describe(match.group()))

    def _scalar(self, event: yaml.ScalarEvent, key: str | None) -> Any:
        self._refuse_controls(event)
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
            self._error(event, "YAML_AMBIGUOUS", "date", value=value)
            return value
        if _AMBIGUOUS.match(value):
            self._error(event, "YAML_AMBIGUOUS", "value", value=value)
            return value
        return value
