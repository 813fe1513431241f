"""The eligibility result as a readable Chinese summary for the terminal."""
from __future__ import annotations

GROUPS = [("eligible", "可以享受"), ("conditional", "可能可以享受（还需确认）"), ("ineligible", "暂不符合")]


def _benefit_lines(result: dict) -> list[str]:
    lines = []
    for benefit in result["benefits"]:
        marks = "（示例数值，非正式）" if benefit["example"] else ""
        when = f"〔{benefit['when']}〕" if benefit["when"] and benefit["applies"] == "maybe" else ""
        lines.append(f"      · {benefit['label']}：{benefit['text']}{marks}{when}")
    return lines


def format_eligibility(report: dict, facts_labels: dict | None = None) -> str:
    list_meta = report["list"]
    head = [f"{report['region']['name']}（{report['region']['code']}）{list_meta['title']}",
            f"修订版 {list_meta['revision']}（{list_meta.get('document_number') or '示例'}），按 {report['as_of']} 施行的清单计算"]
    out = head
    for status, title in GROUPS:
        results = [r for r in report["results"] if r["status"] == status]
        out.append("")
        out.append(f"【{title}】{len(results)} 项")
        for r in results:
            out.append(f"  {r['number']:>2}. {r['name']}（{r['department']}，{r['type']}）")
            if status == "eligible":
                out.extend(_benefit_lines(r))
            elif status == "conditional":
                asks = [c["detail"].removeprefix("未知，请补充：") for c in r["criteria"] if c["result"] == "unknown"]
                out.append(f"      还需：{'；'.join(asks)}")
                out.extend(_benefit_lines(r))
            else:
                out.append(f"      原因：不符合“{r['why_not']}”")
    return "\n".join(out)
