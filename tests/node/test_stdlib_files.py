"""Issue 14: the site publishes only the standard-library files the calculator imports under Pyodide, and the list
of them (generator/site/calculator/stdlib-files.json) is the one the real loading path gives now.

Recording runs the engine worker under Node on the full python_stdlib.zip (tests/node/record_stdlib.py); every case
then runs on the trimmed zip in tests/node/test_pyodide_cases.py.
"""
from __future__ import annotations

import io
import zipfile

from generator.site.calculator.runtime import Runtime
from generator.site.calculator.stdlib import recorded
from tests.node.record_stdlib import ROOT, record


def test_the_recorded_files_are_what_the_calculator_imports_now():
    assert recorded() == record(), "run .venv/bin/python tests/node/record_stdlib.py and commit the list"


def test_the_published_zip_holds_exactly_the_recorded_files_stored():
    with zipfile.ZipFile(io.BytesIO(Runtime.prepare(ROOT).stdlib)) as archive:
        infos = archive.infolist()
    assert sorted(info.filename for info in infos) == sorted(recorded()["files"])
    assert {info.compress_type for info in infos} == {zipfile.ZIP_STORED}, "the server's Brotli compresses it whole"
