"""What the calculator page loads: the Pyodide runtime (from the pinned npm package), the project as a wheel, and the
QR-code library the printout's link is drawn with (one file of the pinned npm package qrcode-generator, as it is).

Only the four files Pyodide loads are published, under a folder named after their content hash (so that a web server
may let browsers keep them for good); ``python_stdlib.zip`` is trimmed to what the calculator imports (``stdlib``).
The wheel is made on every build from the project's own sources with the standard library alone (a pure-Python wheel
is a zip with three metadata files: nothing to fetch, so builds work offline, and no cache that anyone else could
fill). It is deterministic — sorted entries, fixed timestamps and permissions — so the same sources give the same
bytes, and it is published under a folder named after its content hash: the engine worker imports it by its file
name, and the path itself must change when the engine does (a query string would not). The published file is read
back and checked against its own RECORD before the build may succeed.
"""
from __future__ import annotations

import base64
import csv
import fnmatch
import hashlib
import io
import json
import re
import sys
import tomllib
import zipfile
import zlib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from generator.site.buildcache import cache_dir, cached, source_digest
from generator.site.calculator import stdlib as stdlib_module
from generator.site.calculator.stdlib import RECORDED, StaleRecord, members

PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
RUNTIME_DIR = "calculator/runtime"
"""Where the runtime files go, relative to the site root."""
QRCODE = ("qrcode-generator", "dist/qrcode.mjs")
"""The npm package and its ES module that draws the printout's QR code in the browser (no dependencies, MIT)."""

WHEEL_CONTENTS = ("generator/__init__.py", "generator/engine", "generator/findings.py", "generator/model/__init__.py",
                  "generator/model/condition.py", "generator/model/content.py", "generator/model/terms",
                  "generator/model/text.py", "generator/model/vocabulary.py")
"""What the wheel carries, relative to the project root: package folders (their modules and the data files that
pyproject.toml's package-data names) or single files. The browser runs the rules engine alone: generator/engine and
the typed model it evaluates (conditions, terms, list content, facts, and the rule type the terms declare their
comparison rules with), nothing of loading, checking, the site or the command line. This is the one place that says
what the browser gets; tests/test_layers.py checks that it is exactly what the engine imports."""
WHEEL_TAG = "py3-none-any"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can hold: no build time gets into the wheel
ZIP_FILE_MODE = 0o100644  # a regular file, rw-r--r--, whatever the source file's own mode


class CalculatorBuildError(Exception):
    """The calculator's runtime cannot be prepared; the message says what to do, in Chinese."""


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
    def lock(self) -> dict:
        """A lock file without packages: Pyodide then has nothing it could fetch by name (from a CDN or anywhere)."""
        return {"info": self.lock_info, "packages": {}}


@dataclass(frozen=True)
class NpmFile:
    """One file of a pinned npm package (package.json), published as it is under a folder named after its content."""

    package: str
    version: str
    name: str
    data: bytes

    @classmethod
    def from_node_modules(cls, root: Path, package: str, file: str) -> "NpmFile":
        directory = root / "node_modules" / package
        if not (directory / file).is_file() or not (directory / "package.json").is_file():
            raise CalculatorBuildError(f"找不到 npm 包 {package} 的文件（{directory / file}）。"
                                       "请先运行 bash scripts/bootstrap.sh 安装 npm 依赖。")
        version = json.loads((directory / "package.json").read_text(encoding="utf-8"))["version"]
        return cls(package, version, Path(file).name, (directory / file).read_bytes())

    @property
    def path(self) -> str:
        return f"{RUNTIME_DIR}/{self.package}-{self.version}-{hashlib.sha256(self.data).hexdigest()[:12]}/{self.name}"


def _record_hash(data: bytes) -> str:
    """A RECORD file's hash field: urlsafe base64 of the sha256, without padding."""
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def _packaged_files(root: Path, data_patterns: list[str], contents: tuple[str, ...]) -> dict[str, bytes]:
    """Archive name -> bytes of each file ``contents`` names: what setuptools would package, never a cache."""
    patterns = ["*.py", *data_patterns]
    files: dict[str, bytes] = {}
    for entry in contents:
        path = root / entry
        found = [path] if path.is_file() else [
            p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts
            and any(fnmatch.fnmatch(p.name, pattern) for pattern in patterns)]
        files.update((p.relative_to(root).as_posix(), p.read_bytes()) for p in found)
    return files


