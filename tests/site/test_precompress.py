"""Issue 14: the build writes precompressed copies beside every compressible file (generator/site/precompress.py).

Every HTML, CSS, JavaScript, JSON and SVG file, the WebAssembly runtime and the stdlib zip has an ``X.br`` and an
``X.gz`` that decode to exactly ``X``; the copies are deterministic (no timestamp or name in the gzip header); a
damaged cache entry is never published.
"""
from __future__ import annotations

import gzip
from pathlib import Path

import brotli

from generator.site.calculator.runtime import RUNTIME_DIR
from generator.site.precompress import precompress_site


def test_every_compressible_file_has_both_copies_that_decode_to_it(real_site):
    kinds = {".html", ".css", ".js", ".mjs", ".json", ".svg", ".wasm", ".zip", ".whl"}
    files = [p for p in real_site.rglob("*") if p.is_file() and p.suffix in kinds and p.stat().st_size >= 256]
    assert kinds - {".svg"} <= {p.suffix for p in files}  # (the theme writes its icons into the pages)
    for path in files:
        data = path.read_bytes()
        assert brotli.decompress(path.with_name(path.name + ".br").read_bytes()) == data, path
        packed = path.with_name(path.name + ".gz").read_bytes()
        assert gzip.decompress(packed) == data, path
        assert packed[4:8] == b"\0\0\0\0" and not packed[3] & 0x08, f"{path}: a timestamp or name in the header"
    runtime = {p.name for p in (real_site / RUNTIME_DIR).rglob("*.br")}
    assert {"pyodide.asm.wasm.br", "python_stdlib.zip.br", "pyodide.asm.mjs.br", "pyodide.mjs.br"} <= runtime


def test_the_same_files_give_the_same_bytes_and_a_bad_cache_entry_is_not_used(tmp_path: Path):
    site = tmp_path / "site"
    site.mkdir()
    big = bytes(range(256)) * 8192  # 2 MiB: cached
    (site / "a.wasm").write_bytes(big)
    (site / "b.html").write_text("<p>清单</p>" * 100, encoding="utf-8")
    (site / "tiny.css").write_text("a{}", encoding="utf-8")
    (site / "c.png").write_bytes(b"\x89PNG" + bytes(1000))
    cache = tmp_path / "cache"
    assert precompress_site(site, cache) == 2
    first = {p.name: p.read_bytes() for p in site.iterdir()}
    assert sorted(first) == ["a.wasm", "a.wasm.br", "a.wasm.gz", "b.html", "b.html.br", "b.html.gz", "c.png",
                             "tiny.css"]
    for entry in cache.iterdir():  # someone damages the cache
        entry.write_bytes(b"not what it was")
    for name in ("a.wasm.br", "a.wasm.gz", "b.html.br", "b.html.gz"):
        (site / name).unlink()
    precompress_site(site, cache)
    assert {p.name: p.read_bytes() for p in site.iterdir()} == first


def test_the_preview_server_sends_the_precompressed_copies_as_nginx_does(tmp_path: Path):
    """generator/site/calculator/serving.py: the .br to a browser that takes Brotli, else the .gz, else the file;
    the content-hashed runtime may be kept for good, everything else is revalidated."""
    import urllib.request

    from generator.site.calculator.serving import StaticServer

    runtime = tmp_path / RUNTIME_DIR / "pyodide-x-0123456789ab"
    runtime.mkdir(parents=True)
    (tmp_path / "data.json").write_text('{"清单": 1}' * 100, encoding="utf-8")
    (runtime / "pyodide.asm.wasm").write_bytes(b"\0asm" + bytes(4000))
    precompress_site(tmp_path)
    with StaticServer(tmp_path) as server:
        for path in ("data.json", f"{RUNTIME_DIR}/pyodide-x-0123456789ab/pyodide.asm.wasm"):
            for accept, encoding, suffix in (("gzip, deflate, br", "br", ".br"), ("gzip", "gzip", ".gz"),
                                             ("identity", None, "")):
                request = urllib.request.Request(server.url + path, headers={"Accept-Encoding": accept})
                with urllib.request.urlopen(request) as response:
                    assert response.headers.get("Content-Encoding") == encoding, (path, accept)
                    assert response.read() == (tmp_path / (path + suffix)).read_bytes()
                    immutable = "immutable" in response.headers["Cache-Control"]
                    assert immutable == path.startswith(RUNTIME_DIR), path
        assert server.sent  # counted
