"""The calculator page's HTML: a Content-Security-Policy that forbids inline scripts, and a page that has none.

The theme (mkdocs-material) writes small inline scripts into every page (``__md_scope``/``__md_get`` in the head,
which its bundle needs, and a few after the content). Under the policy they would be blocked — the bundle would
then fail and the console would show errors — so on this page each one is moved, unchanged, into a file named
after its content hash and loaded from there: same code, same order, same moment.
"""
from __future__ import annotations

import hashlib
import html
import json
import re

CSP = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; worker-src 'self' blob:; "
       "img-src 'self' data:; style-src 'self' 'unsafe-inline'; object-src 'none'")
"""'wasm-unsafe-eval' lets Pyodide compile WebAssembly; blob: lets the page start the engine's worker, which then
runs under this same policy; style-src needs 'unsafe-inline' for the theme's inline <style> and style attributes."""

RUNTIME_ELEMENT_ID = "qc-runtime"

_SCRIPT = re.compile(r"<script(?P<attrs>(?:\s[^>]*)?)>(?P<code>.*?)</script>", re.S | re.I)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.I)
_EXECUTABLE_TYPES = {"", "text/javascript", "application/javascript", "module"}
_CHARSET = re.compile(r"<meta\s+charset=[^>]*>", re.I)


def is_inline_script(attrs: str) -> bool:
    """An executable script written into the page (not loaded with src=, not a data block such as JSON)."""
    if re.search(r"\bsrc\s*=", attrs, re.I):
        return False
    found = _TYPE.search(attrs)
    return (found.group(1).lower() if found else "") in _EXECUTABLE_TYPES


def externalize_inline_scripts(page_html: str, prefix: str = "theme-") -> tuple[str, dict[str, str]]:
    """Replace each inline script by ``<script src="{prefix}{hash}.js">``; returns the page and {file name: code}."""
    files: dict[str, str] = {}

    def replace(match: re.Match) -> str:
        attrs, code = match.group("attrs"), match.group("code")
        if not is_inline_script(attrs):
            return match.group(0)
        name = f"{prefix}{hashlib.sha256(code.encode()).hexdigest()[:12]}.js"
        files[name] = code
        return f'<script{attrs} src="{name}"></script>'

    return _SCRIPT.sub(replace, page_html), files


def inline_scripts(page_html: str) -> list[str]:
    """The inline scripts left in a page (a test helper and a build-time check)."""
    return [m.group("code") for m in _SCRIPT.finditer(page_html) if is_inline_script(m.group("attrs"))]


def add_to_head(page_html: str, first: str, last: str) -> str:
    """Put ``first`` right after the charset declaration (before anything the policy must cover) and ``last``
    just before ``</head>``."""
    charset = _CHARSET.search(page_html)
    if charset is None or "</head>" not in page_html:
        raise ValueError("the page has no <meta charset> or no </head>")
    page_html = page_html[:charset.end()] + first + page_html[charset.end():]
    at = page_html.index("</head>")
    return page_html[:at] + last + page_html[at:]


_SEARCH_FORM = '<form class="md-search__form" name="search">'
HIDE_SEARCH = '<style>.md-search,.md-header__button[for="__search"]{display:none}</style>'


def without_site_search(page_html: str) -> str:
    """The page without the site-wide search, so the theme never downloads the search index here.

    Material fetches ``search/search_index.json`` only when the page has a form named ``search``; on this one page
    that download (about 0.9 MB uncompressed) would compete with Pyodide's for the citizen's bandwidth, so the form
    loses its name and the search button and dialog are hidden. Every other page keeps search.
    """
    if _SEARCH_FORM not in page_html:
        raise ValueError("the theme's search form changed: update without_site_search")
    return page_html.replace(_SEARCH_FORM, '<form class="md-search__form">')


def csp_meta() -> str:
    return f'<meta http-equiv="Content-Security-Policy" content="{html.escape(CSP, quote=False)}">'


def json_block(element_id: str, data: dict) -> str:
    """Data for the page's script as a non-executable JSON block (allowed under the policy, like the theme's own)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return f'<script id="{element_id}" type="application/json">{text}</script>'
