"""Build results that take seconds and come out the same from the same input, kept between builds.

The site's slow parts do not change from one build to the next unless their input does: Brotli of the 9.6 MB
WebAssembly file (about half a minute), the trimmed standard library (seconds of parsing), the statistics' charts
(matplotlib, tens of milliseconds each, over a hundred of them). Each result is kept in
``build/cache/<kind>/<SHA-256 of its input>`` under the project root, with the SHA-256 of the result itself on its
first line: an entry that does not match it (a damaged disk, an interrupted copy) is made again, never published.
The input's key names everything the result depends on, the code that makes it included (:func:`source_digest`).

Writing is atomic (a temporary file, then a rename), so parallel builds may share the cache; a cache that cannot be
written (a read-only checkout) only costs time.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Callable

from . import paths


def cache_dir(kind: str) -> Path:
    return paths.project_root() / "build" / "cache" / kind


def source_digest(*modules) -> str:
    """The SHA-256 of the given modules' source files, every module of a package included: a key part that changes
    whenever the code that makes the result does."""
    digest = hashlib.sha256()
    for module in modules:
        file = Path(module.__file__)
        folder = file.parent
        files = sorted(folder.rglob("*.py")) if hasattr(module, "__path__") else [file]
        for file in files:
            digest.update(file.relative_to(folder).as_posix().encode("utf-8") + b"\0" + file.read_bytes())
    return digest.hexdigest()


def cached(directory: Path | None, key: str, make: Callable[[], bytes],
           accept: Callable[[bytes], bool] = lambda _: True) -> bytes:
    """The result kept in ``directory`` (:func:`cache_dir`; None: no cache) for ``key`` (any text naming the whole
    input), else ``make()``, kept for next time. ``accept`` may check a kept result further (e.g. that it
    decompresses to its input)."""
    if directory is None:
        return make()
    entry = directory / hashlib.sha256(key.encode("utf-8")).hexdigest()
    try:
        recorded, _, kept = entry.read_bytes().partition(b"\n")
        if recorded.decode("ascii") == hashlib.sha256(kept).hexdigest() and accept(kept):
            return kept
    except (OSError, UnicodeDecodeError):
        pass
    result = make()
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        partial = entry.with_name(f"{entry.name}.{os.getpid()}.tmp")
        partial.write_bytes(hashlib.sha256(result).hexdigest().encode("ascii") + b"\n" + result)
        partial.replace(entry)
    except OSError:
        pass
    return result
