"""Fixtures for the site tests: the real and the fixture site, each built once per test run."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import load_sitebuild

sitebuild = load_sitebuild()


@pytest.fixture(scope="session")
def real_build(tmp_path_factory):
    """The result of ``mkdocs build --strict`` at the repository root."""
    return sitebuild.shared_build(tmp_path_factory, "real")


@pytest.fixture(scope="session")
def real_site(real_build) -> Path:
    return real_build.require()


@pytest.fixture(scope="session")
def fixture_build(tmp_path_factory):
    """The result of ``qingdan build`` from policy/ plus a superseding fixture revision full of markup."""
    return sitebuild.shared_build(tmp_path_factory, "fixture")


@pytest.fixture(scope="session")
def fixture_site(fixture_build) -> Path:
    return fixture_build.require()
