"""JSON Schema validation (jsonschema, draft 2020-12) with errors told in Chinese at file:line:col."""
from __future__ import annotations

import difflib
import json
from functools import lru_cache
from pathlib import Path

import jsonschema

from ..findings import ERROR, Finding, Location, Rule, RuleSet
from ..model.condition import OPERATORS
from .yamlsafe import YamlDocument, scalar_slip

_OPERATORS = "、".join(OPERATORS)
RULES = RuleSet(
    "数据结构（JSON Schema）",
    Rule("SCHEMA_UNKNOWN_FIELD", ERROR, "数据结构", "文件中有数据结构没有定义的字段（多半是拼错了字段名）", "未知字段“{key}”",
         "{fix}"),
    Rule("SCHEMA_REQUIRED", ERROR, "数据结构", "缺少必填的字段", "缺少必填字段“{name}”", "请补上该字段"),
    Rule("SCHEMA_CONDITION", ERROR, "数据结构", "资格条件没有写运算符，或写了不止一个",
         {"missing": "条件的写法不对", "several": f"条件只能有一种写法（{_OPERATORS} 只能选一个）"},
         {"missing": f"条件必须含有 {_OPERATORS} 之一", "several": "请把多个条件放进 all 或 any 列表"}),
    Rule("SCHEMA_TYPE", ERROR, "数据结构", "值的类型不对（例如该写数字的地方写了文字）", "应为{expected}，实际是{actual}",
         "{fix}"),
    Rule("SCHEMA_VALUE", ERROR, "数据结构", "值不在允许的取值之中，或写法不对",
         {"enum": "取值{actual}无效", "shape": "{actual}的写法不对"}, {"enum": "允许的取值：{options}", "shape": "{fix}"}),
    Rule("SCHEMA_PATTERN", ERROR, "数据结构", "值的格式不对（标识、代码、文件名等），或含有全角字符、不可见字符",
         {"hidden": "{actual}含有全角字符或不可见字符（{characters}）", "format": "{actual}的格式不对"},
         {"hidden": "请删除后用半角（英文）字符重新输入{what}", "format": "{fix}"}),
    Rule("SCHEMA_DATE", ERROR, "数据结构", "日期无效", "{actual}不是有效的日期", "日期格式为 YYYY-MM-DD，例如 2024-02-06"),
    Rule("SCHEMA_RANGE", ERROR, "数据结构", "数值超出允许的范围",
         {"small": "数值 {value} 太小（不能小于{equal} {limit}）", "large": "数值 {value} 太大（不能大于 {limit}）"}),
    Rule("SCHEMA_EMPTY", ERROR, "数据结构", "必须有内容的地方是空的", {"text": "内容不能为空", "list": "不能为空"},
         {"text": "请填写该字段", "list": "请至少填写一项"}),
    Rule("SCHEMA", ERROR, "数据结构", "其他不符合数据结构的写法", "这里的写法不符合清单的格式", "{fix}"),
)

_TYPE_NAMES = {"string": "文字", "integer": "整数", "number": "数字", "boolean": "true 或 false",
               "object": "键值对（映射）", "array": "列表", "null": "空值"}


