"""Checks a person profile against the declared facts, with messages a citizen can act on."""
from __future__ import annotations

from ..model.text import number

SITUATIONS_KEY = "situations"


def _closest(name, known) -> list[str]:
    """Spelling suggestions. difflib is imported only when needed: importing it costs ~50 ms under Pyodide."""
    if not isinstance(name, str):
        return []
    import difflib

    return difflib.get_close_matches(name, list(known), n=1, cutoff=0.5)


class ProfileError(ValueError):
    def __init__(self, problems: list[str]):
        super().__init__("；".join(problems))
        self.problems = problems


def _problem(name: str, fact, value) -> str | None:
    if value is None:
        return None
    kind = fact.type
    label = f"“{name}”（{fact.label}）"
    if kind == "boolean":
        return None if isinstance(value, bool) else f"{label}应为 true 或 false，实际是 {value!r}"
    if kind == "enum":
        if isinstance(value, str) and value in fact.values:
            return None
        options = "、".join(f"{k}（{v}）" for k, v in fact.values.items())
        return f"{label}的取值 {value!r} 无效，可选：{options}"
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:  # value != value: NaN
        return f"{label}应为数字，实际是 {value!r}"
    if not fact.min <= value <= fact.max:  # before any float(): a huge int must not overflow
        shown = number(value) if abs(value) < 1e15 else "过大的数"
        return f"{label}的值 {shown} 超出范围（{number(fact.min)}–{number(fact.max)}）"
    if kind == "integer" and not float(value).is_integer():
        return f"{label}应为整数，实际是 {value!r}"
    return None


def validate_profile(profile, facts: dict, situations: dict) -> dict:
    """Return the profile with integers normalised; raise ProfileError listing every problem. ``facts``: name ->
    :class:`~generator.model.vocabulary.Fact`."""
    if not isinstance(profile, dict):
        raise ProfileError(["个人情况必须是一个 JSON 对象，例如 {\"age\": 85}"])
    problems = []
    clean = {}
    for name, value in profile.items():
        if name == SITUATIONS_KEY:
            if not isinstance(value, dict):
                problems.append("“situations”应为对象，例如 {\"rights_lawsuit\": true}")
                continue
            for key, flag in value.items():
                if not isinstance(key, str) or key not in situations:
                    close = _closest(key, situations)
                    problems.append(f"未知的情形“{key}”" + (f"，是不是想写“{close[0]}”？" if close else ""))
                elif flag is not None and not isinstance(flag, bool):
                    problems.append(f"情形“{key}”应为 true 或 false")
            clean[name] = {k: v for k, v in value.items() if v is not None}
            continue
        fact = facts.get(name) if isinstance(name, str) else None
        if fact is None:
            close = _closest(name, facts)
            hint = f"，是不是想写“{close[0]}”？" if close else "。可用的字段：" + "、".join(facts)
            problems.append(f"未知的字段“{name}”{hint}")
            continue
        problem = _problem(name, fact, value)
        if problem:
            problems.append(problem)
        elif value is not None:
            clean[name] = int(value) if fact.type == "integer" else value
    if problems:
        raise ProfileError(problems)
    return clean
