"""What every benefit term has, and the comparison shared by the kinds that carry a number.

A :class:`Term` subclass is one kind of term (``kind:`` in a policy file). It lives in one module of this package and
carries everything about that kind: its fields and their JSON Schema, how it reads (:meth:`Term.wording`), how its
value resolves against the list's parameters (:meth:`Term.resolve`), what the engine shows of it
(:meth:`Term.benefit`), how a child list's term compares with the parent's (:meth:`Term.compare`, which way is
:meth:`~Term.better`), and the rules that comparison can raise (``RULES``). :mod:`generator.model.terms` lists the
kinds; the schema, the engine, the comparison, the site and the scaffold all read them from there.

Every change is told twice: ``message`` says what changed (for the diff between two revisions, read by citizens), and
``advice`` tells the editor of a list that must not be weaker what the parent requires, what the child wrote and what
to write instead.
"""
from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from ...findings import ERROR, Rule
from ..condition import Condition
from ..text import join_or, number

PERIODS = ("日", "周", "月", "季", "年")
PER_YEAR = {"日": 365, "周": 52, "月": 12, "季": 4, "年": 1}
BOUND_NAMES = {"min": "不低于", "max": "不超过", "exact": "固定为"}
_BOUND_AMOUNT = {"min": "不低于", "max": "不超过", "exact": ""}
_WEAKER_BOUND = {True: {"min": 2, "exact": 1, "max": 0}, False: {"max": 2, "exact": 1, "min": 0}}

COMMON_RULES = (
    Rule("TERM_KIND_CHANGED", ERROR, "降低", "服务标准的类型改变（如金额改成了文字），无法保证不低于上级",
         "“{label}”的类型由{old}改成了{new}",
         public="{child}改变了标准的写法，无法确认不低于{parent}（不符合）：{change}"),
    Rule("UNIT_MISMATCH", ERROR, "其他", "计量单位或周期不同，无法比较",
         {"unit": "“{label}”的单位由“{old}”改成了“{new}”", "period": "“{label}”的周期由“{old}”改成了“{new}”"},
         public="{child}的计量单位或周期与{parent}不同，无法比较（不符合）：{change}"),
    Rule("BOUND_WEAKENED", ERROR, "降低", "标准的性质变弱（如“不低于”改成了“不超过”）",
         "“{label}”由“{old}”改成了“{new}”",
         public="{child}的标准比{parent}宽松（不符合）：{change}"),
)
_RULES = {rule.id: rule for rule in COMMON_RULES}


@dataclass(frozen=True)
class Sides:
    """How an editor's message names the parent list and the child: ("市清单", "本县")."""

    parent: str
    child: str


@dataclass
class TermChange:
    rule: Rule
    message: str
    advice: str
    parent_value: float | None = None
    child_value: float | None = None
    hint: str = ""


@dataclass(frozen=True)
class ParamValue:
    """A value given by a parameter of the list, possibly times a factor (``value: {param: …, times: 1.3}``)."""

    param: str
    times: float = 1


def parameters_in_place(parent: Mapping[str, Any], child: Mapping[str, Any]) -> dict[str, Any]:
    """The parent's parameters as they apply in the child's place: a local one (当地低保标准, whether the county
    implements free transit) is each place's own, so the child's value stands on both sides of a comparison."""
    return {**parent, **{name: p for name, p in child.items()
                         if p.local or (name in parent and parent[name].local)}}


