"""A new county's derivation file, ready to fill: every value the parent leaves to the county is listed."""
from __future__ import annotations

import datetime

from ..model.policy import ListRevision


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def scaffold_derivation(code: str, name: str, parent: ListRevision, today: datetime.date) -> str:
    open_params = {key: p for key, p in parent.data.get("parameters", {}).items() if p.get("value") is None}
    lines = [
        "# yaml-language-server: $schema=../../schema/derivation.schema.json",
        f"# {name}基本养老服务清单：由{parent.region_name}清单（修订版 {parent.revision_id}）推导。",
        "# 只能放宽条件、提高标准、补充本地说明或新增项目；qingdan check 会逐项检查不低于上级清单。",
        "kind: derivation",
        f"list_id: county-{code}-basic-elderly-care",
        f"title: {name}基本养老服务清单",
        "region:",
        f'  code: "{code}"',
        f"  name: {name}",
        "parent:",
        f'  region: "{parent.region_code}"',
        f'  revision: "{parent.revision_id}"',
        "revision:",
        f'  id: "{today.isoformat()}"',
        "  document_number: 请填写文号",
        f"  issuer: {name}人民政府",
        f"  published: {today.isoformat()}",
        f"  effective: {today.isoformat()}",
        "",
        "# 上级清单留给县区确定的数值：请逐项填写 value（数字），否则检查报 PARAMETER_UNFILLED。",
        "parameters:",
    ]
    for key, param in open_params.items():
        unit = "/".join(param[k] for k in ("unit", "per", "period") if param.get(k))
        lines += [f"  {key}:  # {param['label']}（{param['text']}），单位：{unit}",
                  "    value: null  # 请填写"]
    if not open_params:
        lines.append("  {}")
    lines += [
        "",
        "# 对上级项目的修改，按项目标识书写，例如：",
        "#   care-service-subsidy:",
        "#     terms:",
        "#       subsidy: {value: 80}",
        "#     eligibility_any: {fact: age, ge: 75}",
    ]
    periodless = [(item, term) for item in parent.items for term in item["terms"]
                  if isinstance(term.get("value"), dict) and term["value"]["param"] in open_params
                  and term["kind"] in ("amount", "count") and not term.get("period")]
    if periodless:
        lines.append("items:")
        for item, term in periodless:
            lines += [f"  {item['id']}:  # 第{item['number']}项 {item['official']['name']}",
                      "    terms:",
                      f"      {term['id']}: {{}}  # “{term['label']}”的发放周期由县区确定：请写 {{period: 月}}（或 年 等）"]
    else:
        lines.append("items: {}")
    lines += [
        "",
        "# 本县区新增的项目（上级清单没有的）：",
        "added_items: []",
        "",
    ]
    return "\n".join(lines)
