"""One finding type for every problem the project reports (loading, schema, semantics, compliance).

Printed as ``path:line:col: severity[RULE_ID] 中文说明`` (the compiler convention editors' tools understand),
or as JSON with the same fields.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

ERROR = "error"
WARNING = "warning"


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
    severity: str = ERROR
    hint: str = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def format_text(self) -> str:
        text = f"{self.location}: {self.severity}[{self.rule}] {self.message}"
        if self.hint:
            text += f"\n    提示：{self.hint}"
        return text

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["location"] = asdict(self.location)
        if not self.extra:
            data.pop("extra")
        return data


class PolicyError(Exception):
    """Raised when input cannot be used at all; carries every finding collected so far."""

    def __init__(self, findings: list[Finding]):
        super().__init__("\n".join(f.format_text() for f in findings))
        self.findings = findings


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == ERROR for f in findings)
