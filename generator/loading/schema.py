"""JSON Schema validation (jsonschema, draft 2020-12) with errors told in Chinese at file:line:col."""
from __future__ import annotations

import difflib
import json
from functools import lru_cache
from pathlib import Path

import jsonschema

from ..findings import Finding, Location
from .yamlsafe import YamlDocument, scalar_slip

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


def _message(error: jsonschema.ValidationError) -> tuple[str, str, str, tuple]:
    """(rule, message, hint, extra pointer suffix) for one schema error."""
    v, schema = error.validator, error.schema
    if v == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        extras = [k for k in error.instance if k not in schema.get("properties", {})]
        key = extras[0] if extras else "?"
        close = difflib.get_close_matches(key, allowed, n=1)
        hint = f"是不是想写“{close[0]}”？" if close else ("允许的字段：" + "、".join(allowed) if allowed else "")
        return "SCHEMA_UNKNOWN_FIELD", f"未知字段“{key}”", hint, (key, "#key")
    if v == "required":
        missing = error.message.split("'")[1] if "'" in error.message else str(error.validator_value)
        if "oneOf" in (error.parent.validator if error.parent else ""):
            return "SCHEMA_CONDITION", "条件的写法不对", "条件必须含有 fact、all、any、not、ref、situation 之一", ()
        return "SCHEMA_REQUIRED", f"缺少必填字段“{missing}”", "请补上该字段", ()
    if v == "type":
        expected = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        names = "或".join(_TYPE_NAMES.get(t, t) for t in expected)
        hint = "如果是文字，请加引号" if "string" in expected else ""
        return "SCHEMA_TYPE", f"应为{names}，实际是{_describe(error.instance)}", hint, ()
    if v in ("enum", "const"):
        options = error.validator_value if v == "enum" else [error.validator_value]
        return "SCHEMA_VALUE", f"取值{_describe(error.instance)}无效", "允许的取值：" + "、".join(str(o) for o in options), ()
    if v == "pattern":
        what = schema.get("description", "")
        if isinstance(error.instance, str) and any(not ch.isascii() or not ch.isprintable() for ch in error.instance):
            odd = "、".join(sorted({f"U+{ord(ch):04X}" for ch in error.instance
                                   if not ch.isascii() or not ch.isprintable()}))
            return ("SCHEMA_PATTERN", f"{_describe(error.instance)}含有全角字符或不可见字符（{odd}）",
                    "请删除后用半角（英文）字符重新输入" + (f"；{what}" if what else ""), ())
        return "SCHEMA_PATTERN", f"{_describe(error.instance)}的格式不对", what or f"应符合格式 {error.validator_value}", ()
    if v == "format":
        return "SCHEMA_DATE", f"{_describe(error.instance)}不是有效的日期", "日期格式为 YYYY-MM-DD，例如 2024-02-06", ()
    if v in ("minimum", "exclusiveMinimum"):
        return "SCHEMA_RANGE", f"数值 {error.instance} 太小（不能小于{'或等于' if v == 'exclusiveMinimum' else ''} {error.validator_value}）", "", ()
    if v in ("maximum", "exclusiveMaximum"):
        return "SCHEMA_RANGE", f"数值 {error.instance} 太大（不能大于 {error.validator_value}）", "", ()
    if v == "minLength":
        return "SCHEMA_EMPTY", "内容不能为空", "请填写该字段", ()
    if v in ("minItems", "minProperties"):
        return "SCHEMA_EMPTY", "不能为空", "请至少填写一项", ()
    if v == "oneOf" and isinstance(error.instance, dict):
        return "SCHEMA_CONDITION", "条件只能有一种写法（fact、all、any、not、ref、situation 只能选一个）", "请把多个条件放进 all 或 any 列表", ()
    if v == "oneOf":
        return "SCHEMA_VALUE", f"{_describe(error.instance)}的写法不对", schema.get("description", ""), ()
    what = schema.get("description", "") if isinstance(schema, dict) else ""
    return "SCHEMA", "这里的写法不符合清单的格式", what or "请对照同类清单中这一处的写法修改", ()


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
            return Finding(slip.rule, slip.message, Location(where.path, where.line, where.col + slip.offset),
                           hint=slip.hint)
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
            rule, message, hint, suffix = _message(error)
            pointer = tuple(error.absolute_path) + ((error.instance, "#key") if _is_key(error) else suffix)
            location = doc.locate(pointer)
            key = (location, message)
            if key in seen:
                continue
            seen.add(key)
            findings.append(Finding(rule, message, location, hint=hint))
    return sorted(findings, key=lambda f: (f.location.line, f.location.col))
