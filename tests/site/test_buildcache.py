"""generator/site/buildcache.py: slow build results kept between builds, never published from a damaged entry."""
from __future__ import annotations

import os
from pathlib import Path

from generator.site import buildcache


def test_a_result_is_made_once_and_a_damaged_entry_is_made_again(tmp_path: Path):
    made = []

    def make() -> bytes:
        made.append(1)
        return "图表".encode("utf-8") * 100

    first = buildcache.cached(tmp_path, "key", make)
    assert buildcache.cached(tmp_path, "key", make) == first and len(made) == 1
    assert buildcache.cached(tmp_path, "another key", make) == first and len(made) == 2
    for entry in tmp_path.iterdir():  # a damaged disk, an interrupted copy
        data = entry.read_bytes()
        entry.write_bytes(data[:-3] + b"xyz")
    assert buildcache.cached(tmp_path, "key", make) == first and len(made) == 3
    assert buildcache.cached(tmp_path, "key", make, accept=lambda kept: False) == first and len(made) == 4


def test_a_cache_that_cannot_be_written_only_costs_time(tmp_path: Path):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    assert buildcache.cached(blocked / "cache", "key", lambda: b"x") == b"x"
    assert buildcache.cached(None, "key", lambda: b"y") == b"y"
    assert not list(tmp_path.glob("**/*.tmp"))


def test_the_key_changes_with_the_code_that_makes_the_result(tmp_path: Path):
    module = tmp_path / "maker.py"
    module.write_text("A = 1\n")

    class Module:
        __file__ = os.fspath(module)

    before = buildcache.source_digest(Module)
    module.write_text("A = 2\n")
    assert buildcache.source_digest(Module) != before
