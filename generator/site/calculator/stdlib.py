"""The Python standard library the calculator publishes: only the files it imports under Pyodide, stored uncompressed.

Pyodide's ``python_stdlib.zip`` holds the whole standard library (9.6 MB of sources, deflated to 2.5 MB, which the
web server cannot compress any further). The calculator imports a small part of it. :data:`RECORDED` lists those
files; it is written by running the calculator's real loading path under Node (the engine worker boots Pyodide, loads
the engine wheel and every region's list, and evaluates every citizen case and the error paths), never by hand::

    .venv/bin/python tests/node/record_stdlib.py

tests/node/test_stdlib_files.py fails when the list is out of date (a new Pyodide, an engine that imports something
new). The published zip holds exactly those members, *stored*: the web server's Brotli or gzip then compresses the
whole archive at once, much better than zip's per-file deflate.

Each member is also published as Python runs it with ``-OO`` (which the standard library supports), without
comments: a docstring becomes ``0`` and a comment goes, on the same lines, so tracebacks keep their line numbers. A
member is rewritten only when this interpreter parses it and the rewritten module's syntax tree is the original's
with its docstrings replaced, node for node; a file in newer syntax, or Pyodide's own packages (whose docstrings
serve its JavaScript API), stay as they are.
"""
from __future__ import annotations

import ast
import io
import json
import tokenize
import zipfile
from pathlib import Path

RECORDED = Path(__file__).with_name("stdlib-files.json")
KEEP_AS_IS = ("_pyodide/", "pyodide/")
_DOCUMENTED = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)


class StaleRecord(Exception):
    """The recorded list does not fit this Pyodide (another version, or files it does not have)."""


def recorded() -> dict:
    """{"pyodide": version, "files": [member, ...]} as recorded."""
    return json.loads(RECORDED.read_text(encoding="utf-8"))


def members(source: Path, version: str, record: dict | None = None) -> dict[str, bytes]:
    """The recorded members of ``source`` (Pyodide's python_stdlib.zip, of Pyodide ``version``), sorted by name.
    Raises StaleRecord (in Chinese)."""
    record = record or recorded()
    if record["pyodide"] != version:
        raise StaleRecord(f"记录的是 Pyodide {record['pyodide']} 用到的标准库文件，现在装的是 Pyodide {version}")
    with zipfile.ZipFile(source) as original:
        present = set(original.namelist())
        missing = [name for name in record["files"] if name not in present]
        if missing:
            raise StaleRecord(f"python_stdlib.zip 中没有记录的 {'、'.join(missing[:5])}")
        return {name: _smaller(name, original.read(name)) for name in sorted(record["files"])}


def _docstrings(tree: ast.Module) -> list[ast.Constant]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, _DOCUMENTED) and node.body and isinstance(node.body[0], ast.Expr) \
                and isinstance(node.body[0].value, ast.Constant) and isinstance(node.body[0].value.value, str):
            found.append(node.body[0].value)
    return found


def _smaller(name: str, data: bytes) -> bytes:
    """The member without comments and docstrings (see the module docstring), or as it is."""
    if not name.endswith(".py") or name.startswith(KEEP_AS_IS):
        return data
    try:
        source = data.decode("utf-8")
        tree = ast.parse(source)
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (UnicodeDecodeError, SyntaxError, tokenize.TokenError, ValueError):
        return data
    spans = [((d.lineno, d.col_offset), (d.end_lineno, d.end_col_offset)) for d in _docstrings(tree)]
    kept = []
    for token in tokens:
        if token.type == tokenize.COMMENT:
            continue
        span = next((s for s in spans if s[0] <= token.start and token.end <= s[1]), None)
        if span is not None and token.type == tokenize.STRING:
            if token.start != span[0]:
                continue  # a further part of an implicitly concatenated docstring
            token = token._replace(string="0", end=(token.start[0], token.start[1] + 1))
        kept.append(token)
    try:
        smaller = tokenize.untokenize(kept)
        rewritten = ast.parse(smaller)
    except (SyntaxError, ValueError):
        return data
    for docstring in _docstrings(tree):
        docstring.value = 0
    if ast.dump(rewritten) != ast.dump(tree):
        return data
    return smaller.encode("utf-8")
