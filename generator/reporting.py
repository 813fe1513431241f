"""What the command line and ``qingdan build`` print: findings, and the eligibility result as a readable Chinese
summary. Below both the site and the CLI, so that neither imports the other for it; every line goes through
:func:`generator.textsafety.echo`."""
from __future__ import annotations

from .findings import Finding
from .textsafety import echo

GROUPS = [("eligible", "可以享受"), ("conditional", "可能可以享受（还需确认）"), ("ineligible", "暂不符合")]


def _benefit_lines(result: dict) -> list[str]:
    """One line per benefit; benefits of which only one applies (alternatives) once, together."""
    lines = []
    grouped = {term: group for group in result["alternatives"] for term in group["terms"]}
    for benefit in result["benefits"]:
        group = grouped.get(benefit["id"])
        if group is not None and benefit["id"] != group["terms"][0]:
            continue
        label, text = (group["label"], group["text"]) if group else (benefit["label"], benefit["text"])
        example = group["example"] if group else benefit["example"]
        marks = "（示例数值，非正式）" if example else ""
        when = f"〔{benefit['when']}〕" if not group and benefit["when"] and benefit["applies"] == "maybe" else ""
        lines.append(f"      · {label}：{text}{marks}{when}")
        overlap = benefit["overlap"]
        if overlap and overlap["with"]:
            others = "、".join(sorted({f"第{o['number']}项“{o['item']}”" for o in overlap["with"]}))
            lines.append(f"        注意：不能与{others}相加。{overlap['text']}")
    return lines


def _reading_lines(result: dict) -> list[str]:
    return [f"      解读：{i['label']}——{i['text']}" for i in result["interpretations"]]


def _money_lines(money: dict) -> list[str]:
    """The money first: the monthly sum of fixed amounts (generator/engine/money.py), then what it leaves out."""
    if not money["counted"] and not money["not_counted"]:
        return []
    note = "以下各项合计" + ("；含示例数值，非正式" if money["example"] else "")
    def what(m: dict) -> str:
        label = "" if m["label"] == m["name"] else f"{m['label']}，"
        return f"第{m['number']}项 {m['name']}（{label}{m['text']}）"

    out = ["", f"【{money['text']}】（{note}）" if money["counted"] else "【每月至少可领】暂无可以确定的金额"]
    out += [f"   {what(m)}" for m in money["counted"]]
    out += [f"   未计入：{what(m)}：{m['why']}" for m in money["not_counted"]]
    return out


def format_eligibility(report: dict, facts_labels: dict | None = None) -> str:
    list_meta = report["list"]
    head = [f"{report['region']['name']}（{report['region']['code']}）{list_meta['title']}",
            f"修订版 {list_meta['revision']}（{list_meta.get('document_number') or '示例'}），按 {report['as_of']} 施行的清单计算"]
    out = head + _money_lines(report["money"])
    for status, title in GROUPS:
        results = [r for r in report["results"] if r["status"] == status]
        out.append("")
        out.append(f"【{title}】{len(results)} 项")
        for r in results:
            out.append(f"  {r['number']:>2}. {r['name']}（{r['department']}，{r['type']}）")
            if status == "eligible":
                out.extend(_benefit_lines(r))
            elif status == "conditional":
                asks = [c["detail"].removeprefix("未知，请补充：").split("；")[0] for c in r["criteria"]
                        if c["result"] == "unknown" and c["detail"].startswith("未知，请补充：")]
                if asks:
                    out.append(f"      还需：{'；'.join(asks)}")
                if r["reasons"]:  # the text's own reasons: the whole answer while no fact is missing
                    out.append(f"      {'说明' if r['missing'] or r['situations'] else '原因'}：{'；'.join(r['reasons'])}")
                out.extend(_benefit_lines(r))
            else:
                out.append(f"      原因：不符合“{r['why_not']}”")
            out.extend(_reading_lines(r))
    if any(r["interpretations"] for r in report["results"]):
        out += ["", "“解读”是本网站对文件用语的理解（文件本身没有给出定义），以有关部门的认定为准；"
                    "所解读的原文和理由见 --format json 的 interpretations，或网站的“解读说明”页。"]
    return "\n".join(out)


def print_findings(findings: list[Finding]) -> None:
    """Every finding, in file, line and column order, as ``path:line:col: severity[RULE] 说明``."""
    for finding in sorted(findings, key=lambda f: (f.location.path, f.location.line, f.location.col)):
        echo(finding.format_text())
