"""Characters that change what a reader sees without being seen themselves, in one set used in two places:

- the loader refuses them in policy files (:mod:`generator.loading.yamlsafe`), so no policy text carries them;
- every line the command line prints goes through :func:`echo`, which removes them, so whatever is quoted back
  (a region name, a profile key, a path, a YAML key) cannot retitle, rewrite or clear the user's terminal.

The set: the C0 controls except tab and newline (ESC and BEL start and end terminal commands such as
``ESC ] 0 ; title BEL``), DEL, the C1 controls (U+009B is a one-character ESC [), and the bidirectional
embedding, override and isolate characters U+202A–U+202E and U+2066–U+2069, which reorder the text on screen
so that it reads differently from what it is ("Trojan Source").
"""
from __future__ import annotations

import re

_DIRECTION = "\u202a-\u202e\u2066-\u2069"
CONTROL_CHARACTERS = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_DIRECTION}]")
_DIRECTION_CHARACTER = re.compile(f"[{_DIRECTION}]")


def describe(character: str) -> str:
    """How a finding names one of the characters, e.g. “控制字符 U+001B”."""
    kind = "文字方向控制字符" if _DIRECTION_CHARACTER.match(character) else "控制字符"
    return f"{kind} U+{ord(character):04X}"


def strip_controls(text: str) -> str:
    return CONTROL_CHARACTERS.sub("", text)


def echo(message: str = "", err: bool = False) -> None:
    """``click.echo`` without the characters above: the one way the command line prints text."""
    import click  # here: the loader uses this module in the browser too (generator/site/draft/), without click

    click.echo(strip_controls(message), err=err)
