"""What the site build publishes for 资格自测 (no browser needed): only Pyodide's four files, the engine wheel under a
content-hashed path, a lock without packages (nothing can come from a CDN), and a page whose policy forbids inline
scripts and which has none.

The wheel is made from the sources on every build (no cache anyone else could fill), byte for byte the same for the
same sources, installable by pip, checked against its RECORD once written, and made without network."""
from __future__ import annotations

import base64
import dataclasses
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import qingdan_sitebuild as sitebuild  # registered by tests/browser/conftest.py

from generator.site.calculator.page import CSP, externalize_inline_scripts
from generator.site.calculator.runtime import PYODIDE_FILES, QRCODE, RUNTIME_DIR, WHEEL_CONTENTS, \
    CalculatorBuildError, NpmFile, Pyodide, Runtime, Wheel, build_wheel, verify_wheel
from generator.site.csp import inline_scripts

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


def test_only_the_four_pyodide_files_the_wheel_and_the_qr_code_library_are_published(site):
    pyodide = Pyodide.from_node_modules(ROOT)
    runtime = site / RUNTIME_DIR
    published = sorted(p.relative_to(runtime).as_posix() for p in runtime.rglob("*")
                       if p.is_file() and p.suffix not in (".br", ".gz"))  # (the precompressed copies: issue 14)
    (folder,) = {p.split("/")[0] for p in published if p.startswith("pyodide-")}
    assert folder.startswith(f"pyodide-{pyodide.version}-"), "the version and a content hash"
    assert [p for p in published if p.startswith("pyodide-")] == sorted(f"{folder}/{name}" for name in PYODIDE_FILES)
    qrcode = NpmFile.from_node_modules(ROOT, *QRCODE)  # issue 15: the printout's QR code, drawn in the browser
    assert [p for p in published if p.startswith("qrcode-generator-")] == [qrcode.path.removeprefix(f"{RUNTIME_DIR}/")]
    assert (site / qrcode.path).read_bytes() == (ROOT / "node_modules" / QRCODE[0] / QRCODE[1]).read_bytes()
    assert qrcode.version == json.loads((ROOT / "package.json").read_text())["devDependencies"]["qrcode-generator"]
    wheels = [p for p in published if not p.startswith(("pyodide-", "qrcode-generator-"))]
    assert len(wheels) == 1 and wheels[0].endswith("-py3-none-any.whl"), published
    for name in PYODIDE_FILES:  # unchanged copies of the pinned npm package, but the trimmed stdlib (issue 14)
        if name != "python_stdlib.zip":
            assert (runtime / folder / name).read_bytes() == (pyodide.directory / name).read_bytes()
    assert (runtime / folder / "python_stdlib.zip").read_bytes() == Runtime.prepare(ROOT).stdlib
    assert pyodide.version == json.loads((ROOT / "package.json").read_text())["devDependencies"]["pyodide"]
    # Nothing else anywhere in the site is a copy of the runtime (e.g. the lock file or pyodide.js).
    assert not [p for p in site.rglob("pyodide*") if RUNTIME_DIR not in p.as_posix()]


ENGINE_WHEEL_FILES = [
    "generator/__init__.py",
    "generator/engine/__init__.py", "generator/engine/evaluate.py", "generator/engine/money.py",
    "generator/engine/profile.py",
    "generator/findings.py",
    "generator/model/__init__.py", "generator/model/condition.py", "generator/model/content.py",
    "generator/model/terms/__init__.py", "generator/model/terms/amount.py", "generator/model/terms/base.py",
    "generator/model/terms/count.py", "generator/model/terms/discount.py", "generator/model/terms/text.py",
    "generator/model/terms/time_limit.py", "generator/model/terms/voucher.py",
    "generator/model/text.py", "generator/model/vocabulary.py",
]
"""Issue 13: the browser gets the rules engine and the typed model it evaluates, nothing of loading, the site or the
command line."""


