"""The rules engine (generator/engine/) runs unchanged in the browser under Pyodide, so it may import only the
standard library, its own modules and the typed model it evaluates (itself standard library only: see
tests/test_layers.py, which also checks that the browser's wheel carries exactly what the engine imports)."""
from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ENGINE = Path(__file__).resolve().parent.parent / "generator" / "engine"
FILES = sorted(ENGINE.rglob("*.py"))
ENGINE_MODEL = ("generator.model.condition", "generator.model.content", "generator.model.terms",
                "generator.model.text", "generator.model.vocabulary")
"""The typed model the engine evaluates: conditions, terms, a list's content, the facts and their wording."""


def forbidden_imports(source: str, depth: int = 0) -> list[str]:
    """Imports that are neither standard library, nor inside the engine package, nor of the engine's typed model.

    ``depth`` is how many folders below generator/engine/ the file is (a relative import is resolved from there).
    """
    package = ["generator", "engine", *(["sub"] * depth)]
    problems = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if not _allowed_absolute(alias.name):
                    problems.append(f"line {node.lineno}: import {alias.name}")
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                module = node.module or ""
            elif node.level > len(package):
                problems.append(f"line {node.lineno}: from {'.' * node.level}{node.module or ''} import ... "
                                "(leaves the generator package)")
                continue
            else:
                module = ".".join([*package[:len(package) - node.level + 1], *([node.module] if node.module else [])])
            targets = [module] if node.module or node.level == 0 else [f"{module}.{a.name}" for a in node.names]
            if not all(_allowed_absolute(target) or _allowed_absolute(f"{target}.{a.name}")
                       for target in targets for a in node.names):
                problems.append(f"line {node.lineno}: from {'.' * node.level}{node.module or ''} import ...")
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
    if any(module == allowed or module.startswith(allowed + ".") for allowed in ENGINE_MODEL):
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
    "from ..model import semantics",
    "from ..model.policy import ListRevision",
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
    "from ..model.condition import Condition",
    "from ..model import terms",
    "from generator.model.vocabulary import Fact",
    "import importlib\nimportlib.import_module('json')",
])
def test_checker_allows_stdlib_and_engine(source):
    assert forbidden_imports(source) == []
