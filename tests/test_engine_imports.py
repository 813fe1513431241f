"""The rules engine (generator/engine/) runs unchanged in the browser under Pyodide, so it may import only the
standard library and its own modules."""
from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ENGINE = Path(__file__).resolve().parent.parent / "generator" / "engine"
FILES = sorted(ENGINE.rglob("*.py"))


def forbidden_imports(source: str, depth: int = 0) -> list[str]:
    """Imports that are neither standard library nor inside the engine package.

    ``depth`` is how many folders below generator/engine/ the file is (a relative import may climb that far).
    """
    problems = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if not _allowed_absolute(alias.name):
                    problems.append(f"line {node.lineno}: import {alias.name}")
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                if not _allowed_absolute(node.module or ""):
                    problems.append(f"line {node.lineno}: from {node.module} import ...")
            elif node.level > depth + 1:
                problems.append(f"line {node.lineno}: from {'.' * node.level}{node.module or ''} import ... "
                                "(leaves the engine package)")
        elif isinstance(node, ast.Call):
            name = ast.unparse(node.func)
            if name in ("__import__", "importlib.import_module", "import_module"):
                target = node.args[0] if node.args else None
                if not (isinstance(target, ast.Constant) and isinstance(target.value, str)
                        and _allowed_absolute(target.value)):
                    problems.append(f"line {node.lineno}: dynamic import {ast.unparse(node)}")
    return problems


def _allowed_absolute(module: str) -> bool:
    top = module.split(".")[0]
    if module == "generator.engine" or module.startswith("generator.engine."):
        return True
    return top in sys.stdlib_module_names and top != "generator"


def test_engine_has_python_files():
    assert ENGINE / "__init__.py" in FILES and ENGINE / "evaluate.py" in FILES


@pytest.mark.parametrize("file", FILES, ids=[str(f.relative_to(ENGINE)) for f in FILES])
def test_engine_file_imports_only_stdlib_and_engine(file):
    depth = len(file.relative_to(ENGINE).parts) - 1
    assert forbidden_imports(file.read_text(encoding="utf-8"), depth) == []


@pytest.mark.parametrize("source", [
    "import yaml",
    "import jsonschema.validators",
    "from click import echo",
    "from ..loading import yamlsafe",
    "from ...findings import Finding",
    "from generator.model import compile",
    "import generator.findings",
    "from generator import cli",
    "__import__('yaml')",
    "import importlib\nimportlib.import_module(name)",
    "def f():\n    import jinja2",
])
def test_checker_catches_forbidden_imports(source):
    assert forbidden_imports(source) != []


@pytest.mark.parametrize("source", [
    "from __future__ import annotations",
    "import difflib, json, re",
    "from dataclasses import dataclass, field",
    "from .logic import evaluate",
    "from . import render",
    "from generator.engine.logic import Outcome",
    "import importlib\nimportlib.import_module('json')",
])
def test_checker_allows_stdlib_and_engine(source):
    assert forbidden_imports(source) == []
