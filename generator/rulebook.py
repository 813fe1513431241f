"""Every rule the project can report, stage by stage in the order a check meets them: the one list of the registries
(each stage keeps its own :class:`~generator.findings.RuleSet` next to the code that raises its findings).

The editors' rule table on the site is made from it (:mod:`generator.site.rules`). A rule's ID is a public
interface: it never changes.
"""
from __future__ import annotations

from .checking import PUBLISHING_RULES, REVISION_RULES
from .compare.rules import RULES as COMPARISON
from .derive.catalog import RULES as DERIVATION_PARENTS
from .derive.materialize import RULES as DERIVATION_CHANGES
from .findings import Rule, RuleSet
from .loading.guidance import RULES as GUIDANCE
from .loading.profile_input import RULES as PROFILE
from .loading.repository import RULES as POLICY_FOLDER
from .loading.schema import RULES as SCHEMA
from .loading.yamlsafe import RULES as FILES
from .model.plan_rules import RULES as PLAN
from .model.semantics import RULES as MEANING

STAGES: tuple[RuleSet, ...] = (FILES, SCHEMA, POLICY_FOLDER, MEANING, DERIVATION_PARENTS, DERIVATION_CHANGES,
                               COMPARISON, REVISION_RULES, PUBLISHING_RULES, PLAN, GUIDANCE, PROFILE)


def rules() -> dict[str, tuple[RuleSet, Rule]]:
    """Every rule by ID with the stage that first declares it (a rule two stages raise, such as SOURCE_NOT_FOUND,
    is the same rule: one ID, one meaning)."""
    found: dict[str, tuple[RuleSet, Rule]] = {}
    for stage in STAGES:
        for rule_id, rule in stage.items():
            found.setdefault(rule_id, (stage, rule))
    return found