def test_the_wheel_is_the_engine_alone_under_a_content_hash(site, settings):
    wheel = site / "calculator" / settings["wheel"]
    folder_hash = wheel.parent.name.rsplit("-", 1)[1]
    assert hashlib.sha256(wheel.read_bytes()).hexdigest().startswith(folder_hash), "the path carries the hash"
    assert "?" not in settings["wheel"], "loadPackage fails on a query string"
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        packaged = [name for name in names if ".dist-info/" not in name]
        assert packaged == ENGINE_WHEEL_FILES
        for name in packaged:
            assert archive.read(name) == (ROOT / name).read_bytes(), name
        assert sorted(name.split("/")[-1] for name in names if ".dist-info/" in name) == \
            ["METADATA", "RECORD", "WHEEL", "top_level.txt"]
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


def _sources_copy(target: Path) -> Path:
    """pyproject.toml and WHEEL_CONTENTS copied to ``target``, without caches."""
    shutil.copy2(ROOT / "pyproject.toml", target / "pyproject.toml")
    for entry in WHEEL_CONTENTS:
        (target / entry).parent.mkdir(parents=True, exist_ok=True)
        if (ROOT / entry).is_file():
            shutil.copy2(ROOT / entry, target / entry)
        else:
            shutil.copytree(ROOT / entry, target / entry, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def _qingdan_build(out: Path, tmpdir: Path, *, offline: bool = False) -> subprocess.CompletedProcess:
    """``qingdan build --out OUT`` in a subprocess whose temporary directory is ``tmpdir``; ``offline``: in a new
    network namespace (loopback only), and pip told to use no index."""
    env = sitebuild.env(TMPDIR=str(tmpdir), **({"PIP_NO_INDEX": "1"} if offline else {}))
    prefix = ["unshare", "-n"] if offline else []
    return subprocess.run([*prefix, *sitebuild.QINGDAN, "build", "--out", str(out)], cwd=tmpdir, env=env,
                          capture_output=True, text=True, timeout=300)


def _published_wheel(site: Path) -> Path:
    wheels = sorted((site / RUNTIME_DIR).rglob("*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


def _with_entry(wheel: bytes, name: str, data: bytes, *, fix_record: bool) -> bytes:
    """A copy of the wheel whose entry ``name`` holds ``data``; with ``fix_record`` its RECORD says so too."""
    with zipfile.ZipFile(io.BytesIO(wheel)) as archive:
        entries = {info.filename: archive.read(info) for info in archive.infolist()}
    entries[name] = data
    if fix_record:
        record = next(entry for entry in entries if entry.endswith(".dist-info/RECORD"))
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        entries[record] = "".join(f"{name},sha256={digest},{len(data)}\n" if line.startswith(f"{name},") else line
                                  for line in entries[record].decode().splitlines(keepends=True)).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry, content in entries.items():
            archive.writestr(entry, content)
    return buffer.getvalue()


def test_the_same_sources_give_the_same_wheel(tmp_path):
    """Issue 11.6: the bytes depend on the sources only — not on when, where or from which file modes it is built."""
    first = build_wheel(ROOT)
    assert build_wheel(ROOT) == first
    copy = _sources_copy(tmp_path)
    for path in copy.rglob("*"):
        os.utime(path, (1_900_000_000, 1_900_000_000))
        path.chmod(0o700 if path.is_dir() else 0o600)
    assert build_wheel(copy).data == first.data
    with zipfile.ZipFile(io.BytesIO(first.data)) as archive:
        names = archive.namelist()
        assert {(info.date_time, info.external_attr >> 16) for info in archive.infolist()} == {
            ((1980, 1, 1, 0, 0, 0), 0o100644)}
    packaged = [name for name in names if ".dist-info/" not in name]
    assert packaged == sorted(packaged) and names[-1].endswith(".dist-info/RECORD"), "sorted, RECORD last"
    (copy / "generator" / "engine" / "evaluate.py").write_text("# changed\n", encoding="utf-8")
    assert build_wheel(copy).sha256 != first.sha256, "another engine gives another wheel, so another URL"


def test_no_wheel_is_taken_from_the_temp_dir(tmp_path):
    """Issue 11.6: a wheel planted in the (shared) temporary directory never reaches the site."""
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    first = _qingdan_build(tmp_path / "site-1", tmpdir)
    assert first.returncode == 0, first.stderr
    # What another local user could do to anything the build left there: replace it with a valid wheel of their own.
    for left in tmpdir.rglob("*.whl"):
        planted = "raise SystemExit('planted')\n".encode()
        left.write_bytes(_with_entry(left.read_bytes(), "generator/engine/evaluate.py", planted, fix_record=True))
    second = _qingdan_build(tmp_path / "site-2", tmpdir)
    assert second.returncode == 0, second.stderr
    with zipfile.ZipFile(_published_wheel(tmp_path / "site-2")) as archive:
        packaged = [name for name in archive.namelist() if ".dist-info/" not in name]
        altered = [name for name in packaged if archive.read(name) != (ROOT / name).read_bytes()]
    assert packaged and altered == [], "the site must publish a wheel made from the sources"
    assert _published_wheel(tmp_path / "site-2").read_bytes() == build_wheel(ROOT).data
    assert not list(tmpdir.rglob("*.whl")), "the build keeps no wheel in the temporary directory"


def test_the_site_builds_without_network(tmp_path):
    """Issue 11.7: no network at all (a new network namespace: loopback only), pip without an index, a cold TMPDIR."""
    isolated = subprocess.run(["unshare", "-n", sys.executable, "-c", "import socket; print(socket.if_nameindex())"],
                              capture_output=True, text=True, timeout=60)
    assert isolated.returncode == 0 and isolated.stdout.strip() == "[(1, 'lo')]", isolated.stdout + isolated.stderr
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    run = _qingdan_build(tmp_path / "site", tmpdir, offline=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert _published_wheel(tmp_path / "site").read_bytes() == build_wheel(ROOT).data


def test_pip_installs_the_wheel_offline_and_it_imports_the_engine(tmp_path):
    """The wheel's METADATA, WHEEL and RECORD are valid: pip installs it with no index and no dependencies. It is the
    engine's alone: no command line comes with it (issue 13)."""
    wheel = build_wheel(ROOT).write(tmp_path / "dist")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    install = subprocess.run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install",
                              "--no-index", "--no-deps", "--no-cache-dir", str(wheel)],
                             capture_output=True, text=True, timeout=300, env=sitebuild.env(PIP_NO_INDEX="1"))
    assert install.returncode == 0, install.stdout + install.stderr
    probe = ("import importlib.metadata as m, generator.engine as e; "
             "print(m.version('qingdan'), e.__file__.startswith(__import__('sys').prefix), hasattr(e, 'Engine'))")
    env = {k: v for k, v in sitebuild.env().items() if k != "PYTHONPATH"}
    imported = subprocess.run([str(venv / "bin" / "python"), "-c", probe], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=120)
    assert imported.stdout.split() == ["0.1.0", "True", "True"], imported.stdout + imported.stderr
    assert not (venv / "bin" / "qingdan").exists(), "the engine's wheel installs no command line"


def test_a_damaged_wheel_is_rejected_in_chinese(tmp_path):
    """Issue 11.6: the written wheel is checked against its RECORD; a damaged or altered one fails the build."""
    good = build_wheel(ROOT)
    name = "generator/engine/evaluate.py"
    damaged = {
        "altered": (_with_entry(good.data, name, b"print('x')\n", fix_record=False), f"{name} 的内容与 RECORD"),
        "added": (_with_entry(good.data, "generator/engine/extra.py", b"", fix_record=False),
                  "generator/engine/extra.py 不在 RECORD 清单中"),
        "truncated": (good.data[: len(good.data) // 2], "不是完整可读的 zip 文件"),
    }
    for kind, (data, reason) in damaged.items():
        path = tmp_path / kind / good.name
        path.parent.mkdir()
        path.write_bytes(data)
        with pytest.raises(CalculatorBuildError) as error:
            verify_wheel(path)
        assert f"规则引擎的 wheel 文件 {path} 已损坏" in str(error.value) and reason in str(error.value), kind
    verify_wheel(good.write(tmp_path / "good"))  # the real one passes
    # Publishing checks what it wrote: an altered wheel stops the build (the hook turns this into a PluginError).
    altered = Wheel(good.name, damaged["altered"][0])
    with pytest.raises(CalculatorBuildError, match="已损坏"):
        dataclasses.replace(Runtime.prepare(ROOT), wheel=altered).publish(tmp_path / "site")
