"""The JSON Schemas (draft 2020-12) of every policy file kind, written to ``policy/schema/``.

The schemas are plain JSON files so that editors and tools (``check-jsonschema``, the YAML language server) use them
without this project. They are generated here from one source so that the derivation schema shares the list schema's
definitions without a cross-file ``$ref`` (which offline tools could not resolve). Regenerate with
``python -m generator.model.schemas``; a test fails when the files are stale.

A condition's operators and comparisons, and the kinds of term with their fields, are not written here: they come
from the model's own tables (:data:`generator.model.condition.OPERATORS` and ``COMPARISONS``,
:data:`generator.model.terms.KINDS`), so a new operator or kind of term is in the schema as soon as it is in the model.
"""
from __future__ import annotations

import copy
import json
from pathlib import Path

from .condition import COMPARISONS, MANY, ONE, OPERATORS
from .content import FIELD_LABELS, SERVICE_TYPES
from .guidance import FIELDS as GUIDANCE_FIELDS
from .terms import KINDS
from .terms.base import PERIODS
from .vocabulary import FACT_TYPES

DRAFT = "https://json-schema.org/draft/2020-12/schema"
BASE = "https://qingdan.example/schema/"

TEXT = {"type": "string", "minLength": 1}
IDENT = {"type": "string", "pattern": "^[a-z][a-z0-9_]*$", "description": "英文小写标识符（字母、数字、下划线）"}
SLUG = {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$", "description": "英文小写标识（字母、数字、连字符），发布后不要修改"}
DATE = {"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "description": "日期，格式 YYYY-MM-DD"}
SCALAR = {"type": ["string", "integer", "number", "boolean"]}
EXAMPLE = {"type": "boolean", "description": "true 表示该数值或内容是示例，不是正式发布的数字"}
REGION_CODE = {"type": "string", "pattern": "^[1-9][0-9]{5}$", "description": "GB/T 2260 六位行政区划代码"}


def _described(schema: dict, description: str) -> dict:
    return {**schema, "description": description}


def _partial(schema: dict) -> dict:
    """The same object schema with nothing required: a derivation may change any subset of fields."""
    partial = copy.deepcopy(schema)
    partial.pop("required", None)
    partial.pop("allOf", None)
    return partial


CONDITION_REF = {"$ref": "#/$defs/condition"}
SHAPES = {  # the JSON Schema of each shape a condition's operand or a term's field can have
    "identifier": IDENT,
    "text": TEXT,
    "scalar": SCALAR,
    "number": {"type": "number"},
    "scalars": {"type": "array", "items": SCALAR, "minItems": 1},
    "value": {"$ref": "#/$defs/value"},
    "payable": {"type": "number", "minimum": 0, "maximum": 1, "description": "需自付的比例：0 = 免费，0.5 = 半价"},
    "period": {"enum": list(PERIODS)},
    "bound": {"enum": ["min", "exact", "max"], "description": "min = 不低于/不少于，exact = 固定，max = 不超过/以内"},
}


def _operand(operator) -> dict:
    if operator.arity == MANY:
        return {"type": "array", "items": CONDITION_REF, "minItems": 1}
    if operator.arity == ONE:
        return CONDITION_REF
    shape = SHAPES[operator.operand]
    return _described(shape, operator.description) if operator.description else shape


def _condition() -> dict:
    summaries = [operator.summary for operator in OPERATORS.values()]
    return {
        "type": "object",
        "description": "资格条件：" + "、".join(summaries[:-1]) + "或 " + summaries[-1],
        "properties": {
            "fact": _operand(OPERATORS["fact"]),
            **{name: SHAPES[comparison.value] for name, comparison in COMPARISONS.items()},
            **{name: _operand(operator) for name, operator in OPERATORS.items() if name != "fact"},
            "label": _described(TEXT, "这一条件的中文说法（可选，用于覆盖自动生成的说法）"),
        },
        "additionalProperties": False,
        "oneOf": [{"required": [key]} for key in OPERATORS],
    }


CONDITION = _condition()
VALUE = {
    "description": "数值：一个数字，或引用参数（可乘以倍数）",
    "oneOf": [
        {"type": "number"},
        {"type": "object", "properties": {"param": IDENT, "times": {"type": "number", "exclusiveMinimum": 0}},
         "required": ["param"], "additionalProperties": False},
    ],
}
def _field(spec) -> dict:
    """A term field's schema: its shape, with a description when the kind gives one (``(shape, description)``)."""
    shape, description = spec if isinstance(spec, tuple) else (spec, "")
    return _described(SHAPES[shape], description) if description else SHAPES[shape]


def _term() -> dict:
    directions: dict[str, list[str]] = {}
    required: dict[tuple, list[str]] = {}
    fields: dict[str, dict] = {}
    for kind, term in KINDS.items():
        if term.DIRECTION:
            directions.setdefault(term.DIRECTION, []).append(kind)
        if term.REQUIRED:
            required.setdefault(term.REQUIRED, []).append(kind)
        for name, spec in term.PROPERTIES.items():
            fields.setdefault(name, _field(spec))
    return {
        "type": "object",
        "description": "服务标准中的一项内容。kind 决定“更好”的方向："
                       + "，".join(f"{'/'.join(kinds)} {direction}" for direction, kinds in directions.items()) + "。",
        "properties": {
            "id": SLUG,
            "kind": {"enum": list(KINDS)},
            "label": TEXT,
            "text": TEXT,
            **fields,
            "when": CONDITION_REF,
            "alternatives": _described(TEXT, "同一项目中只适用其一的几条标准写同一个名称（如“护理补贴”）：几条都可能适用时，结果合并为"
                                             "一句，例如“每人每月不低于100元或200元，护理等级以认定为准”；不能相加"),
            "overlap": _described(IDENT, "overlaps 中的一组：与其他项目中同组的标准不得相加（文件没有写明是否同时发放），"
                                         "结果中标出并显示该组的说明"),
            "example": EXAMPLE,
        },
        "required": ["id", "kind", "label"],
        "additionalProperties": False,
        "allOf": [{"if": {"properties": {"kind": {"enum": kinds} if len(kinds) > 1 else {"const": kinds[0]}}},
                   "then": {"required": list(fields_required)}} for fields_required, kinds in required.items()],
    }


TERM = _term()
OFFICIAL = {
    "type": "object",
    "description": "公开文件中的原文（逐字照录，网站原样展示）",
    "properties": {key: {"enum": list(SERVICE_TYPES), "description": label} if key == "service_type"
                   else _described(TEXT, label) for key, label in FIELD_LABELS.items()},
    "required": list(FIELD_LABELS),
    "additionalProperties": False,
}
REFERENCE = {
    "type": "object",
    "properties": {"document": TEXT, "item": {"type": "integer", "minimum": 1}, "text": TEXT},
    "required": ["document"],
    "additionalProperties": False,
}
ITEM = {
    "type": "object",
    "properties": {
        "number": {"type": "integer", "minimum": 1, "description": "序号"},
        "id": SLUG,
        "official": {"$ref": "#/$defs/official"},
        "eligibility": {"$ref": "#/$defs/condition"},
        "terms": {"type": "array", "items": {"$ref": "#/$defs/term"}},
        "reference": {"$ref": "#/$defs/reference"},
        "local": {"type": "boolean", "description": "true 表示本级新增的项目（上级清单中没有）"},
        "example": EXAMPLE,
        "notes": TEXT,
    },
    "required": ["number", "id", "official", "eligibility", "terms"],
    "additionalProperties": False,
}
DEFINITION = {
    "type": "object",
    "description": "定义：清单中反复用到的一个说法及其规则",
    "properties": {"label": TEXT, "text": _described(TEXT, "这一说法的含义（解读时即解读的内容）"),
                   "interpretation": {"type": "boolean", "description": "true 表示这是本网站对文件用语的解读（文件本身没有给出"
                                      "定义）：每个依据它得出的结果都显示它，“解读说明”页列出全部解读。请同时写 reads 和 why"},
                   "reads": _described(TEXT, "解读所针对的原文（逐字引用清单或实施方案中的句子）"),
                   "why": _described(TEXT, "为什么这样理解（依据的法律、标准或同一文件中的其他规定）"),
                   "condition": {"$ref": "#/$defs/condition"}, "example": EXAMPLE,
                   "estimate": {
                       "type": "object",
                       "description": "用本定义的条件估计一个市民没有回答的事实（例如按日常活动估计老年人能力等级）。估计不能代替"
                                      "认定：取决于该事实的结果仍然是“可能可以享受”，原因写 holds（条件成立时）或 fails（条件不成立时），"
                                      "并列出本定义（应同时写 interpretation: true、reads 和 why）",
                       "properties": {"fact": _described(IDENT, "所估计的事实（词表中的名称）"),
                                      "holds": _described(TEXT, "条件成立时，结果中说明的原因"),
                                      "fails": _described(TEXT, "条件不成立时，结果中说明的原因")},
                       "required": ["fact", "holds", "fails"],
                       "additionalProperties": False}},
    "required": ["label", "text", "condition"],
    "additionalProperties": False,
}
PARAMETER = {
    "type": "object",
    "description": "参数：不写 value 表示由下级政府确定（待定）。数值参数用于标准（必须写 unit）；是/否参数（value 为 true 或"
                   " false）用于条件（param）",
    "properties": {"label": TEXT, "unit": TEXT, "per": TEXT, "period": SHAPES["period"],
                   "value": {"type": ["number", "boolean", "null"], "minimum": 0,
                             "description": "数值，或 true / false；不写或写 null 表示尚未确定"},
                   "text": TEXT, "example": EXAMPLE,
                   "local": {"type": "boolean", "description": "true 表示这是各地自己的数值（如当地低保标准、本县区是否同步"
                             "实施）：下级清单不继承上级写的数值，须自己写明；比较上下级清单时，两边都按下级本地的数值计算"}},
    "required": ["label", "text"],
    "additionalProperties": False,
    "allOf": [{"if": {"not": {"required": ["value"], "properties": {"value": {"type": "boolean"}}}},
               "then": {"required": ["unit"]}}],
}
REGION = {
    "type": "object",
    "properties": {"code": REGION_CODE, "name": TEXT},
    "required": ["code", "name"],
    "additionalProperties": False,
}
REVISION = {
    "type": "object",
    "properties": {
        "id": {"type": "string", "pattern": "^[0-9A-Za-z][0-9A-Za-z._-]*$", "description": "修订版本标识（用于固定网址）"},
        "document_number": _described(TEXT, "文号"),
        "document_title": TEXT,
        "issuer": _described(TEXT, "发布单位"),
        "maintainers": {"type": "array", "items": TEXT, "minItems": 1},
        "published": _described(DATE, "发布日期"),
        "effective": _described(DATE, "施行日期"),
        "supersedes": {"type": ["string", "null"], "description": "被本修订取代的修订版本标识"},
        "source": {"type": "string", "pattern": "^sources/(?!\\.\\.?$)[^/\\\\]+$",
                   "description": "原文文件：policy/sources/ 下的一个文件名（不能含 / 或 ..）"},
        "example": {"type": "boolean", "description": "true 表示示例（不是正式发布的文件）"},
        "fixture": {"type": "boolean", "description": "true 表示测试用的虚构修订"},
    },
    "required": ["id", "issuer", "published", "effective"],
    "additionalProperties": False,
}
COMMON_DEFS = {"condition": CONDITION, "value": VALUE, "term": TERM, "official": OFFICIAL, "item": ITEM,
               "reference": REFERENCE, "definition": DEFINITION, "parameter": PARAMETER, "region": REGION,
               "revision": REVISION, "identifier": IDENT}


def _named(values: dict) -> dict:
    return {"type": "object", "propertyNames": {"$ref": "#/$defs/identifier"}, "additionalProperties": values}


def _document(kind: str, title: str, properties: dict, required: list[str], defs: dict) -> dict:
    return {
        "$schema": DRAFT,
        "$id": f"{BASE}{kind}.schema.json",
        "title": title,
        "type": "object",
        "properties": {"$schema": {"type": "string"}, "kind": {"const": kind}, **properties},
        "required": ["kind", *required],
        "additionalProperties": False,
        "$defs": defs,
    }


SITUATION_QUESTIONS = _named({
    "type": "object",
    "description": "情形的白话问题：situations 中同名情形的原文保持不变（它是条件），资格自测用这里的问题向市民提问",
    "properties": {"question": _described(TEXT, "给市民看的问题"), "help": _described(TEXT, "问题下方的说明（写出原文用语）")},
    "required": ["question"],
    "additionalProperties": False,
})


def list_schema() -> dict:
    return _document("list", "基本养老服务清单（一个修订版本）", {
        "list_id": SLUG,
        "title": TEXT,
        "region": {"$ref": "#/$defs/region"},
        "revision": {"$ref": "#/$defs/revision"},
        "definitions": _named({"$ref": "#/$defs/definition"}),
        "parameters": _named({"$ref": "#/$defs/parameter"}),
        "situations": _named(TEXT),
        "situation_questions": SITUATION_QUESTIONS,
        "overlaps": _named(_described(TEXT, "一组不得相加的标准（各条标准的 overlap 写这一组的名称）：说明为什么")),
        "items": {"type": "array", "items": {"$ref": "#/$defs/item"}, "minItems": 1},
    }, ["list_id", "title", "region", "revision", "items"], COMMON_DEFS)


def derivation_schema() -> dict:
    added_item = copy.deepcopy(ITEM)
    added_item["properties"].pop("number")
    added_item["required"].remove("number")
    added_item["description"] = "本级新增的项目，序号自动排在上级项目之后"
    item_change = {
        "type": "object",
        "description": "对上级清单某一项目的修改（只能放宽条件、提高标准或补充本地说明）",
        "properties": {
            "official": _partial(OFFICIAL),
            "eligibility": _described({"$ref": "#/$defs/condition"}, "以新的条件替换上级条件（必须不窄于上级）"),
            "eligibility_any": _described({"$ref": "#/$defs/condition"}, "与上级条件“或”起来的补充条件（放宽范围）"),
            "terms": {"type": "object", "propertyNames": SLUG, "additionalProperties": _partial(TERM),
                      "description": "按标识修改上级的标准条目"},
            "added_terms": {"type": "array", "items": {"$ref": "#/$defs/term"}},
            "notes": TEXT,
        },
        "additionalProperties": False,
    }
    defs = {**COMMON_DEFS, "added_item": added_item, "item_change": item_change,
            "parameter_change": _partial(PARAMETER), "definition_change": _partial(DEFINITION)}
    return _document("derivation", "下级（县区）清单：由上级清单推导", {
        "list_id": SLUG,
        "title": TEXT,
        "region": {"$ref": "#/$defs/region"},
        "parent": {
            "type": "object",
            "description": "所依据的上级清单及其修订版本",
            "properties": {"region": REGION_CODE, "revision": {"type": "string", "pattern": "^[0-9A-Za-z][0-9A-Za-z._-]*$"}},
            "required": ["region", "revision"],
            "additionalProperties": False,
        },
        "revision": {"$ref": "#/$defs/revision"},
        "definitions": _named({"$ref": "#/$defs/definition_change"}),
        "parameters": _named({"$ref": "#/$defs/parameter_change"}),
        "situations": _named(TEXT),
        "situation_questions": SITUATION_QUESTIONS,
        "items": {"type": "object", "propertyNames": SLUG, "additionalProperties": {"$ref": "#/$defs/item_change"}},
        "added_items": {"type": "array", "items": {"$ref": "#/$defs/added_item"}},
    }, ["list_id", "title", "region", "parent", "revision"], defs)


def vocabulary_schema() -> dict:
    fact = {
        "type": "object",
        "properties": {
            "type": {"enum": list(FACT_TYPES)},
            "label": TEXT, "question": TEXT, "help": TEXT, "unit": TEXT,
            "min": {"type": "number"}, "max": {"type": "number"},
            "values": {"type": "object", "propertyNames": IDENT, "additionalProperties": TEXT, "minProperties": 2},
            "value_labels": {"type": "object", "propertyNames": {"pattern": "^-?[0-9]+$"}, "additionalProperties": TEXT},
            "phrase_true": TEXT, "phrase_false": TEXT,
            "group": _described(IDENT, "所属的事实分组（fact_groups 中的名称）：同一组的事实在资格自测中同一屏提问"),
        },
        "required": ["type", "label", "question"],
        "additionalProperties": False,
        "allOf": [
            {"if": {"properties": {"type": {"const": "enum"}}}, "then": {"required": ["values"]}},
            {"if": {"properties": {"type": {"enum": ["integer", "number"]}}}, "then": {"required": ["min", "max"]}},
            {"if": {"properties": {"type": {"const": "boolean"}}}, "then": {"required": ["phrase_true", "phrase_false"]}},
        ],
    }
    group = {
        "type": "object",
        "description": "事实分组：资格自测把同一组的事实放在同一屏提问",
        "properties": {"title": _described(TEXT, "这一屏的标题（给市民看的话）"), "help": _described(TEXT, "这一屏的说明")},
        "required": ["title"],
        "additionalProperties": False,
    }
    return _document("vocabulary", "个人情况（事实）词表", {
        "fact_groups": {"type": "object", "propertyNames": IDENT, "additionalProperties": group},
        "facts": {"type": "object", "propertyNames": IDENT, "additionalProperties": fact, "minProperties": 1},
    }, ["facts"], {"identifier": IDENT})


# -- the plan's targets and statistical indicators (typed in generator/model/plan.py) ---------------------------------
QUOTE = {
    "type": "object",
    "description": "公开文件中的原文，逐字照录：原文在分页处断开的句子、或省略了中间部分的句子，按原文的先后分段写",
    "properties": {
        "source": REVISION["properties"]["source"],
        "section": _described(TEXT, "原文所在的部分，例如“二、主要措施 5.”"),
        "quote": {"type": "array", "items": TEXT, "minItems": 1},
    },
    "required": ["source", "section", "quote"],
    "additionalProperties": False,
}
LEVELS = {"type": "array", "items": {"enum": ["city", "county"]}, "minItems": 1, "uniqueItems": True,
          "description": "city = 全市（市级数据），county = 每个县（区）"}


def indicators_schema() -> dict:
    part = {"type": "object", "properties": {"label": TEXT, "unit": TEXT}, "required": ["label", "unit"],
            "additionalProperties": False}
    indicator = {
        "type": "object",
        "description": "一项统计指标。比例指标同时写 numerator 和 denominator，数值 = 分子 ÷ 分母 × 100，单位为 %",
        "properties": {
            "label": TEXT, "unit": TEXT, "levels": LEVELS, "description": TEXT,
            "numerator": _described(part, "比例的分子"),
            "denominator": _described(part, "比例的分母"),
            "cumulative": {"enum": ["plan", "year"], "description": "累计数，不会减少：plan = 自方案实施起累计，"
                           "year = 当年累计（每年第一季度重新起算）；比例指标累计的是分子"},
            "item": _described(SLUG, "这项统计对应的清单项目（项目标识，例如 old-age-allowance-80-99）"),
        },
        "required": ["label", "unit", "levels"],
        "additionalProperties": False,
        "dependentRequired": {"numerator": ["denominator"], "denominator": ["numerator"]},
    }
    return _document("indicators", "基本养老服务统计指标（措施 3）", {
        "title": TEXT,
        "official": {"$ref": "#/$defs/quote"},
        "first_quarter": {"type": "string", "pattern": "^[0-9]{4}Q[1-4]$",
                          "description": "统计数据从这个季度开始，每季度一个文件，例如 2024Q1"},
        "indicators": _named(indicator),
    }, ["title", "official", "first_quarter", "indicators"], {"quote": QUOTE, "identifier": IDENT})


def target_schema() -> dict:
    requirement = {
        "type": "object",
        "description": "目标中的一条要求：某个指标在期限前达到的阈值；deadline 和 each_year_from 只能写一个",
        "properties": {
            "id": SLUG,
            "label": TEXT,
            "measure": _described(IDENT, "考核的统计指标（indicators.yaml 中的标识）"),
            "comparison": {"enum": ["ge", "le"], "description": "ge = 不低于（“以上”“不低于”），le = 不高于（“以下”“不超过”）"},
            "threshold": {"type": "number", "minimum": 0},
            "unit": TEXT,
            "levels": LEVELS,
            "deadline": _described(DATE, "期限：到这一天（含）要达到；不写表示原文没有写明期限，按现行要求检查"),
            "each_year_from": {"type": "integer", "minimum": 2000, "maximum": 2100,
                               "description": "从这一年起每年都要达到（统计数据为当年累计数）"},
            "population": {"type": "object", "description": "只适用于人口在这一范围内的县（区）（含本数）",
                           "properties": {"min": {"type": "integer", "minimum": 0},
                                          "max": {"type": "integer", "minimum": 0}},
                           "minProperties": 1, "additionalProperties": False},
            "reading": _described(TEXT, "这句原文是怎样理解的（考核的层级、期限、界限）：需要理解之处都写明"),
        },
        "required": ["id", "label", "measure", "comparison", "threshold", "unit", "levels"],
        "additionalProperties": False,
        "not": {"required": ["deadline", "each_year_from"]},
    }
    return _document("target", "实施方案的一项目标", {
        "title": TEXT,
        "official": {"$ref": "#/$defs/quote"},
        "requirements": {"type": "array", "items": requirement, "minItems": 1},
    }, ["title", "official", "requirements"], {"quote": QUOTE})


# -- 办理指南: how to apply, per region (typed in generator/model/guidance.py) -----------------------------------------
PHONE_PATTERN = "^[0-9][0-9-]{2,19}$"


def guidance_schema() -> dict:
    example = _described(EXAMPLE, "true 表示这是示例，不是真实的办理信息（网站标为“示例”）；不知道真实信息时必须写 true")

    def value(shape: dict, what: str) -> dict:
        return {"type": "object", "description": f"{what}：value 写内容，example 标明是否示例",
                "properties": {"value": shape, "example": example}, "required": ["value"],
                "additionalProperties": False}

    texts = {"type": "array", "items": TEXT, "minItems": 1}
    shapes = {
        "office": value(TEXT, "办理机构的名称，例如“平城区民政局”或“户籍所在地乡镇（街道）便民服务中心”"),
        "address": value(TEXT, "办理机构的地址"),
        "phone": value(_described({"type": "string", "pattern": PHONE_PATTERN},
                                  "电话号码，只写数字和连字符，例如 0352-1234567"),
                       "咨询电话。不知道真实号码时写明显不存在的号码 0352-000000X（X 为数字）并写 example: true"),
        "hours": value(TEXT, "办理时间，例如“周一至周五 8:30—12:00，14:30—17:30（法定节假日除外）”"),
        "documents": value(texts, "需要带的材料，一行一种，例如 [居民身份证, 户口簿]"),
        "online": value(texts, "网上办理的渠道，一行一个，例如 [“三晋通”App]"),
    }
    entry = {"type": "object", "description": "办理指南：各字段都可以不写，不写的沿用上一级（本地区的 default，再到市级）",
             "properties": {key: _described(shapes[key], f"{label}（{shapes[key]['description']}）")
                            for key, label in GUIDANCE_FIELDS.items()},
             "minProperties": 1, "additionalProperties": False}
    return _document("guidance", "办理指南（一个地区）", {
        "region": {"type": "object", "description": "本文件所属的地区，与文件名 guidance/<代码>.yaml 一致",
                   "properties": {"code": REGION_CODE, "name": TEXT}, "required": ["code", "name"],
                   "additionalProperties": False},
        "default": _described({"$ref": "#/$defs/entry"}, "本地区各项目共用的办理方式（项目没有单独写的字段用这里的）"),
        "items": {"type": "object", "description": "按项目标识（例如 old-age-allowance-80-99）单独写的办理方式",
                  "propertyNames": {"$ref": "#/$defs/slug"}, "additionalProperties": {"$ref": "#/$defs/entry"}},
    }, ["region"], {"entry": entry, "slug": SLUG})


SCHEMAS = {"list": list_schema, "derivation": derivation_schema, "vocabulary": vocabulary_schema,
           "indicators": indicators_schema, "target": target_schema, "guidance": guidance_schema}


def render(kind: str) -> str:
    return json.dumps(SCHEMAS[kind](), ensure_ascii=False, indent=2) + "\n"


def write_schemas(folder: Path) -> None:
    for kind in SCHEMAS:
        (folder / f"{kind}.schema.json").write_text(render(kind), encoding="utf-8")


if __name__ == "__main__":
    write_schemas(Path(__file__).resolve().parents[2] / "policy" / "schema")