@dataclass(frozen=True)
class Term:
    """One benefit of an item. Subclasses set the class attributes and add their own fields."""

    KIND: ClassVar[str]
    NOUN: ClassVar[str]  # how a change of kind names it: 金额, 次数…
    DIRECTION: ClassVar[str] = ""  # which way is better, for the schema's description
    PROPERTIES: ClassVar[dict[str, str]] = {}  # its own fields: name -> JSON Schema shape (see model/schemas.py)
    REQUIRED: ClassVar[tuple[str, ...]] = ()  # the fields it requires beyond id, kind and label
    RULES: ClassVar[tuple[Rule, ...]] = ()  # the rules its comparison can raise, besides COMMON_RULES
    MEASURED: ClassVar[bool] = False  # carries a number that a list may leave open (由县区政府确定)
    PERIODIC: ClassVar[bool] = False  # a number per period (每月…): values in different periods compare per year

    id: str
    label: str
    when: Condition | None = None
    alternatives: str | None = None
    overlap: str | None = None
    example: bool = False
    text: str | None = None

    @classmethod
    def parse(cls, data: Mapping[str, Any]) -> "Term":
        """A term of this kind as written (already valid against the schema); fields of other kinds are ignored."""
        names = {f.name for f in dataclasses.fields(cls)}
        values = {key: value for key, value in data.items() if key in names}
        if "when" in values:
            values["when"] = Condition.parse(values["when"])
        if isinstance(values.get("value"), Mapping):
            values["value"] = ParamValue(values["value"]["param"], values["value"].get("times", 1))
        return cls(**values)

    # -- values --------------------------------------------------------------------------------------------------
    @property
    def param(self) -> str | None:
        """The parameter the value comes from, if it does."""
        value = getattr(self, "value", None)
        return value.param if isinstance(value, ParamValue) else None

    def amount(self, parameters: Mapping[str, Any], fallback: Mapping[str, Any] | None = None) -> float | None:
        """The number the comparison compares: literal, or parameter × times; an open parameter is looked up in
        ``fallback``. None when there is none."""
        return None

    def resolve(self, parameters: Mapping[str, Any]) -> tuple[float | None, str, bool]:
        """(number or None when left open, explanation of a formula or open value, whether it is an example)."""
        return None, "", self.example

    # -- wording -------------------------------------------------------------------------------------------------
    def wording(self, value: float | None, open_text: str = "") -> str:
        """The measurable part, e.g. "每人每月不低于70元", "每年不少于1次", "7日内", "免费". ``open_text`` stands in
        for a value the list leaves open, e.g. "当地低保标准的1.3倍（由县区政府确定）"."""
        raise NotImplementedError

    def describe(self, parameters: Mapping[str, Any]) -> tuple[str, float | None, bool]:
        """(the whole text as shown, with a formula's explanation; the value; whether it is an example)."""
        value, explanation, example = self.resolve(parameters)
        text = self.wording(value, explanation)
        if value is not None and explanation:
            text += f"（{explanation}）"
        return text, value, example

    def benefit(self, value: float | None) -> dict[str, Any]:
        """What the engine's result adds for this kind, under its own key (the calculator reads ``measure``)."""
        return {}

    def shape(self) -> tuple | None:
        """Terms of the same shape say their values together ("每人每月不低于100元或200元"); None: never."""
        return None

    @staticmethod
    def together(terms: list["Term"], values: list[float | None], open_texts: list[str]) -> str:
        """Terms of which only one applies (e.g. 全自理/半护理/全护理), said once: "每人每月不低于100元或200元"."""
        first = terms[0]
        shape = first.shape()
        if shape is not None and None not in values and all(t.shape() == shape for t in terms):
            return first.prefix() + join_or([f"{number(v)}{first.unit}" for v in values])
        return join_or([t.wording(v, o) for t, v, o in zip(terms, values, open_texts)])

    # -- comparison ----------------------------------------------------------------------------------------------
    @classmethod
    def better(cls, old: float, new: float) -> bool:
        """Whether ``new`` is better for the citizen than ``old``."""
        return False

    @classmethod
    def worse(cls, old: float, new: float) -> bool:
        """Whether ``new`` is worse for the citizen than ``old``: a weakening when a child list writes it."""
        return cls.better(new, old)

    def required(self, value: float | None, parameters: Mapping[str, Any]) -> str:
        """What the term asks for in words, with the formula behind a computed value: "每人每月不低于988元（…的1.3倍）"."""
        if value is None:
            return ""
        text = self.wording(value)
        if self.param is not None:
            label = parameters[self.param].label if self.param in parameters else self.param
            times = self.value.times
            text += f"（{label}的{number(times)}倍）" if times != 1 else f"（{label}）"
        return text

    def compare(self, child: "Term", parent_params: Mapping[str, Any], child_params: Mapping[str, Any],
                sides: Sides, subject: str = "") -> list[TermChange]:
        """The changes from this (the parent's) term to the child's. ``subject`` names the term in advice
        ("“护理补贴（全护理）”"); empty when the item's name already says it."""
        return []

    def kind_changed(self, child: "Term", required: str, sides: Sides, subject: str) -> TermChange:
        shown_required = f"（{required}）" if required else ""
        return TermChange(
            _RULES["TERM_KIND_CHANGED"], _RULES["TERM_KIND_CHANGED"].text(label=self.label, old=self.NOUN,
                                                                           new=child.NOUN),
            f"{sides.parent}的{subject or '服务标准'}是{self.NOUN}{shown_required}；{sides.child}写成了{child.NOUN}，"
            f"无法确认不低于{sides.parent}。请改回{self.NOUN}（kind: {self.KIND}）并写明数值。")


