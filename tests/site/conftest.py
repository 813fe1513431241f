"""Fixtures for the site tests: the real and the fixture site, each built once per test run."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest


def load_sitebuild():
    """tests/site/sitebuild.py as the module ``qingdan_sitebuild`` (test folders are not packages)."""
    name = "qingdan_sitebuild"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).resolve().with_name("sitebuild.py"))
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


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
