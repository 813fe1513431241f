"""Finds and loads every policy file under a policy root, collecting all problems instead of stopping at the first."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..findings import Finding, Location, PolicyError
from ..model.policy import Derivation, ListRevision
from ..model.semantics import check_list
from ..model.vocabulary import Vocabulary
from .schema import schema_findings
from .yamlsafe import YamlDocument, load_yaml

DATE_KEYS = frozenset({"published", "effective", "date", "as_of"})
SCHEMA_DIR = "schema"


@dataclass
class Repository:
    root: Path
    vocabulary: Vocabulary | None = None
    revisions: list[ListRevision] = field(default_factory=list)
    derivations: list[Derivation] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    files_checked: int = 0

    def lists_by_region(self) -> dict[str, list[ListRevision]]:
        regions: dict[str, list[ListRevision]] = {}
        for revision in self.revisions:
            regions.setdefault(revision.region_code, []).append(revision)
        for revisions in regions.values():
            revisions.sort(key=lambda r: r.effective)
        return regions


def display_path(path: Path) -> str:
    """Paths as an editor would type them: relative to the working directory when below it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(Path(path).resolve()) if relative.startswith("..") else relative


def find_policy_root(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` that holds ``vocabulary.yaml``."""
    start = start.resolve()
    for folder in [start, *start.parents] if start.is_dir() else start.parents:
        if (folder / "vocabulary.yaml").is_file():
            return folder
    return None


KINDS = ("list", "derivation")


def _load_checked(file: Path, schemas: Path, findings: list[Finding], kind: str | None = None) -> YamlDocument | None:
    """Parse and schema-validate one file; unless ``kind`` is given, the file's own ``kind`` picks the schema."""
    try:
        doc = load_yaml(file, display_path(file), date_keys=DATE_KEYS)
    except PolicyError as exc:
        findings.extend(exc.findings)
        return None
    if kind is None:
        kind = doc.data.get("kind") if isinstance(doc.data, dict) else None
        if kind not in KINDS:
            findings.append(Finding("UNKNOWN_KIND", f"文件类型 kind 应为 {' 或 '.join(KINDS)}，实际是“{kind}”",
                                    doc.locate(("kind",) if kind is not None else ()),
                                    hint="市级清单写 kind: list；由上级推导的县区清单写 kind: derivation"))
            return None
    problems = schema_findings(doc, schemas / f"{kind}.schema.json")
    findings.extend(problems)
    return None if problems else doc


def _source_findings(revision: ListRevision, root: Path) -> list[Finding]:
    """The official text a revision cites must be a file inside policy/sources/ (the schema already bars ``..``)."""
    source = revision.data["revision"].get("source")
    if source is None:
        return []
    sources = (root / "sources").resolve()
    target = (root / source).resolve()
    if target.parent == sources and target.is_file():
        return []
    return [Finding("SOURCE_NOT_FOUND", f"找不到原文文件“{source}”", revision.locate(("revision", "source")),
                    hint="请把公开文件的全文放到 policy/sources/ 下，并写对文件名")]


def load_repository(root: Path, only: list[Path] | None = None, progress=lambda items, total, what: items) -> Repository:
    """Load the vocabulary and every list file under ``root/lists`` (or just ``only``)."""
    repo = Repository(root=root)
    schemas = root / SCHEMA_DIR
    vocab_doc = _load_checked(root / "vocabulary.yaml", schemas, repo.findings, kind="vocabulary")
    repo.files_checked += 1
    if vocab_doc is not None:
        repo.vocabulary = Vocabulary.from_data(vocab_doc.data)
    files = only if only is not None else sorted((root / "lists").rglob("*.yaml"))
    if not files:
        repo.findings.append(Finding("NO_POLICY_FILES", "没有找到任何清单文件", Location(display_path(root / "lists")),
                                     hint="清单文件应放在 policy/lists/<行政区划代码>/ 下，扩展名为 .yaml"))
    for file in progress(files, len(files), "读取政策文件"):
        repo.files_checked += 1
        doc = _load_checked(file, schemas, repo.findings)
        if doc is None:
            continue
        if doc.data["kind"] == "derivation":
            repo.derivations.append(Derivation(doc.data, doc, doc.path))
            continue
        revision = ListRevision(doc.data, doc, doc.path)
        repo.findings.extend(_source_findings(revision, root))
        if repo.vocabulary is not None:
            repo.findings.extend(check_list(revision, repo.vocabulary))
        repo.revisions.append(revision)
    return repo