def _metadata(project: dict) -> str:
    """Core metadata (METADATA) from pyproject.toml's [project]: what pip reads when it installs the wheel. The engine
    uses the standard library only, so the wheel requires nothing (and has no command line to install)."""
    lines = ["Metadata-Version: 2.1", f"Name: {project['name']}", f"Version: {project['version']}",
             f"Summary: {project['description']}", f"Requires-Python: {project['requires-python']}"]
    return "\n".join(lines) + "\n"


def stored_zip(entries: dict[str, bytes]) -> bytes:
    """The entries, in the given order, as a zip that depends on nothing but their names and bytes. Stored, not
    deflated: the site's precompressed copy (Brotli, gzip) of the whole archive is much smaller than per-file
    deflate (generator/site/precompress.py)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            info = zipfile.ZipInfo(name, ZIP_DATE)
            info.external_attr = ZIP_FILE_MODE << 16
            info.create_system = 3  # Unix, so that the mode above is read
            info.compress_type = zipfile.ZIP_STORED
            archive.writestr(info, data)
    return buffer.getvalue()


@dataclass(frozen=True)
class Wheel:
    """A built wheel, held in memory: its file name (Pyodide and pip parse it) and its bytes."""

    name: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    def write(self, directory: Path) -> Path:
        """Write the wheel into ``directory`` and check the written file (see verify_wheel); returns its path."""
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / self.name
        path.write_bytes(self.data)
        verify_wheel(path)
        return path


def build_wheel(root: Path, contents: tuple[str, ...] = WHEEL_CONTENTS) -> Wheel:
    """The project as a pure-Python wheel of ``contents`` (the engine's: WHEEL_CONTENTS; the 县区清单编制 page's:
    generator/site/draft/runtime.py), made from the sources under ``root`` in memory."""
    pyproject = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    project = pyproject["project"]
    data_patterns = pyproject.get("tool", {}).get("setuptools", {}).get("package-data", {}).get("*", [])
    distribution = re.sub(r"[-_.]+", "_", project["name"]).lower()  # as the wheel file name spells it
    dist_info = f"{distribution}-{project['version']}.dist-info"
    files = _packaged_files(root, data_patterns, contents)
    entries = {name: files[name] for name in sorted(files)}
    entries[f"{dist_info}/METADATA"] = _metadata(project).encode()
    entries[f"{dist_info}/WHEEL"] = (f"Wheel-Version: 1.0\nGenerator: qingdan\nRoot-Is-Purelib: true\n"
                                      f"Tag: {WHEEL_TAG}\n").encode()
    entries[f"{dist_info}/top_level.txt"] = "".join(
        f"{top}\n" for top in sorted({entry.split("/")[0] for entry in contents})).encode()
    record = io.StringIO()
    writer = csv.writer(record, lineterminator="\n")
    writer.writerows([name, _record_hash(data), len(data)] for name, data in entries.items())
    writer.writerow([f"{dist_info}/RECORD", "", ""])
    entries[f"{dist_info}/RECORD"] = record.getvalue().encode()
    return Wheel(f"{distribution}-{project['version']}-{WHEEL_TAG}.whl", stored_zip(entries))


def verify_wheel(path: Path) -> None:
    """Check a wheel file against its RECORD: each entry listed once, with the sha256 and size of its content.

    Raises CalculatorBuildError (in Chinese, naming the file and the entry) for a damaged or altered wheel, so that
    such a wheel never reaches citizens' browsers.
    """
    def broken(reason: str) -> CalculatorBuildError:
        return CalculatorBuildError(f"规则引擎的 wheel 文件 {path} 已损坏：{reason}。这个文件不能发布；"
                                    "请重新运行构建，若仍出现此错误，请检查磁盘和构建目录是否被其他程序改动。")

    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            records = [name for name in names if name.endswith(".dist-info/RECORD")]
            if len(records) != 1:
                raise broken("其中没有（或不止一个）.dist-info/RECORD 清单")
            if len(set(names)) != len(names):
                raise broken("其中有重名的条目")
            listed = {row[0]: row[1:] for row in csv.reader(io.StringIO(archive.read(records[0]).decode()))
                      if row}
            for name in names:
                if name == records[0]:
                    continue
                if name not in listed:
                    raise broken(f"{name} 不在 RECORD 清单中")
                data = archive.read(name)
                if listed.pop(name) != [_record_hash(data), str(len(data))]:
                    raise broken(f"{name} 的内容与 RECORD 清单中的 sha256 哈希不符")
            listed.pop(records[0], None)
            if listed:
                raise broken(f"RECORD 清单列出的 {'、'.join(sorted(listed))} 不在 wheel 中")
    except (zipfile.BadZipFile, zlib.error, EOFError, UnicodeDecodeError) as exc:
        raise broken(f"不是完整可读的 zip 文件（{exc}）") from None


@dataclass(frozen=True)
class Runtime:
    """The files the calculator loads and where they are published (paths relative to the site root)."""

    pyodide: Pyodide
    wheel: Wheel
    stdlib: bytes
    """python_stdlib.zip as published: the recorded members only, stored (see generator/site/calculator/stdlib.py)."""
    qrcode: NpmFile

    @classmethod
    def prepare(cls, root: Path) -> "Runtime":
        pyodide = Pyodide.from_node_modules(root)
        source = pyodide.directory / "python_stdlib.zip"
        try:  # seconds of parsing, the same every build: kept (generator/site/buildcache.py)
            key = "|".join([hashlib.sha256(source.read_bytes()).hexdigest(), pyodide.version,
                            RECORDED.read_text(encoding="utf-8"), source_digest(stdlib_module, sys.modules[__name__])])
            stdlib = cached(cache_dir("stdlib"), key, lambda: stored_zip(members(source, pyodide.version)))
        except StaleRecord as exc:
            raise CalculatorBuildError(f"{exc}。请运行 .venv/bin/python tests/node/record_stdlib.py 重新记录"
                                       "（generator/site/calculator/stdlib-files.json）。") from None
        return cls(pyodide, build_wheel(root), stdlib, NpmFile.from_node_modules(root, *QRCODE))

    @cached_property
    def pyodide_files(self) -> dict[str, bytes]:
        """The published runtime files by name."""
        return {name: self.stdlib if name == "python_stdlib.zip" else (self.pyodide.directory / name).read_bytes()
                for name in PYODIDE_FILES}

    @cached_property
    def pyodide_path(self) -> str:
        digest = hashlib.sha256()
        for name, data in self.pyodide_files.items():
            digest.update(f"{name}\0{len(data)}\0".encode())
            digest.update(data)
        return f"{RUNTIME_DIR}/pyodide-{self.pyodide.version}-{digest.hexdigest()[:12]}/"

    @property
    def wheel_path(self) -> str:
        # The folder carries the content hash; the file keeps its wheel name (Pyodide parses it).
        return f"{RUNTIME_DIR}/{self.wheel.name.split('-')[0]}-{self.wheel.sha256[:16]}/{self.wheel.name}"

    def publish(self, site_dir: Path) -> list[Path]:
        """Copy the runtime into the built site; returns the files written. Raises CalculatorBuildError."""
        written = []
        pyodide_dir = site_dir / self.pyodide_path
        pyodide_dir.mkdir(parents=True, exist_ok=True)
        for name, data in self.pyodide_files.items():
            (pyodide_dir / name).write_bytes(data)
            written.append(pyodide_dir / name)
        written.append(self.wheel.write((site_dir / self.wheel_path).parent))
        qrcode = site_dir / self.qrcode.path
        qrcode.parent.mkdir(parents=True, exist_ok=True)
        qrcode.write_bytes(self.qrcode.data)
        written.append(qrcode)
        return written
