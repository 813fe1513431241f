"""The layers of generator/ only point down the pipeline (issue 13, acceptance 2); the browser gets the engine alone.

The import graph is read from the source with :mod:`ast`, imports inside functions included. A *unit* is a
sub-package of generator/ (generator.model, generator.site…) or a module directly in it (generator.checking…).
:data:`LAYERS` is the intended order, bottom first: a unit may import units of its own layer or of a lower one, never
a higher one; no two modules, and no two units, import each other in a cycle.
"""
from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from generator.site.calculator.runtime import WHEEL_CONTENTS

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "generator"

LAYERS: list[tuple[str, set[str]]] = [
    # what a finding is and the rules that raise one; the exception tree; dates the user gives; the characters no
    # screen may show
    ("findings", {"generator.findings", "generator.errors", "generator.dates", "generator.textsafety"}),
    # the typed model: conditions, terms, a list's content, facts, the plan; their schema and semantic check
    ("model", {"generator.model"}),
    # the rules engine: the bottom of the pipeline, it imports the standard library and the typed model only
    ("engine", {"generator.engine"}),
    ("loading", {"generator.loading"}),
    ("derive and compare", {"generator.derive", "generator.compare"}),
    # the one check, giving the PolicySnapshot
    ("snapshot", {"generator.checking"}),
    # what the site and the command line both print or show: findings, the rule table, reports
    ("reporting", {"generator.reporting", "generator.rulebook", "generator.targets_report"}),
    ("site", {"generator.site"}),
    # the command line, and click's words in Chinese
    ("command line", {"generator.cli", "generator.usage"}),
]
RANK = {unit: rank for rank, (_, units) in enumerate(LAYERS) for unit in units}
ENGINE_IMPORTS = {"generator.model.condition", "generator.model.content", "generator.model.terms",
                  "generator.model.text", "generator.model.vocabulary"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py")) if "__pycache__" not in path.parts}


def imports_of(name: str, source: str) -> set[str]:
    """The generator modules ``name`` imports, wherever in the file (functions too), relative imports resolved."""
    is_package = MODULES[name].name == "__init__.py"
    package = name.split(".") if is_package else name.split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join([*package[:len(package) - node.level + 1], *([node.module] if node.module else [])])
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in MODULES:  # `import generator.site.urls` names the module itself
                target = target.rpartition(".")[0]
            if target.startswith("generator"):
                found.add(target)
    found.discard(name)
    return found


GRAPH = {name: imports_of(name, path.read_text(encoding="utf-8")) for name, path in MODULES.items()}


def unit_of(module: str) -> str:
    parts = module.split(".")
    return ".".join(parts[:2]) if len(parts) > 1 else module


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one member (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_graph_is_read_with_imports_inside_functions():
    # the site's hooks import the generator only inside their functions (see generator/site/hooks.py)
    assert "generator.site.assemble" in GRAPH["generator.site.hooks"]
    assert {"generator.checking", "generator.reporting"} <= GRAPH["generator.site.build"]
    assert "generator.model.condition" in GRAPH["generator.engine.evaluate"]


def test_every_unit_has_a_layer():
    assert sorted({unit_of(m) for m in MODULES} - set(RANK) - {"generator"}) == []


def test_no_import_points_up_the_pipeline():
    upward = [f"{module} ({LAYERS[RANK[unit_of(module)]][0]}) imports {target} ({LAYERS[RANK[unit_of(target)]][0]})"
              for module, targets in GRAPH.items() if module != "generator"
              for target in sorted(targets) if target != "generator"
              and RANK[unit_of(target)] > RANK[unit_of(module)]]
    assert upward == []


def test_no_module_cycle():
    assert cycles(GRAPH) == []


def test_no_package_cycle():
    units: dict[str, set[str]] = {}
    for module, targets in GRAPH.items():
        units.setdefault(unit_of(module), set()).update(unit_of(t) for t in targets if unit_of(t) != unit_of(module))
    assert cycles(units) == []


def test_the_engine_imports_only_the_typed_model():
    outside = {target for module, targets in GRAPH.items() if unit_of(module) == "generator.engine"
               for target in targets if unit_of(target) != "generator.engine"}
    assert outside <= ENGINE_IMPORTS, outside - ENGINE_IMPORTS


def _wheel_modules() -> set[str]:
    carried = set()
    for entry in WHEEL_CONTENTS:
        path = ROOT / entry
        files = [path] if path.is_file() else [p for p in path.rglob("*.py") if "__pycache__" not in p.parts]
        carried |= {module_name(p) for p in files}
    return carried


def test_the_browser_wheel_is_exactly_what_the_engine_needs():
    """The engine's modules and everything they import, transitively: no more (nothing of loading, checking, the
    site or the command line) and no less (the browser imports it all)."""
    needed, todo = set(), [m for m in MODULES if unit_of(m) == "generator.engine"]
    while todo:
        module = todo.pop()
        if module not in needed:
            needed.add(module)
            todo.extend(GRAPH[module])
    assert _wheel_modules() == needed | {"generator", "generator.model"}


@pytest.mark.parametrize("module", sorted(_wheel_modules()))
def test_the_wheel_uses_the_standard_library_only(module):
    tops = set()
    for node in ast.walk(ast.parse(MODULES[module].read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            tops |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            tops.add((node.module or "").split(".")[0])
    assert tops - {"generator", "__future__"} <= set(sys.stdlib_module_names)


def test_no_site_module_compares_or_checks():
    """The snapshot has compared and checked: the site takes from generator.compare only the types and labels of its
    results (capitalised names), and never runs a comparison, a diff or the check itself — except the 县区清单编制
    page's session, which runs ``qingdan check`` in the editor's browser on a draft the build never saw."""
    found = []
    for name, path in MODULES.items():
        if unit_of(name) != "generator.site":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and "compare" in (node.module or "").split("."):
                found += [f"{name}: {alias.name}" for alias in node.names if not alias.name[:1].isupper()]
            if isinstance(node, ast.Name) and node.id in ("compare_lists", "diff_lists", "find_counterexample"):
                found.append(f"{name}: {node.id}")
    calls_check = [name for name, path in MODULES.items() if unit_of(name) == "generator.site"
                   and "check_policy" in path.read_text(encoding="utf-8")]
    assert found == [] and calls_check == ["generator.site.assemble", "generator.site.build",
                                           "generator.site.draft.session"]
