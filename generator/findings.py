"""One finding type for every problem the project reports, and the rules that raise them.

A :class:`Finding` is printed as ``path:line:col: severity[RULE_ID] 中文说明`` (the compiler convention editors' tools
understand), or as JSON with the same fields. Every finding comes from a :class:`Rule`: its ID (a public interface:
it never changes once published), severity, category, purpose, message template and fix hint. Each stage keeps its
rules in a :class:`RuleSet` next to the code that raises them; :mod:`generator.rulebook` lists the stages in the
order a check runs them (the editors' rule table on the site is made from it).

Standard library only: the rules engine's term kinds declare their comparison rules here too.
"""
from __future__ import annotations

import enum
import string
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any


class Severity(str, enum.Enum):
    """How serious a finding is. A ``str`` so that JSON output and comparisons read ``"error"`` as before."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    def __str__(self) -> str:
        return self.value

    @property
    def label(self) -> str:
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]


ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO


@dataclass(frozen=True)
class Location:
    path: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}:{self.col}"
        return self.path


@dataclass(frozen=True)
class Finding:
    rule: str
    message: str
    location: Location
    severity: Severity = ERROR
    hint: str = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def format_text(self) -> str:
        text = f"{self.location}: {self.severity}[{self.rule}] {self.message}"
        if self.hint:
            text += f"\n    提示：{self.hint}"
        return text

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["severity"] = self.severity.value
        data["location"] = asdict(self.location)
        if not self.extra:
            data.pop("extra")
        return data


Template = str | Mapping[str, str]
"""A message or hint: one ``str.format`` template, or named variants of it (e.g. a link to a file or a folder)."""

def _variant(template: Template, variant: str | None) -> str:
    if isinstance(template, str):
        return template
    return template[variant] if variant is not None else next(iter(template.values()))


def _variants(template: Template) -> list[str]:
    return [template] if isinstance(template, str) else list(template.values())


def shown(template: str) -> str:
    """A template as the editors' rule table shows it: every placeholder as “…”, doubled braces as one."""
    parts = []
    for text, name, _, _ in string.Formatter().parse(template):
        parts.append(text)
        if name is not None:
            parts.append("…")
    return "".join(parts)


@dataclass(frozen=True)
class Rule:
    """One rule: a stable ID, its severity, its category (for the comparison rules, the diff category: 新增 / 删除 /
    提高 / 降低 / 范围扩大 / 范围缩小 / 文字修改 / 其他), what it is for, and how its findings read."""

    id: str
    severity: Severity
    category: str
    purpose: str
    message: Template
    hint: Template = ""
    public: Template = ""
    """How a finding reads to a citizen on the public site: the verdict in plain words, without the rule's ID, a
    file position or a command (those are for the editors). Only the rules whose findings a public page shows have
    one (the comparison of a county list with its parent)."""

    def text(self, variant: str | None = None, **fields: Any) -> str:
        return _variant(self.message, variant).format(**fields)

    def public_text(self, variant: str | None = None, **fields: Any) -> str:
        """The citizen's wording (``public``) with ``fields`` filled in; unused fields are ignored."""
        return _variant(self.public, variant).format(**fields) if self.public else ""

    def at(self, location: Location, *, variant: str | None = None, hint: str | None = None,
           severity: Severity | None = None, extra: dict[str, Any] | None = None, message: str | None = None,
           **fields: Any) -> Finding:
        """The finding at ``location``: message and hint from the templates (``fields`` fill their placeholders).
        ``message`` is only for a text composed of other templates (a comparison's item and its change)."""
        if hint is None:
            hint = _variant(self.hint, variant).format(**fields) if self.hint else ""
        return Finding(self.id, message if message is not None else self.text(variant, **fields), location,
                       severity or self.severity, hint, extra or {})

    @property
    def messages(self) -> list[str]:
        return [shown(t) for t in _variants(self.message) if t]

    @property
    def hints(self) -> list[str]:
        return [shown(t) for t in _variants(self.hint) if t]


class RuleSet(Mapping[str, Rule]):
    """The rules one stage of the check can raise (``stage``: its name in the editors' table), in order."""

    def __init__(self, stage: str, *rules: Rule) -> None:
        self.stage = stage
        self._rules: dict[str, Rule] = {}
        for rule in rules:
            if rule.id in self._rules:
                raise ValueError(f"rule {rule.id} declared twice")
            self._rules[rule.id] = rule

    def __getitem__(self, rule_id: str) -> Rule:
        return self._rules[rule_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._rules)

    def __len__(self) -> int:
        return len(self._rules)


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == ERROR for f in findings)
