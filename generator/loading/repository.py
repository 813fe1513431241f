"""Finds and loads every policy file under a policy root, collecting all problems instead of stopping at the first."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import PolicyError
from ..findings import ERROR, Finding, Location, Rule, RuleSet
from ..model.policy import Derivation, ListRevision
from ..model.semantics import check_list, check_vocabulary
from ..model.vocabulary import Vocabulary
from .schema import schema_findings
from .yamlsafe import RULES as FILE_RULES
from .yamlsafe import YamlDocument, load_yaml, os_problem, read_text

DATE_KEYS = frozenset({"published", "effective", "date", "as_of"})
SCHEMA_DIR = "schema"
KINDS = ("list", "derivation")
RULES = RuleSet(
    "读取政策目录",
    Rule("NO_POLICY_FILES", ERROR, "文件", "政策目录中没有任何清单文件", "没有找到任何清单文件",
         "清单文件应放在 policy/lists/<行政区划代码>/ 下，扩展名为 .yaml"),
    Rule("UNKNOWN_KIND", ERROR, "数据结构", "文件的 kind 既不是 list 也不是 derivation",
         f"文件类型 kind 应为 {' 或 '.join(KINDS)}，实际是“{{kind}}”",
         "市级清单写 kind: list；由上级推导的县区清单写 kind: derivation"),
    Rule("SOURCE_NOT_FOUND", ERROR, "文件", "清单引用的原文文件（revision.source）不存在", "找不到原文文件“{source}”",
         "请把公开文件的全文放到 policy/sources/ 下，并写对文件名"),
)


@dataclass
class Repository:
    root: Path
    vocabulary: Vocabulary | None = None
    revisions: list[ListRevision] = field(default_factory=list)
    derivations: list[Derivation] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    files_checked: int = 0


def display_path(path: Path) -> str:
    """Paths as an editor would type them: relative to the working directory when below it, else absolute (never
    resolved: a link is shown as the link, its target is never printed)."""
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return str(path)
    return os.path.abspath(path) if relative.startswith("..") else relative


def find_policy_root(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` that holds ``vocabulary.yaml`` (above a link, not above its target)."""
    start = Path(os.path.abspath(start))
    for folder in [start, *start.parents] if start.is_dir() else start.parents:
        if os.path.lexists(folder / "vocabulary.yaml"):  # whatever it is: loading it says what is wrong with it
            return folder
    return None


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
            findings.append(RULES["UNKNOWN_KIND"].at(doc.locate(("kind",) if kind is not None else ()), kind=kind))
            return None
    problems = schema_findings(doc, schemas / f"{kind}.schema.json")
    findings.extend(problems)
    return None if problems else doc


def policy_files(root: Path) -> tuple[list[Path], list[Finding]]:
    """The list files (``lists/**/*.yaml``), and a finding for every linked folder anywhere under ``root``.

    No link in the policy folder is followed, and none is skipped silently: a linked folder is refused here, a
    linked file when it is read (:func:`~generator.loading.yamlsafe.read_text`). Links that stay inside policy/ are
    refused too, not followed: a file's place is its identity (``lists/<code>/<date>.yaml`` names the region and
    revision), so a link would make one file count as two lists or a folder contain itself, and the check would
    read something other than the files the editors see and review. A link's target is never printed.
    """
    lists = root / "lists"
    files: list[Path] = []
    findings: list[Finding] = []

    def unreadable(error: OSError) -> None:
        why, fix = os_problem(error)
        findings.append(FILE_RULES["FILE_UNREADABLE"].at(Location(display_path(Path(error.filename))),
                                                        variant="folder", why=why, fix=fix))

    for folder, subfolders, names in os.walk(root, onerror=unreadable):
        here = Path(folder)
        for name in sorted(subfolders):
            if (here / name).is_symlink():
                findings.append(FILE_RULES["FILE_SYMLINK"].at(Location(display_path(here / name)), variant="folder"))
        if here == lists or lists in here.parents:
            files.extend(here / name for name in names if name.endswith(".yaml"))
    return sorted(files), findings


def read_source(root: Path, source: str) -> str:
    """The official text a revision cites (``sources/<file>``: the schema bars any other folder), read by the one
    policy-file reader. The check and the site both read it here, so the check fails exactly when the site could not
    show it (not UTF-8, a link, too large). Raises :class:`PolicyError`."""
    file = root / source
    return read_text(file, display_path(file))


def _source_findings(revision: ListRevision, root: Path, read: set[str]) -> list[Finding]:
    """A missing text is reported at each list citing it; a text that cannot be read, once (``read``: those seen)."""
    source = revision.data["revision"].get("source")
    if source is None:
        return []
    if not os.path.lexists(root / source):
        return [RULES["SOURCE_NOT_FOUND"].at(revision.locate(("revision", "source")), source=source)]
    if source in read:
        return []
    read.add(source)
    try:
        read_source(root, source)
    except PolicyError as exc:
        return exc.findings
    return []


def load_repository(root: Path, progress=lambda items, total, what: items) -> Repository:
    """Load the vocabulary and every list file under ``root/lists``."""
    repo = Repository(root=root)
    schemas = root / SCHEMA_DIR
    vocab_doc = _load_checked(root / "vocabulary.yaml", schemas, repo.findings, kind="vocabulary")
    repo.files_checked += 1
    if vocab_doc is not None:
        repo.vocabulary = Vocabulary.from_data(vocab_doc.data)
        repo.findings.extend(check_vocabulary(vocab_doc, repo.vocabulary))
    files, link_findings = policy_files(root)
    repo.findings.extend(link_findings)
    sources_read: set[str] = set()
    if not files:
        repo.findings.append(RULES["NO_POLICY_FILES"].at(Location(display_path(root / "lists"))))
    for file in progress(files, len(files), "读取政策文件"):
        load_list_file(repo, file, sources_read)
    return repo


def load_list_file(repo: Repository, file: Path, sources_read: set[str]) -> None:
    """Load one list file into ``repo`` (its findings included). ``sources_read``: the official texts read so far."""
    repo.files_checked += 1
    doc = _load_checked(file, repo.root / SCHEMA_DIR, repo.findings)
    if doc is None:
        return
    if doc.data["kind"] == "derivation":
        repo.derivations.append(Derivation(doc.data, doc, doc.path))
        return
    revision = ListRevision(doc.data, doc, doc.path)
    repo.findings.extend(_source_findings(revision, repo.root, sources_read))
    if repo.vocabulary is not None:
        repo.findings.extend(check_list(revision, repo.vocabulary))
    repo.revisions.append(revision)
