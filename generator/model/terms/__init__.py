"""The kinds of benefit term, one module each (see :mod:`.base`): adding a kind is one module and one line here."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .amount import Amount
from .base import COMMON_RULES, MeasuredTerm, ParamValue, Sides, Term, TermChange, parameters_in_place
from .count import Count
from .discount import Discount
from .text import Text
from .time_limit import TimeLimit
from .voucher import Voucher

KINDS: dict[str, type[Term]] = {kind.KIND: kind for kind in (Amount, Count, TimeLimit, Discount, Text, Voucher)}
"""Every kind, in the order the schema lists them."""

RULES = (*COMMON_RULES, *(rule for kind in KINDS.values() for rule in kind.RULES))
"""The rules a comparison of two terms can raise."""


def parse_term(data: Mapping[str, Any]) -> Term:
    return KINDS[data["kind"]].parse(data)


__all__ = ["KINDS", "RULES", "MeasuredTerm", "ParamValue", "Sides", "Term", "TermChange", "parameters_in_place",
           "parse_term"]