@lru_cache(maxsize=None)
def validator_for(schema_file: Path) -> jsonschema.Draft202012Validator:
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def _describe(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "空值"
    if isinstance(value, (dict, list)):
        return _TYPE_NAMES["object" if isinstance(value, dict) else "array"]
    return f"“{value}”"


def _leaf_errors(error: jsonschema.ValidationError) -> list[jsonschema.ValidationError]:
    """For oneOf/anyOf, descend into the branch that got furthest, so the message names the real mistake."""
    if error.validator in ("oneOf", "anyOf") and error.context:
        best = jsonschema.exceptions.best_match(error.context)
        if best.validator == "required" and all(e.validator == "required" for e in error.context):
            return [error]
        return _leaf_errors(best)
    return [error]


def _message(error: jsonschema.ValidationError) -> tuple[str, str | None, dict, tuple]:
    """(rule, variant, fields, extra pointer suffix) for one schema error."""
    v, schema = error.validator, error.schema
    if v == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        extras = [k for k in error.instance if k not in schema.get("properties", {})]
        key = extras[0] if extras else "?"
        close = difflib.get_close_matches(key, allowed, n=1)
        fix = f"是不是想写“{close[0]}”？" if close else ("允许的字段：" + "、".join(allowed) if allowed else "")
        return "SCHEMA_UNKNOWN_FIELD", None, {"key": key, "fix": fix}, (key, "#key")
    if v == "required":
        missing = error.message.split("'")[1] if "'" in error.message else str(error.validator_value)
        if "oneOf" in (error.parent.validator if error.parent else ""):
            return "SCHEMA_CONDITION", "missing", {}, ()
        return "SCHEMA_REQUIRED", None, {"name": missing}, ()
    if v == "type":
        expected = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        names = "或".join(_TYPE_NAMES.get(t, t) for t in expected)
        fix = "如果是文字，请加引号" if "string" in expected else ""
        return "SCHEMA_TYPE", None, {"expected": names, "actual": _describe(error.instance), "fix": fix}, ()
    if v in ("enum", "const"):
        options = error.validator_value if v == "enum" else [error.validator_value]
        return "SCHEMA_VALUE", "enum", {"actual": _describe(error.instance),
                                        "options": "、".join(str(o) for o in options)}, ()
    if v == "pattern":
        what = schema.get("description", "")
        if isinstance(error.instance, str) and any(not ch.isascii() or not ch.isprintable() for ch in error.instance):
            odd = "、".join(sorted({f"U+{ord(ch):04X}" for ch in error.instance
                                   if not ch.isascii() or not ch.isprintable()}))
            return "SCHEMA_PATTERN", "hidden", {"actual": _describe(error.instance), "characters": odd,
                                                "what": f"；{what}" if what else ""}, ()
        return "SCHEMA_PATTERN", "format", {"actual": _describe(error.instance),
                                            "fix": what or f"应符合格式 {error.validator_value}"}, ()
    if v == "format":
        return "SCHEMA_DATE", None, {"actual": _describe(error.instance)}, ()
    if v in ("minimum", "exclusiveMinimum"):
        return "SCHEMA_RANGE", "small", {"value": error.instance, "limit": error.validator_value,
                                         "equal": "或等于" if v == "exclusiveMinimum" else ""}, ()
    if v in ("maximum", "exclusiveMaximum"):
        return "SCHEMA_RANGE", "large", {"value": error.instance, "limit": error.validator_value}, ()
    if v == "minLength":
        return "SCHEMA_EMPTY", "text", {}, ()
    if v in ("minItems", "minProperties"):
        return "SCHEMA_EMPTY", "list", {}, ()
    if v == "oneOf" and isinstance(error.instance, dict):
        return "SCHEMA_CONDITION", "several", {}, ()
    if v == "oneOf":
        return "SCHEMA_VALUE", "shape", {"actual": _describe(error.instance), "fix": schema.get("description", "")}, ()
    what = schema.get("description", "") if isinstance(schema, dict) else ""
    return "SCHEMA", None, {"fix": what or "请对照同类清单中这一处的写法修改"}, ()


def _is_key(error: jsonschema.ValidationError) -> bool:
    """An error about a key's name (``propertyNames``), whose instance is the key, not the value."""
    return "propertyNames" in error.absolute_schema_path


def _slip_finding(error: jsonschema.ValidationError, doc: YamlDocument) -> Finding | None:
    """The input-method slip behind a schema error, at the slip's own line and column: a file can parse and still
    hold one, read as text (``key： value`` is one plain scalar, a key indented by full-width spaces starts with them,
    “dibao” in full-width quotes is not dibao). A mapping with such a key fails for it (unknown field, a required
    one missing); the alternatives of a oneOf are searched too."""
    path = tuple(error.absolute_path)
    if isinstance(error.instance, dict):
        texts = [(key, path + (key, "#key")) for key in error.instance if isinstance(key, str)]
    elif isinstance(error.instance, str):
        texts = [(error.instance, path + (error.instance, "#key") if _is_key(error) else path)]
    else:
        texts = []
    for text, pointer in texts:
        slip = scalar_slip(text)
        if slip is not None:
            where = doc.locate(pointer)
            return slip.at(Location(where.path, where.line, where.col + slip.offset))
    return next(filter(None, (_slip_finding(e, doc) for e in error.context or ())), None)


def schema_findings(doc: YamlDocument, schema_file: Path) -> list[Finding]:
    findings = []
    seen = set()
    for top in validator_for(schema_file).iter_errors(doc.data):
        for error in _leaf_errors(top):
            slip = _slip_finding(error, doc)
            if slip is not None:
                if (slip.location, slip.message) not in seen:
                    seen.add((slip.location, slip.message))
                    findings.append(slip)
                continue
            rule, variant, fields, suffix = _message(error)
            pointer = tuple(error.absolute_path) + ((error.instance, "#key") if _is_key(error) else suffix)
            finding = RULES[rule].at(doc.locate(pointer), variant=variant, **fields)
            key = (finding.location, finding.message)
            if key in seen:
                continue
            seen.add(key)
            findings.append(finding)
    return sorted(findings, key=lambda f: (f.location.line, f.location.col))
