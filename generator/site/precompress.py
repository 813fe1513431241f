"""Precompressed copies of the built site's files: ``X.br`` (Brotli) and ``X.gz`` (gzip) beside every compressible X.

A web server with ``brotli_static`` / ``gzip_static`` (nginx; see deploy/nginx.conf) or the project's own preview
server (generator/site/calculator/serving.py) then sends them to a browser that accepts them, at the best
compression, without compressing anything per request. The calculator's runtime is the point: the WebAssembly file
is 9.6 MB as it is, 2.7 MB in Brotli at quality 11.

Both are deterministic (no timestamp, no file name in the gzip header), so the same site gives the same bytes. Brotli
at quality 11 takes about half a minute for the WebAssembly file, and seconds for the pages; most files do not change
from one build to the next, so each compressed result is kept in a cache folder (``buildcache``) and checked on every use (it is
decompressed and compared with the file), so a damaged or altered cache entry is never published.
"""
from __future__ import annotations

import concurrent.futures
import gzip
import hashlib
import os
from pathlib import Path
from typing import Callable

import brotli

from .buildcache import cached

COMPRESSIBLE = {".html", ".css", ".js", ".mjs", ".json", ".svg", ".wasm", ".zip", ".whl", ".xml", ".txt", ".map",
                ".csv", ".md", ".ico", ".webmanifest"}
"""What compresses (the calculator's zips are stored: generator/site/calculator/runtime.py); images, fonts and the
compressed copies themselves do not."""
MIN_SIZE = 256  # below this the headers cost more than compression saves
ENCODINGS = {".br": lambda data: brotli.compress(data, quality=11),
             ".gz": lambda data: gzip.compress(data, compresslevel=9, mtime=0)}
DECODERS = {".br": brotli.decompress, ".gz": gzip.decompress}


def compressible(path: Path) -> bool:
    return path.suffix in COMPRESSIBLE and path.stat().st_size >= MIN_SIZE


def _decodes_to(data: bytes, suffix: str) -> Callable[[bytes], bool]:
    def accept(kept: bytes) -> bool:
        try:
            return DECODERS[suffix](kept) == data
        except (brotli.error, gzip.BadGzipFile, EOFError, OSError):
            return False
    return accept


def _compressed(data: bytes, suffix: str, cache: Path | None) -> bytes:
    return cached(cache, f"{hashlib.sha256(data).hexdigest()}{suffix}", lambda: ENCODINGS[suffix](data),
                  _decodes_to(data, suffix))


def _write(path: Path, cache: Path | None) -> None:
    data = path.read_bytes()
    for suffix in ENCODINGS:
        out = _compressed(data, suffix, cache)
        if len(out) < len(data):
            path.with_name(path.name + suffix).write_bytes(out)


def precompress_site(site_dir: Path, cache: Path | None = None) -> int:
    """Write ``.br`` and ``.gz`` beside every compressible file of ``site_dir``; returns how many files were
    compressed. Compression runs in threads (both libraries release the GIL), the largest files first."""
    files = sorted((p for p in site_dir.rglob("*") if p.is_file() and compressible(p)),
                   key=lambda p: -p.stat().st_size)
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        for future in [pool.submit(_write, path, cache) for path in files]:
            future.result()
    return len(files)
