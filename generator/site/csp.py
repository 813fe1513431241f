"""The Content-Security-Policy of every page: a ``<meta>`` right after ``<meta charset>``, made by one function.

A static site cannot set headers, so each page carries its policy. The theme (mkdocs-material) writes small inline
scripts into every page, and their text differs from page to page (``__md_scope`` holds the relative path to the
site root), so each page's ``script-src`` lists the sha256 of exactly the inline scripts that page contains: any
other inline script (e.g. one smuggled in through policy text) is refused. The hashes are taken from the page as it
is written to disk — generator/site/hooks.py adds the policy after every other ``on_post_page``/``on_post_template``.

A ``<meta>`` policy cannot carry ``frame-ancestors``, ``report-uri`` or ``sandbox``: the headers the web server must
send are listed in docs/editors/index.md (部署网站).
"""
from __future__ import annotations

import base64
import hashlib
import html
import re
from collections.abc import Iterable, Mapping, Sequence

SITE_SOURCES: dict[str, tuple[str, ...]] = {
    "default-src": ("'self'",),
    "script-src": ("'self'",),
    # the calculator page's <style>, and any style="" a page writes (attr_list allows it): harmless here, as no
    # request can leave the site to carry data away
    "style-src": ("'self'", "'unsafe-inline'"),
    "img-src": ("'self'", "data:"),  # the theme's icons are data: URLs in its stylesheet
    "base-uri": ("'none'",),
    "object-src": ("'none'",),
    "form-action": ("'self'",),
}
"""What every page may load: only files of the site itself."""

SCRIPT = re.compile(r"<script(?P<attrs>(?:\s[^>]*)?)>(?P<code>.*?)</script>", re.S | re.I)
"""A ``<script>`` element: its attributes and its text."""

_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.I)
_EXECUTABLE_TYPES = {"", "text/javascript", "application/javascript", "module"}
_CHARSET = re.compile(r"<meta\s+charset=[^>]*>", re.I)
_POLICY_META = re.compile(r"""<meta\s+http-equiv=["']?content-security-policy""", re.I)


def is_inline_script(attrs: str) -> bool:
    """An executable script written into the page (not loaded with src=, not a data block such as JSON)."""
    if re.search(r"\bsrc\s*=", attrs, re.I):
        return False
    found = _TYPE.search(attrs)
    return (found.group(1).lower() if found else "") in _EXECUTABLE_TYPES


def inline_scripts(page_html: str) -> list[str]:
    """The text of each inline script in a page, in order."""
    return [m.group("code") for m in SCRIPT.finditer(page_html) if is_inline_script(m.group("attrs"))]


def script_hash(code: str) -> str:
    """The CSP source that allows exactly this inline script (the browser hashes its text as UTF-8)."""
    return f"'sha256-{base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()}'"


def policy(inline: Iterable[str] = (), extra_sources: Mapping[str, Sequence[str]] | None = None, *,
           live_reload: bool = False) -> str:
    """The policy for a page with these inline scripts that needs ``extra_sources`` beyond :data:`SITE_SOURCES`.

    ``live_reload`` (``mkdocs serve`` only) allows every inline script instead, for the script the development
    server injects into each response: its text changes with every request, so no hash can name it (and a browser
    ignores 'unsafe-inline' as soon as a hash is listed, so the hashes are left out). Built sites never use it.
    """
    directives = {name: list(sources) for name, sources in SITE_SOURCES.items()}
    for name, sources in (extra_sources or {}).items():
        directives.setdefault(name, []).extend(sources)
    allowed = ["'unsafe-inline'"] if live_reload else [script_hash(code) for code in inline]
    directives["script-src"].extend(dict.fromkeys(allowed))
    return "; ".join(" ".join([name, *sources]) for name, sources in directives.items())


def policy_meta(content: str) -> str:
    return f'<meta http-equiv="Content-Security-Policy" content="{html.escape(content, quote=False)}">'


def with_policy(page_html: str, extra_sources: Mapping[str, Sequence[str]] | None = None, *,
                live_reload: bool = False) -> str:
    """The page with its policy right after ``<meta charset>``, before anything the policy must cover."""
    if _POLICY_META.search(page_html):
        raise ValueError("the page already has a Content-Security-Policy: a second one would narrow the first")
    charset = _CHARSET.search(page_html)
    if charset is None:
        raise ValueError("the page has no <meta charset>")
    meta = policy_meta(policy(inline_scripts(page_html), extra_sources, live_reload=live_reload))
    return page_html[:charset.end()] + meta + page_html[charset.end():]
