"""What the calculator page loads: the Pyodide runtime (from the pinned npm package) and the project as a wheel.

Only the four files Pyodide loads are published. The wheel is built from the project's own sources with
``pip wheel --no-deps`` (the engine is pure Python, so no Pyodide build tooling is needed) and published under a
folder named after its content hash: ``loadPackage`` takes the wheel's URL and fails on a query string, so the path
itself must change when the engine does.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
RUNTIME_DIR = "calculator/runtime"
"""Where the runtime files go, relative to the site root."""

# What `pip wheel` needs from the project: its metadata and the `generator` package (README is pyproject's readme).
WHEEL_SOURCES = ("pyproject.toml", "README.md")
PACKAGE = "generator"
# The same sources always give the same wheel bytes (zip timestamps come from here), so the same hash.
SOURCE_DATE_EPOCH = "315532800"  # 1980-01-01
WHEEL_CACHE = Path(tempfile.gettempdir()) / "qingdan-calculator-wheels"


class CalculatorBuildError(Exception):
    """The calculator's runtime cannot be prepared; the message says what to do, in Chinese."""


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Pyodide:
    """The Pyodide runtime as installed by npm from package.json (pinned exactly)."""

    directory: Path
    version: str
    lock_info: dict

    @classmethod
    def from_node_modules(cls, root: Path) -> "Pyodide":
        directory = root / "node_modules" / "pyodide"
        needed = (*PYODIDE_FILES, "package.json", "pyodide-lock.json")
        missing = [name for name in needed if not (directory / name).is_file()]
        if missing:
            raise CalculatorBuildError(
                f"找不到 Pyodide 运行时文件（{directory}：{'、'.join(missing)}）。"
                "请先运行 bash scripts/bootstrap.sh 安装 npm 依赖。")
        version = json.loads((directory / "package.json").read_text(encoding="utf-8"))["version"]
        info = json.loads((directory / "pyodide-lock.json").read_text(encoding="utf-8"))["info"]
        return cls(directory, version, info)

    @property
    def size(self) -> int:
        """Bytes of the published files (before any compression): the page shows download progress against it."""
        return sum((self.directory / name).stat().st_size for name in PYODIDE_FILES)

    @property
    def lock(self) -> dict:
        """A lock file without packages: Pyodide then has nothing it could fetch by name (from a CDN or anywhere)."""
        return {"info": self.lock_info, "packages": {}}


def _wheel_inputs(root: Path) -> list[Path]:
    files = [root / name for name in WHEEL_SOURCES]
    files += sorted(path for path in (root / PACKAGE).rglob("*")
                    if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc")
    return files


def _sources_key(root: Path, files: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:20]


def build_wheel(root: Path, cache: Path = WHEEL_CACHE) -> Path:
    """The project as a pure-Python wheel (the whole ``generator`` package), rebuilt only when its sources change.

    The sources are copied to a temporary folder first, so the build writes nothing into the project and two builds
    may run at once.
    """
    files = _wheel_inputs(root)
    target = cache / _sources_key(root, files)
    built = sorted(target.glob("*.whl"))
    if built:
        return built[0]
    with tempfile.TemporaryDirectory(prefix="qingdan-wheel-") as tmp:
        source, out = Path(tmp, "src"), Path(tmp, "out")
        for path in files:
            copy = source / path.relative_to(root)
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, copy)
        env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, "PIP_DISABLE_PIP_VERSION_CHECK": "1",
               "PYTHONDONTWRITEBYTECODE": "1"}
        command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", str(out), str(source)]
        proc = subprocess.run(command, capture_output=True, text=True, env=env)
        wheels = sorted(out.glob("*.whl"))
        if proc.returncode != 0 or len(wheels) != 1:
            lines = [line for line in (proc.stderr + proc.stdout).splitlines() if "is ignored" not in line]
            raise CalculatorBuildError("用 pip wheel 构建规则引擎的 wheel 失败：\n" + "\n".join(lines[-30:]))
        cache.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=cache, prefix=".tmp-"))
        shutil.move(str(wheels[0]), staging / wheels[0].name)
        try:
            staging.rename(target)
        except OSError:  # another build finished the same wheel first
            shutil.rmtree(staging, ignore_errors=True)
    return sorted(target.glob("*.whl"))[0]


@dataclass(frozen=True)
class Runtime:
    """The files the calculator loads and where they are published (paths relative to the site root)."""

    pyodide: Pyodide
    wheel: Path

    @classmethod
    def prepare(cls, root: Path) -> "Runtime":
        return cls(Pyodide.from_node_modules(root), build_wheel(root))

    @property
    def pyodide_path(self) -> str:
        return f"{RUNTIME_DIR}/pyodide-{self.pyodide.version}/"

    @property
    def wheel_path(self) -> str:
        # The folder carries the content hash; the file keeps its wheel name (Pyodide parses it).
        return f"{RUNTIME_DIR}/{self.wheel.name.split('-')[0]}-{_sha256(self.wheel.read_bytes())[:16]}/{self.wheel.name}"

    def publish(self, site_dir: Path) -> list[Path]:
        """Copy the runtime into the built site; returns the files written."""
        written = []
        pyodide_dir = site_dir / self.pyodide_path
        pyodide_dir.mkdir(parents=True, exist_ok=True)
        for name in PYODIDE_FILES:
            written.append(Path(shutil.copyfile(self.pyodide.directory / name, pyodide_dir / name)))
        wheel = site_dir / self.wheel_path
        wheel.parent.mkdir(parents=True, exist_ok=True)
        written.append(Path(shutil.copyfile(self.wheel, wheel)))
        return written
