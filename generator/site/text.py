"""Escaping for the two languages the pages are written in.

Policy text is shown verbatim and never interpreted: in HTML every string goes through Jinja's autoescape; in the
few Markdown places (headings, front matter) :func:`md_inline` escapes HTML *and* Markdown syntax, because Markdown
passes raw HTML through and would otherwise turn ``*`` or ``[…](…)`` in a policy string into markup.
"""
from __future__ import annotations

import html
import json
import re

from markupsafe import Markup

# Python-Markdown's escapable characters (plus "|" for tables); a backslash before any of them shows the character.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


def md_inline(text: object) -> Markup:
    """One line of policy text for a Markdown heading or list: shown exactly as written."""
    flat = " ".join(str(text).split())
    return Markup(_MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(flat, quote=False)))


def html_title(text: object) -> str:
    """A page title: mkdocs and the theme write titles into the HTML unescaped, so escape them here."""
    return html.escape(" ".join(str(text).split()), quote=True)


def front_matter(**meta: object) -> str:
    """YAML front matter; every value is written as JSON, which is valid YAML and needs no further quoting."""
    lines = ["---"]
    for key, value in meta.items():
        if value is None:
            continue
        lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    lines.append("---")
    return "\n".join(lines) + "\n\n"
