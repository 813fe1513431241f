"""Every comparison rule: a stable ID, its severity in the compliance check, its diff category, and its purpose.

Like buf's breaking-change rules, IDs never change once published; editors look them up on the site's editor page.
Severity applies to a county list compared with its parent (措施 1: 覆盖范围和实现程度不得低于市级清单); the same
rules classify the changes between two revisions of one list (措施 2: 动态调整), where a lowering is the
government's right but must be said plainly.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..findings import ERROR, WARNING

INFO = "info"


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    category: str  # 新增 / 删除 / 提高 / 降低 / 文字修改 / 范围扩大 / 范围缩小 / 其他
    purpose: str


RULES = {rule.id: rule for rule in [
    Rule("ITEM_MISSING", ERROR, "删除", "上级清单的服务项目在下级清单中缺失（下级清单必须包含上级全部项目）"),
    Rule("ITEM_ADDED", INFO, "新增", "下级清单新增了上级清单没有的服务项目"),
    Rule("ELIGIBILITY_NARROWED", ERROR, "范围缩小", "有人按上级清单可以享受、按下级清单却不能享受（给出反例）"),
    Rule("ELIGIBILITY_WIDENED", INFO, "范围扩大", "下级清单让更多人可以享受（给出例子）"),
    Rule("TERM_CONDITION_NARROWED", ERROR, "范围缩小", "某项标准的适用人群变窄（给出反例）"),
    Rule("TERM_CONDITION_WIDENED", INFO, "范围扩大", "某项标准的适用人群变宽"),
    Rule("TERM_MISSING", ERROR, "删除", "上级清单服务标准中的一项在下级清单中缺失"),
    Rule("TERM_ADDED", INFO, "新增", "下级清单在服务标准中增加了一项"),
    Rule("TERM_KIND_CHANGED", ERROR, "降低", "服务标准的类型改变（如金额改成了文字），无法保证不低于上级"),
    Rule("UNIT_MISMATCH", ERROR, "其他", "计量单位不同，无法比较"),
    Rule("AMOUNT_LOWERED", ERROR, "降低", "金额低于上级清单"),
    Rule("AMOUNT_RAISED", INFO, "提高", "金额高于上级清单"),
    Rule("COUNT_LOWERED", ERROR, "降低", "次数（频次）低于上级清单"),
    Rule("COUNT_RAISED", INFO, "提高", "次数（频次）高于上级清单"),
    Rule("DISCOUNT_LOWERED", ERROR, "降低", "优惠低于上级清单（自付比例更高）"),
    Rule("DISCOUNT_RAISED", INFO, "提高", "优惠高于上级清单（自付比例更低）"),
    Rule("TIME_LIMIT_LENGTHENED", ERROR, "降低", "办理时限长于上级清单"),
    Rule("TIME_LIMIT_SHORTENED", INFO, "提高", "办理时限短于上级清单"),
    Rule("BOUND_WEAKENED", ERROR, "降低", "标准的性质变弱（如“不低于”改成了“不超过”）"),
    Rule("PARAMETER_UNFILLED", ERROR, "其他", "上级清单留给县区确定的数值（由县区政府确定）没有填写"),
    Rule("PARENT_OUTDATED", WARNING, "其他", "所依据的上级清单修订版已被更新的修订版取代；已按现行上级清单检查"),
    Rule("TEXT_CHANGED_RULE_UNCHANGED", WARNING, "文字修改", "正式文字改了，但机器可读的规则没有相应改变，请确认二者一致"),
]}


def rule(rule_id: str) -> Rule:
    return RULES[rule_id]
