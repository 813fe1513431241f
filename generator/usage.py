"""click's own words (usage, help, its errors) in Chinese, through its gettext catalogue.

click words everything it prints with :func:`gettext.gettext` (msgids are its English source text). The catalogue
``locale/zh_CN/LC_MESSAGES/qingdan.po`` translates them; :func:`compile_catalogue` (``python -m generator.usage``,
run by scripts/bootstrap.sh) compiles it to ``qingdan.mo``, and :func:`install` makes gettext use it whatever the
user's locale: the command line speaks Chinese. A new click version keeps working: a msgid it no longer has is
simply not used, and a new one shows in English until it is added here (tests/test_check_cli.py checks the usage
errors).

A usage error is told as one Chinese sentence by :func:`usage_message`: click's translated words, with the names
the user typed in Chinese quotation marks (click quotes them with ``repr``, which no translation can change).
"""
from __future__ import annotations

import gettext
import os
from pathlib import Path

import click

from .textsafety import echo

DOMAIN = "qingdan"
LANGUAGE = "zh_CN"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
CATALOGUE = LOCALE_DIR / LANGUAGE / "LC_MESSAGES" / f"{DOMAIN}.po"
_ = gettext.gettext


def install() -> None:
    """Make gettext (and so click) use the Chinese catalogue for the rest of this process."""
    gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    gettext.textdomain(DOMAIN)
    os.environ["LANGUAGE"] = LANGUAGE  # gettext takes the language from the environment, before the locale


def compile_catalogue() -> Path:
    """qingdan.po -> qingdan.mo, next to it (Babel's reader and writer)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with CATALOGUE.open("rb") as source:
        catalog = read_po(source, locale=LANGUAGE)
    compiled = CATALOGUE.with_suffix(".mo")
    with compiled.open("wb") as target:
        write_mo(target, catalog)
    return compiled


def _name(param: click.Parameter) -> str:
    """How the user writes the parameter: an option's longest name, an argument's metavar."""
    return max(param.opts, key=len) if isinstance(param, click.Option) else param.human_readable_name


def _suggestion(possibilities: list[str] | None) -> str:
    if not possibilities:
        return ""
    return "，是不是想写" + "、".join(f"“{p}”" for p in sorted(possibilities)) + "？"


def usage_message(exc: click.UsageError) -> str:
    """The usage error as a Chinese sentence, with how to get help."""
    if isinstance(exc, (click.NoSuchOption, click.exceptions.NoSuchCommand)):
        message = exc.message + _suggestion(exc.possibilities)
    elif isinstance(exc, click.MissingParameter) and exc.param is not None:
        missing = _("Missing option") if isinstance(exc.param, click.Option) else _("Missing argument")
        message = f"{missing}“{_name(exc.param)}”"
    elif isinstance(exc, click.BadParameter) and exc.param is not None:
        kind = "选项" if isinstance(exc.param, click.Option) else "参数"
        message = f"{kind}“{_name(exc.param)}”的{exc.message}"
    else:
        message = exc.format_message()
    command = exc.ctx.command_path if exc.ctx else "qingdan"
    return f"用法错误：{message}\n运行“{command} --help”查看用法。"


if __name__ == "__main__":
    echo(f"已编译 {compile_catalogue()}")
