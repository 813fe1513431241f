"""The editors' rule table (编辑指南 › 检查规则), made from the rule registries (:mod:`generator.rulebook`): one row
per rule, under the stage that raises it, with its severity, category, purpose, message and fix hint."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..findings import Severity
from ..rulebook import rules


@dataclass(frozen=True)
class RuleInfo:
    id: str
    stage: str
    severity: Severity
    category: str
    purpose: str
    messages: list[str] = field(default_factory=list)  # the message templates, each placeholder shown as “…”
    hints: list[str] = field(default_factory=list)

    @property
    def severity_label(self) -> str:
        return self.severity.label


def collect_rules() -> list[RuleInfo]:
    """Every rule, stage by stage in the order the check runs them, each stage's rules in the order it declares them."""
    return [RuleInfo(rule.id, stage.stage, rule.severity, rule.category, rule.purpose, rule.messages, rule.hints)
            for stage, rule in rules().values()]
