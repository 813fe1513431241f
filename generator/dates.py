"""A date the user gives (``--as-of``, ``QINGDAN_AS_OF``): the one reader of it, with the one Chinese error."""
from __future__ import annotations

import datetime

from .errors import UserError


def parse_date(text: str, given: str) -> datetime.date:
    """``text`` as a YYYY-MM-DD date; ``given`` says where it was given, e.g. "日期" or "环境变量 QINGDAN_AS_OF 的值"."""
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise UserError(f"{given}“{text}”无效，格式应为 YYYY-MM-DD，例如 2024-03-01") from None
