"""Where the site reads its input from: the project root, the policy root and the build date.

Two environment variables override the defaults (both ``mkdocs build``/``mkdocs serve`` and ``qingdan build`` read
them through these functions, so every way of building sees the same input):

- ``QINGDAN_POLICY``: the policy root (the folder holding ``vocabulary.yaml``), default ``policy/`` next to
  ``mkdocs.yml``; a relative path is taken from the current directory.
- ``QINGDAN_AS_OF``: the date (YYYY-MM-DD) whose lists in force the site shows, default today.
"""
from __future__ import annotations

import datetime
import os
from pathlib import Path

from ..dates import parse_date
from ..errors import UserError

POLICY_ENV = "QINGDAN_POLICY"
AS_OF_ENV = "QINGDAN_AS_OF"


class SettingError(UserError):
    """A setting the user gave cannot be used; the message is Chinese and says how to fix it."""


def project_root() -> Path:
    """The repository: the folder holding ``mkdocs.yml``, ``docs/`` and ``policy/``."""
    return Path(__file__).resolve().parents[2]


def config_file() -> Path:
    return project_root() / "mkdocs.yml"


def policy_root(default: Path | None = None) -> Path:
    value = os.environ.get(POLICY_ENV, "").strip()
    root = Path(value).expanduser().resolve() if value else (default or project_root() / "policy")
    if not (root / "vocabulary.yaml").is_file():
        where = f"（由环境变量 {POLICY_ENV} 指定）" if value else ""
        raise SettingError(f"政策目录“{root}”{where}中没有 vocabulary.yaml，不是有效的政策目录")
    return root


def as_of() -> datetime.date:
    value = os.environ.get(AS_OF_ENV, "").strip()
    if not value:
        return datetime.date.today()
    try:
        return parse_date(value, f"环境变量 {AS_OF_ENV} 的值")
    except UserError as exc:
        raise SettingError(str(exc)) from None
