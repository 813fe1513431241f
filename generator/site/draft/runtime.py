"""What the 县区清单编制 page loads beyond the calculator's Pyodide runtime (whose pyodide.mjs, pyodide.asm.mjs and
WebAssembly it shares, from the same content-hashed folder: generator/site/calculator/runtime.py).

- the project's loading, derivation, comparison and check as a wheel, made from its sources on every build by the
  calculator's wheel builder (:data:`WHEEL_CONTENTS`);
- ``vendor.zip``: the pure-Python packages the check needs — PyYAML's Python part, taken from the hash-checked install
  in the build's own environment (requirements.lock.txt) without its compiled ``_yaml``, and jsonschema 4.17.3 with
  pyrsistent and attrs, the wheels scripts/bootstrap.sh downloaded into :data:`WHEELS` and this build checks against
  requirements-browser.lock.txt (the newer jsonschema needs rpds-py, compiled Rust that no Pyodide wheel on PyPI
  provides). The zip is put on ``sys.path`` as it is (zipimport);
- Pyodide's own, full ``python_stdlib.zip`` (the calculator publishes a copy trimmed to what its engine imports);
- ``policy.json``: the files a draft is checked against — the vocabulary, the schemas, every list a county may
  derive from (regions that are not counties) and the official texts they cite.

Every file is published under a folder of :data:`RUNTIME_DIR` named after its content hash, like the calculator's
runtime.
"""
from __future__ import annotations

import hashlib
import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.site.calculator.runtime import CalculatorBuildError, Pyodide, Wheel, build_wheel, stored_zip

WHEEL_CONTENTS = ("generator/__init__.py", "generator/findings.py", "generator/errors.py", "generator/dates.py",
                  "generator/textsafety.py", "generator/model", "generator/engine", "generator/loading",
                  "generator/derive", "generator/compare", "generator/checking.py", "generator/site/__init__.py",
                  "generator/site/compliance.py", "generator/site/draft/__init__.py",
                  "generator/site/draft/session.py")
"""What the page's wheel carries: everything the check runs (loading to the snapshot) and the session; nothing
of the site's build, the command line or the reports."""
LOCK = "requirements-browser.lock.txt"
WHEELS = Path("build") / "browser-wheels"
"""Where scripts/bootstrap.sh downloads the wheels of :data:`LOCK`, relative to the project root."""
_PINNED = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)\s+--hash=sha256:([0-9a-f]{64})$")
RUNTIME_DIR = "editors/draft/runtime"
"""Where the page's files go, relative to the site root (the calculator's runtime folder holds the calculator's)."""
POLICY_FILES = ("vocabulary.yaml",)
SCHEMAS = ("derivation", "list", "vocabulary")


def locked(root: Path) -> dict[str, tuple[str, str]]:
    """Package name -> (version, sha256) as requirements-browser.lock.txt pins them."""
    pins = {}
    if not (root / LOCK).is_file():
        raise CalculatorBuildError(f"找不到 {root / LOCK}：它固定县区清单编制页在浏览器里用的 Python 包，请从版本库中恢复")
    for line in (root / LOCK).read_text(encoding="utf-8").replace("\\\n", " ").splitlines():
        requirement = " ".join(line.split("#", 1)[0].split())
        if requirement:
            match = _PINNED.match(requirement)
            if not match:
                raise CalculatorBuildError(f"{LOCK} 中的“{requirement[:80]}”没有写成 包==版本 --hash=sha256:…")
            pins[match[1]] = (match[2], match[3])
    return pins


def _wheel_members(root: Path) -> dict[str, bytes]:
    """The files of the pinned wheels, each wheel checked against its hash in the lock."""
    folder = root / WHEELS
    members: dict[str, bytes] = {}
    for name, (version, sha256) in locked(root).items():
        file = folder / f"{name.replace('-', '_')}-{version}-py3-none-any.whl"
        if not file.is_file():
            raise CalculatorBuildError(f"找不到县区清单编制页要用的 {file.name}（{folder}）。"
                                       "请先运行 bash scripts/bootstrap.sh 下载（之后离线也能构建）。")
        data = file.read_bytes()
        if hashlib.sha256(data).hexdigest() != sha256:
            raise CalculatorBuildError(f"{file} 的 sha256 与 {LOCK} 中记录的不符：文件已损坏或被替换。"
                                       f"请删除 {folder} 后重新运行 bash scripts/bootstrap.sh。")
        with zipfile.ZipFile(file) as archive:
            for member in archive.namelist():
                if not member.endswith("/"):
                    members[member] = archive.read(member)
    return members


def _yaml_members() -> dict[str, bytes]:
    """PyYAML's pure-Python modules, from the installed package (its compiled ``_yaml`` left out: the pure
    loader is used whenever ``_yaml`` cannot be imported)."""
    folder = Path(yaml.__file__).parent
    return {f"yaml/{file.name}": file.read_bytes() for file in sorted(folder.glob("*.py"))}


def vendor_zip(root: Path) -> bytes:
    members = {**_yaml_members(), **_wheel_members(root)}
    return stored_zip({name: members[name] for name in sorted(members)})


def policy_bundle(policy: Path) -> bytes:
    """{path relative to the policy root: text} of what a draft is checked against (see the module docstring)."""
    files = {name: policy / name for name in POLICY_FILES}
    files.update({f"schema/{kind}.schema.json": policy / "schema" / f"{kind}.schema.json" for kind in SCHEMAS})
    for folder in sorted((policy / "lists").iterdir()):
        if folder.is_dir() and folder.name.endswith("00"):  # a city's or a province's lists: a county's parents
            for file in sorted(folder.glob("*.yaml")):
                files[f"lists/{folder.name}/{file.name}"] = file
                source = (yaml.safe_load(file.read_text(encoding="utf-8")) or {}).get("revision", {}).get("source")
                if isinstance(source, str) and (policy / source).is_file():
                    files[source] = policy / source
    return json.dumps({name: path.read_text(encoding="utf-8") for name, path in files.items()},
                      ensure_ascii=False, sort_keys=True).encode("utf-8")


def _hashed(folder: str, name: str, data: bytes) -> str:
    return f"{RUNTIME_DIR}/{folder}-{hashlib.sha256(data).hexdigest()[:12]}/{name}"


@dataclass(frozen=True)
class DraftRuntime:
    wheel: Wheel
    vendor: bytes
    stdlib: bytes
    policy: bytes

    @classmethod
    def prepare(cls, root: Path, policy: Path) -> "DraftRuntime":
        pyodide = Pyodide.from_node_modules(root)
        return cls(build_wheel(root, WHEEL_CONTENTS), vendor_zip(root),
                   (pyodide.directory / "python_stdlib.zip").read_bytes(), policy_bundle(policy))

    @property
    def files(self) -> dict[str, bytes]:
        """Published path (relative to the site root) -> bytes."""
        return {f"{RUNTIME_DIR}/draft-{self.wheel.sha256[:16]}/{self.wheel.name}": self.wheel.data,
                _hashed("draft-vendor", "vendor.zip", self.vendor): self.vendor,
                _hashed("python-stdlib", "python_stdlib.zip", self.stdlib): self.stdlib,
                _hashed("draft-policy", "policy.json", self.policy): self.policy}

    def path(self, name: str) -> str:
        return next(path for path in self.files if path.endswith(f"/{name}"))

    def publish(self, site_dir: Path) -> None:
        for path, data in self.files.items():
            target = site_dir / path
            target.parent.mkdir(parents=True, exist_ok=True)
            if path.endswith(".whl"):
                self.wheel.write(target.parent)
            else:
                target.write_bytes(data)
