"""Numbers and lists in plain Chinese: the two helpers every wording of the model shares."""
from __future__ import annotations


def number(value: float) -> str:
    """70 -> "70", 910.0 -> "910", 1.35 -> "1.35"."""
    if isinstance(value, bool):
        return str(value)
    value = round(float(value), 2)
    return str(int(value)) if value.is_integer() else f"{value:g}"


def join_or(parts: list[str]) -> str:
    """["低保", "特困"] -> "低保或特困"; three or more: "甲、乙或丙"."""
    return parts[0] if len(parts) == 1 else "、".join(parts[:-1]) + "或" + parts[-1]
