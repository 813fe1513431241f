"""Issue 11.8: the whole Python dependency tree is locked in requirements.lock.txt — each package pinned with its
hashes, the direct dependencies (site, [test], build backend) at the versions pyproject.toml pins — and the
environment the tests run in holds exactly what the lock says (scripts/bootstrap.sh installs it with
--require-hashes, then the project with --no-deps)."""
from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements.lock.txt"
PINNED = re.compile(r"(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>\S+)(?:\s+--hash=sha256:[0-9a-f]{64})+")


def _locked() -> dict[str, str]:
    """Canonical name -> version of every requirement in the lock; each must be ``name==version --hash=…``."""
    logical = LOCK.read_text(encoding="utf-8").replace("\\\n", " ")
    locked: dict[str, str] = {}
    for line in logical.splitlines():
        requirement = line.split("#", 1)[0].strip()
        if not requirement:
            continue
        match = PINNED.fullmatch(requirement)
        assert match, f"requirements.lock.txt: not pinned with == and --hash: {requirement[:100]}"
        name = canonicalize_name(match["name"])
        assert name not in locked, f"requirements.lock.txt: {name} twice"
        locked[name] = match["version"]
    return locked


def test_every_locked_package_is_pinned_with_hashes():
    locked = _locked()
    assert len(locked) > 40, "the whole tree, not only the direct dependencies"
    lines = LOCK.read_text(encoding="utf-8").splitlines()
    header = lines[:next(i for i, line in enumerate(lines) if not line.startswith("#"))]
    assert "bash scripts/lock.sh" in "\n".join(header), "the comment at the top says how to regenerate it"


def test_direct_dependencies_are_locked_at_their_pinned_versions():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    direct = [*pyproject["build-system"]["requires"], *pyproject["project"]["dependencies"],
              *pyproject["project"]["optional-dependencies"]["test"]]
    locked = _locked()
    assert any(Requirement(text).name == "setuptools" for text in pyproject["build-system"]["requires"])
    for text in direct:
        requirement = Requirement(text)
        pins = [spec.version for spec in requirement.specifier if spec.operator == "=="]
        assert len(pins) == 1 and len(requirement.specifier) == 1, f"pyproject.toml: {text} is not pinned exactly"
        assert locked.get(canonicalize_name(requirement.name)) == pins[0], f"{text} vs the lock"


def test_the_environment_is_exactly_the_lock():
    """``pip freeze --all`` of the running environment, less the project itself and pip (it comes with the venv)."""
    freeze = subprocess.run([sys.executable, "-m", "pip", "freeze", "--all", "--exclude-editable"],
                            capture_output=True, text=True, timeout=120, check=True).stdout
    installed = {}
    for line in freeze.splitlines():
        if line.strip() and not line.startswith("#"):
            name, version = line.split("==")
            installed[canonicalize_name(name)] = version
    installed.pop("pip")
    installed.pop("qingdan", None)
    assert installed == _locked()
