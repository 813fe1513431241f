"""Plain-Chinese wording of conditions, fact values and standard terms."""
from __future__ import annotations

from .logic import operator_of

_NUMERIC_AGE = {"ge": "年满{v}{u}", "gt": "超过{v}{u}", "le": "不超过{v}{u}", "lt": "未满{v}{u}",
                "eq": "{v}{u}", "ne": "不是{v}{u}"}
_NUMERIC = {"ge": "{l}不少于{v}{u}", "gt": "{l}多于{v}{u}", "le": "{l}不超过{v}{u}", "lt": "{l}少于{v}{u}",
            "eq": "{l}为{v}{u}", "ne": "{l}不为{v}{u}"}


def number(value: float) -> str:
    """70 -> "70", 910.0 -> "910", 1.35 -> "1.35"."""
    if isinstance(value, bool):
        return str(value)
    value = round(float(value), 2)
    return str(int(value)) if value.is_integer() else f"{value:g}"


def join_or(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else "、".join(parts[:-1]) + "或" + parts[-1]


def value_text(fact: dict, value, phrase: bool = False) -> str:
    """How a fact's value reads: 85 -> "85周岁", "dibao" -> "低保（最低生活保障）", True -> "是" (or its phrase)."""
    if fact["type"] == "enum":
        return fact["values"].get(value, str(value))
    if fact["type"] == "boolean":
        if phrase:
            return fact["phrase_true"] if value else fact["phrase_false"]
        return "是" if value else "否"
    label = fact.get("value_labels", {}).get(number(value))
    return label or f"{number(value)}{fact.get('unit', '')}"


def atom_text(atom: dict, facts: dict) -> str:
    fact = facts[atom["fact"]]
    op = operator_of(atom)
    value = atom[op]
    if fact["type"] == "boolean":
        positive = (op == "eq") == bool(value)
        return fact["phrase_true"] if positive else fact["phrase_false"]
    if op in ("in", "not_in"):
        options = join_or([value_text(fact, v) for v in value])
        return f"{fact['label']}{'为' if op == 'in' else '不是'}{options}"
    if fact["type"] == "enum" or fact.get("value_labels"):
        return f"{fact['label']}{'为' if op == 'eq' else '不是'}{value_text(fact, value)}" if op in ("eq", "ne") \
            else _NUMERIC[op].format(l=fact["label"], v=number(value), u=fact.get("unit", ""))
    table = _NUMERIC_AGE if fact.get("unit") == "周岁" else _NUMERIC
    return table[op].format(l=fact["label"], v=number(value), u=fact.get("unit", ""))


def parameter_condition_text(parameter: dict) -> str:
    """A yes/no parameter as a condition: its label, with the text's own words when the list does not state it."""
    value = parameter.get("value")
    example = "（示例）" if parameter.get("example") else ""
    if value is None:
        return f"{parameter['label']}（{parameter['text']}）"
    return (parameter["label"] if value else f"未{parameter['label']}") + example


def condition_text(condition: dict, facts: dict, definitions: dict, situations: dict, nested: bool = False,
                   parameters: dict | None = None) -> str:
    """E.g. {all: [age >= 80, ref economically_difficult]} -> "年满80周岁，且属于经济困难老年人"."""
    if "label" in condition:
        return condition["label"]
    if "fact" in condition:
        return atom_text(condition, facts)
    if "ref" in condition:
        return f"属于{definitions[condition['ref']]['label']}"
    if "situation" in condition:
        return situations[condition["situation"]]
    if "undecided" in condition:
        return condition["undecided"]
    if "param" in condition:
        return parameter_condition_text((parameters or {})[condition["param"]])
    if "not" in condition:
        inner = condition["not"]
        if "ref" in inner and "label" not in inner:
            return f"不属于{definitions[inner['ref']]['label']}"
        return f"不符合：{condition_text(inner, facts, definitions, situations, True, parameters)}"
    key, glue = ("all", "，且") if "all" in condition else ("any", "，或")
    parts = [condition_text(c, facts, definitions, situations, True, parameters) for c in condition[key]]
    text = glue.join(parts) if len(parts) > 1 else parts[0]
    return f"（{text}）" if nested and len(parts) > 1 else text


_BOUND_AMOUNT = {"min": "不低于", "max": "不超过", "exact": ""}
_BOUND_COUNT = {"min": "不少于", "max": "不超过", "exact": ""}


def discount_text(payable: float) -> str:
    if payable == 0:
        return "免费"
    if payable == 0.5:
        return "半价"
    return f"按{number(payable * 10)}折"


def term_text(term: dict, value: float | None, open_text: str = "") -> str:
    # open_text: what stands in for a value the list leaves open, e.g. "当地低保标准的1.3倍（由县区政府确定）"
    """The measurable part of a term, e.g. "每人每月不低于70元", "每年不少于1次", "7日内", "免费"."""
    kind = term["kind"]
    if kind == "text":
        return term["text"]
    if kind == "discount":
        return term.get("text") or discount_text(term["payable"])
    per = f"每{term['per']}" if term.get("per") else ""
    period = f"每{term['period']}" if term.get("period") else ""
    if value is None:  # open_text is "由县区政府确定…" or a formula like "当地低保标准的1.3倍（由县区政府确定）"
        if open_text.startswith("由"):
            return f"标准{open_text}"
        return f"{per}{period}{_BOUND_AMOUNT[term['bound']]}{open_text}"
    if kind == "amount":
        return f"{per}{period}{_BOUND_AMOUNT[term['bound']]}{number(value)}{term['unit']}"
    if kind == "count":
        return f"{per}{period}{_BOUND_COUNT[term['bound']]}{number(value)}{term['unit']}"
    # time_limit
    suffix = {"max": "内", "min": "以上", "exact": ""}[term["bound"]]
    return f"{number(value)}{term['unit']}{suffix}"


def alternatives_text(terms: list[dict], values: list[float | None], open_texts: list[str]) -> str:
    """Terms of which only one applies (e.g. 全自理/半护理/全护理), said once: "每人每月不低于100元或200元"."""
    first = terms[0]
    shape = ("kind", "unit", "per", "period", "bound")
    if first["kind"] in ("amount", "count") and None not in values \
            and all(all(t.get(k) == first.get(k) for k in shape) for t in terms):
        bound = (_BOUND_AMOUNT if first["kind"] == "amount" else _BOUND_COUNT)[first["bound"]]
        per = f"每{first['per']}" if first.get("per") else ""
        period = f"每{first['period']}" if first.get("period") else ""
        return f"{per}{period}{bound}" + join_or([f"{number(v)}{first['unit']}" for v in values])
    return join_or([term_text(t, v, o) for t, v, o in zip(terms, values, open_texts)])
