"""The attachment's table in the published document (policy/sources), as rows: read by the verbatim test and the city
list page test alike."""
from __future__ import annotations

import re
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[1] / "policy" / "sources" / "同政办发〔2024〕6号.txt"


def attachment() -> str:
    """The attachment: from the line that is exactly "附件" to the distribution list ("抄送：")."""
    lines = SOURCE.read_text(encoding="utf-8").splitlines()
    start = lines.index("附件")
    end = next(i for i, line in enumerate(lines) if line.startswith("抄送："))
    assert start < end
    return "\n".join(lines[start:end])


def table_rows() -> list[dict]:
    """Rows of the table: {对象 (inherited through merged cells), own 对象 cell, number, cells...}."""
    rows, group = [], None
    for line in attachment().splitlines():
        cells = line.split("\t")
        if len(cells) < 5 or cells[0] == "对象":
            continue
        head = re.match(r"^(\d+)(?:\s+(.*))?$", cells[1])
        assert head, line
        number = int(head.group(1))
        if len(cells) == 7:  # rows 1–18: 对象, 序号, 服务项目, 服务内容, 服务标准, 服务类型, 牵头落实部门
            own, name, rest = cells[0], cells[2], cells[3:]
        else:  # rows 19–22: 序号 and 服务项目 share a cell, with line-wrap spaces inside
            assert len(cells) == 6, line
            own, name, rest = cells[0], head.group(2), cells[2:]
        group = own if own.strip() else group
        rows.append({"number": number, "own": own, "group": group, "name": name, "content": rest[0],
                     "standard": rest[1], "service_type": rest[2], "department": rest[3], "tabbed": len(cells) == 7})
    return rows
