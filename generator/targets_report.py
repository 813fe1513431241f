"""``qingdan targets``: every region against every requirement of the plan's targets in one quarter, as JSON (every
result, 不适用 included) or as text (the results that give a verdict, target by target)."""
from __future__ import annotations

from collections import Counter
from typing import Any

from .compare.targets import NOT_APPLICABLE, STATUS_LABELS, json_number
from .model.plan import Plan, Quarter


class QuarterError(ValueError):
    """The quarter asked for has no statistics; the message says which quarters do, in Chinese."""


def chosen_quarter(plan: Plan, text: str | None) -> Quarter:
    """The quarter named on the command line (``2025Q4``), or the latest one with statistics."""
    quarters = plan.statistics.quarters
    if not quarters:
        raise QuarterError("统计数据中还没有任何季度的文件")
    if text is None:
        return quarters[-1]
    quarter = Quarter.parse(text.strip().upper())
    if quarter is None:
        raise QuarterError(f"季度“{text}”的写法不对，应写成“年份Q季度”，例如 2025Q4")
    if quarter not in quarters:
        raise QuarterError(f"统计数据中没有 {quarter} 的文件；已有 {quarters[0]} 至 {quarters[-1]} 的数据")
    return quarter


def targets_report(plan: Plan, quarter: Quarter, assessments) -> dict[str, Any]:
    """``assessments``: the snapshot's (:attr:`generator.checking.PolicySnapshot.assessments`)."""
    stats = plan.statistics
    results = list(assessments[quarter])
    return {
        "quarter": str(quarter),
        "quarter_label": quarter.label,
        "example": stats.example,
        "statistics": {"path": stats.path, "title": stats.title, "description": stats.description},
        "targets": [{
            "id": target.id, "title": target.title, "path": target.path,
            "official": {"text": target.official.joined, "source": target.official.source,
                         "section": target.official.section},
            "requirements": [{
                "id": r.id, "label": r.label, "indicator": r.measure, "comparison": r.comparison,
                "threshold": json_number(r.threshold), "unit": r.unit, "levels": list(r.levels),
                "deadline": r.deadline.isoformat() if r.deadline else None, "each_year_from": r.each_year_from,
                "population": {"min": r.population.min, "max": r.population.max} if r.population else None,
                "reading": r.reading,
            } for r in target.requirements],
            "gaps": [gap.text for gap in target.gaps],
        } for target in plan.targets],
        "results": [result.to_json() for result in results],
        "summary": dict(Counter(result.status for result in results)),
        "findings": [finding.to_json() for finding in plan.findings],
    }


def format_targets(report: dict[str, Any]) -> str:
    lines = []
    if report["example"]:
        lines += [f"【示例数据】{report['statistics']['description']}", ""]
    lines.append(f"{report['quarter_label']}（{report['quarter']}）各地区对实施方案目标的进度：")
    results = report["results"]
    for target in report["targets"]:
        official = target["official"]
        lines += ["", target["title"], f"  原文（{official['section']}）：{official['text']}"]
        for requirement in target["requirements"]:
            shown = [r for r in results if r["target"] == target["id"] and r["requirement"] == requirement["id"]
                     and r["status"] != NOT_APPLICABLE]
            if not shown:
                continue
            lines.append(f"  {requirement['label']}")
            for r in shown:
                figure = "" if r["value"] is None else f"{r['value_text']}，"
                why = f"（{r['reason']}）" if r["reason"] else ""
                lines.append(f"    {r['region_name']}：{figure}{r['status_label']}{why}")
    counts = report["summary"]
    parts = [f"{STATUS_LABELS[status]} {counts[status]}" for status in STATUS_LABELS
             if status != NOT_APPLICABLE and counts.get(status)]
    lines += ["", f"共 {sum(counts.values()) - counts.get(NOT_APPLICABLE, 0)} 项结论：{'，'.join(parts)}"
                  f"（不适用的 {counts.get(NOT_APPLICABLE, 0)} 项未列出，--format json 列出全部）。"]
    return "\n".join(lines)