@dataclass(frozen=True)
class MeasuredTerm(Term):
    """A term with a number, a unit and a bound (amount, count, time limit): higher or lower is better."""

    MEASURED: ClassVar[bool] = True
    HIGHER_IS_BETTER: ClassVar[bool] = True
    LOWERED: ClassVar[str]  # the rule for a worse value
    RAISED: ClassVar[str]  # the rule for a better one

    value: float | ParamValue | None = None
    unit: str = ""
    bound: str = "exact"
    per: str | None = None
    period: str | None = None

    @classmethod
    def better(cls, old: float, new: float) -> bool:
        return new > old if cls.HIGHER_IS_BETTER else new < old

    def amount(self, parameters: Mapping[str, Any], fallback: Mapping[str, Any] | None = None) -> float | None:
        if not isinstance(self.value, ParamValue):
            return self.value
        parameter = parameters.get(self.value.param)
        base = parameter.value if parameter is not None else None
        if base is None and fallback is not None and self.value.param in fallback:
            base = fallback[self.value.param].value
        return None if base is None else base * self.value.times

    def resolve(self, parameters: Mapping[str, Any]) -> tuple[float | None, str, bool]:
        if not isinstance(self.value, ParamValue):
            return self.value, "", self.example
        parameter = parameters[self.value.param]
        times = self.value.times
        example = self.example or parameter.example
        base = parameter.value
        multiple = f"的{number(times)}倍" if times != 1 else ""
        if base is None:
            if times == 1:
                return None, parameter.text, example
            return None, f"{parameter.label}{multiple}（{parameter.text}）", example
        if times == 1:
            return base, "", example
        return base * times, f"{parameter.label}{number(base)}{parameter.unit}{multiple}", example

    def prefix(self) -> str:
        """What stands before the number: "每人每月不低于"."""
        per = f"每{self.per}" if self.per else ""
        period = f"每{self.period}" if self.period else ""
        return f"{per}{period}{self.bound_words()}"

    def bound_words(self) -> str:
        return _BOUND_AMOUNT[self.bound]

    def wording(self, value: float | None, open_text: str = "") -> str:
        if value is None:  # open_text is "由县区政府确定…" or a formula like "当地低保标准的1.3倍（由县区政府确定）"
            if open_text.startswith("由"):
                return f"标准{open_text}"
            return f"{'每' + self.per if self.per else ''}{'每' + self.period if self.period else ''}" \
                   f"{_BOUND_AMOUNT[self.bound]}{open_text}"
        return f"{self.prefix()}{number(value)}{self.unit}"

    def measure(self, value: float | None) -> dict[str, Any]:
        return {"value": value, "unit": self.unit, "bound": self.bound}

    def benefit(self, value: float | None) -> dict[str, Any]:
        return {self.KIND: self.measure(value), "measure": value}

    def show(self, value: float) -> str:
        """A value in a change message: "每月70元"."""
        period = f"每{self.period}" if self.period else ""
        return f"{period}{number(value)}{self.unit}"

    def fix(self, child: "MeasuredTerm", target: float, higher: bool) -> str:
        """What the child must write: the parent's floor (or ceiling) in the child's own period, e.g. "不低于70元"."""
        bound = self.bound
        if bound == "exact":
            bound = "min" if higher else "max"
        period = child.period if child.period != self.period else None
        return dataclasses.replace(self, bound=bound, per=None, period=period).wording(target)

    def compare(self, child: Term, parent_params: Mapping[str, Any], child_params: Mapping[str, Any],
                sides: Sides, subject: str = "") -> list[TermChange]:
        label, what = self.label, subject or "服务标准"
        # a local parameter (当地低保标准) is each place's own fact: the parent's formula uses the child's value
        old = self.amount(parameters_in_place(parent_params, child_params), child_params)
        required = self.required(old, parent_params)
        shown_required = f"（{required}）" if required else ""
        if child.KIND != self.KIND:
            return [self.kind_changed(child, required, sides, subject)]
        unit_rule = _RULES["UNIT_MISMATCH"]
        if child.unit != self.unit:
            return [TermChange(
                unit_rule, unit_rule.text("unit", label=label, old=self.unit, new=child.unit),
                f"{sides.parent}的{what}以“{self.unit}”为单位{shown_required}；{sides.child}写的单位是"
                f"“{child.unit}”，无法比较。请把单位改为“{self.unit}”（unit: {self.unit}），并按“{self.unit}”填写数值。")]
        new = child.amount(child_params)
        if old is None or new is None:
            return []  # an open value: reported as PARAMETER_UNFILLED
        higher = self.HIGHER_IS_BETTER
        old_cmp, new_cmp, target = old, new, old
        if self.PERIODIC and self.period != child.period:
            if self.period and child.period:
                old_cmp, new_cmp = old * PER_YEAR[self.period], new * PER_YEAR[child.period]
                target = _rounded(old_cmp / PER_YEAR[child.period], higher)  # the parent's floor per the child's period
            elif not (self.amount(parent_params) is None and not self.period):  # else: both left to the child
                fix = f"写 period: {self.period}" if self.period else "删除 period"
                return [TermChange(
                    unit_rule, unit_rule.text("period", label=label, old=self.period or "无", new=child.period or "无"),
                    f"{sides.parent}的{what}{_period_words(self)}{shown_required}；{sides.child}写的是"
                    f"{_period_words(child)}，无法比较。请{fix}，与{sides.parent}一致。")]
        changes = []
        if new_cmp != old_cmp:
            changes.append(self.value_changed(child, old, new, old_cmp, new_cmp, target, required, child_params,
                                              sides, subject))
        bound = self.bound_weakened(child, old, new, required, sides, subject)
        if bound is not None:
            changes.append(bound)
        return changes

    def value_changed(self, child: "MeasuredTerm", old: float, new: float, old_cmp: float, new_cmp: float,
                      target: float, required: str, child_params: Mapping[str, Any], sides: Sides,
                      subject: str) -> TermChange:
        worse = self.worse(old_cmp, new_cmp)
        rule = next(r for r in self.RULES if r.id == (self.LOWERED if worse else self.RAISED))
        advice, hint = "", ""  # an improvement is told as it is
        if worse:
            period = f"每{child.period}" if child.period != self.period else ""
            advice = (f"{sides.parent}要求{subject}{required}；{sides.child}写的是{period}{number(new)}{child.unit}。"
                      f"请改为{self.fix(child, target, self.HIGHER_IS_BETTER)}。")
            hint = _param_hint(child, child_params, target, self.HIGHER_IS_BETTER)
        return TermChange(rule, rule.text(label=self.label, old=self.show(old), new=child.show(new)), advice, old, new,
                          hint)

    def bound_weakened(self, child: "MeasuredTerm", old: float, new: float, required: str, sides: Sides,
                       subject: str) -> TermChange | None:
        ranks = _WEAKER_BOUND[self.HIGHER_IS_BETTER]
        if not (ranks[child.bound] < ranks[self.bound] and child.bound != "exact"):
            return None
        rule = _RULES["BOUND_WEAKENED"]
        return TermChange(
            rule, rule.text(label=self.label, old=BOUND_NAMES[self.bound], new=BOUND_NAMES[child.bound]),
            f"{sides.parent}要求{subject}{required}；{sides.child}写的是{child.wording(new)}。"
            f"请改为“{BOUND_NAMES[self.bound]}”（bound: {self.bound}）。", old, new)


def _period_words(term: MeasuredTerm) -> str:
    return f"按{term.period}计" if term.period else "不分周期"


def _rounded(value: float, up: bool) -> float:
    """To cents, in the citizen's favour (a floor rounded up, a ceiling rounded down)."""
    return (math.ceil if up else math.floor)(round(value * 100, 6)) / 100


def _param_hint(child: MeasuredTerm, child_params: Mapping[str, Any], target: float, higher: bool) -> str:
    """When the child's value comes from its own parameter, the number to give that parameter instead."""
    if child.param is None or child.param not in child_params:
        return ""
    times = child.value.times
    needed = _rounded(target / times, higher)
    label = child_params[child.param].label
    word = "不低于" if higher else "不超过"
    return (f"这里的数值来自参数“{label}”（{child.param}）"
            + (f"的{number(times)}倍" if times != 1 else "") + f"：请把该参数的 value 改为{word}{number(needed)}{child.unit}")
