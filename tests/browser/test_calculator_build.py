"""What the site build publishes for 资格自测 (no browser needed): only Pyodide's four files, the engine wheel under a
content-hashed path, a lock without packages (nothing can come from a CDN), and a page whose policy forbids inline
scripts and which has none."""
from __future__ import annotations

import hashlib
import json
import re
import zipfile
from pathlib import Path

import pytest

import qingdan_sitebuild as sitebuild  # registered by tests/browser/conftest.py

from generator.site.calculator.page import CSP, externalize_inline_scripts, inline_scripts
from generator.site.calculator.runtime import PYODIDE_FILES, RUNTIME_DIR, Pyodide, build_wheel

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return sitebuild.shared_build(tmp_path_factory, "real").require()


@pytest.fixture(scope="module")
def page_html(site) -> str:
    return (site / "calculator" / "index.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def settings(page_html) -> dict:
    block = re.search(r'<script id="qc-runtime" type="application/json">(.*?)</script>', page_html, re.S)
    return json.loads(block.group(1))


def test_only_the_four_pyodide_files_and_the_wheel_are_published(site):
    pyodide = Pyodide.from_node_modules(ROOT)
    runtime = site / RUNTIME_DIR
    published = sorted(p.relative_to(runtime).as_posix() for p in runtime.rglob("*") if p.is_file())
    assert [p for p in published if p.startswith("pyodide-")] == sorted(
        f"pyodide-{pyodide.version}/{name}" for name in PYODIDE_FILES)
    wheels = [p for p in published if not p.startswith("pyodide-")]
    assert len(wheels) == 1 and wheels[0].endswith("-py3-none-any.whl"), published
    for name in PYODIDE_FILES:  # unchanged copies of the pinned npm package
        assert (runtime / f"pyodide-{pyodide.version}" / name).read_bytes() == (pyodide.directory / name).read_bytes()
    assert pyodide.version == json.loads((ROOT / "package.json").read_text())["devDependencies"]["pyodide"]
    # Nothing else anywhere in the site is a copy of the runtime (e.g. the lock file or pyodide.js).
    assert not [p for p in site.rglob("pyodide*") if RUNTIME_DIR not in p.as_posix()]


def test_the_wheel_is_the_whole_generator_package_under_a_content_hash(site, settings):
    wheel = site / "calculator" / settings["wheel"]
    folder_hash = wheel.parent.name.rsplit("-", 1)[1]
    assert hashlib.sha256(wheel.read_bytes()).hexdigest().startswith(folder_hash), "the path carries the hash"
    assert "?" not in settings["wheel"], "loadPackage fails on a query string"
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        for source in (ROOT / "generator").rglob("*.py"):
            if "__pycache__" in source.parts:
                continue
            name = source.relative_to(ROOT).as_posix()
            assert name in names, name
            if name.startswith("generator/engine/"):
                assert archive.read(name) == source.read_bytes(), name
    assert (ROOT / "generator" / "__init__.py").read_text(encoding="utf-8").strip() == ""


def test_the_lock_has_no_packages_so_nothing_is_fetched_by_name(settings):
    assert settings["lock"]["packages"] == {}
    assert settings["lock"]["info"] == Pyodide.from_node_modules(ROOT).lock_info
    for key in ("pyodide", "wheel", "worker", "regions", "root"):
        assert "//" not in settings[key], f"{key} must be a relative URL on the same host"


def test_the_policy_comes_first_and_the_page_has_no_inline_script(page_html):
    head = page_html.split("</head>", 1)[0]
    meta = f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
    assert meta in head
    assert head.index(meta) < min(head.index(tag) for tag in ("<script", "<link", "<style") if tag in head)
    assert inline_scripts(page_html) == []
    assert not re.search(r"\son[a-z]+\s*=", page_html), "no inline event handlers either"


def test_the_theme_scripts_are_loaded_from_files_named_by_their_content(site, page_html):
    theme = re.findall(r'<script src="(theme-[0-9a-f]{12}\.js)"></script>', page_html)
    codes = [(site / "calculator" / name).read_text(encoding="utf-8") for name in theme]
    for name, code in zip(theme, codes):
        assert name == f"theme-{hashlib.sha256(code.encode()).hexdigest()[:12]}.js"
    # As many as the theme writes inline into another page, in the same order, the first defining __md_scope.
    originals = inline_scripts((site / "index.html").read_text(encoding="utf-8"))
    assert len(codes) == len(originals) and codes[1:] == originals[1:]
    assert codes[0].startswith("__md_scope=new URL(") and originals[0].startswith("__md_scope=new URL(")


def test_externalize_keeps_data_blocks_and_external_scripts():
    html = ('<script>var a=1</script><script type="application/json" id="x">{"a":1}</script>'
            '<script src="b.js"></script><script type="module">import "c"</script>')
    out, files = externalize_inline_scripts(html)
    assert out == (f'<script src="{list(files)[0]}"></script><script type="application/json" id="x">{{"a":1}}</script>'
                   f'<script src="b.js"></script><script type="module" src="{list(files)[1]}"></script>')
    assert list(files.values()) == ["var a=1", 'import "c"']
    assert inline_scripts(out) == []


def test_the_same_sources_give_the_same_wheel(tmp_path):
    first = build_wheel(ROOT, cache=tmp_path / "a")
    second = build_wheel(ROOT, cache=tmp_path / "b")
    assert first.read_bytes() == second.read_bytes()
    assert build_wheel(ROOT, cache=tmp_path / "a") == first, "a second build is a cache hit"
