"""The calculator page's HTML: a page with no inline script, so that its Content-Security-Policy allows none.

The theme (mkdocs-material) writes small inline scripts into every page (``__md_scope``/``__md_get`` in the head,
which its bundle needs, and a few after the content). Every other page allows them by their hashes
(generator/site/csp.py); on this page, which runs the citizen's answers through Pyodide, each one is moved,
unchanged, into a file named after its content hash and loaded from there: same code, same order, same moment.
"""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path, PurePosixPath

from generator.site.csp import SCRIPT, is_inline_script, policy

POLICY_SOURCES = {"script-src": ("'wasm-unsafe-eval'",), "worker-src": ("'self'", "blob:")}
"""What this page needs beyond the site's policy: 'wasm-unsafe-eval' lets Pyodide compile WebAssembly; blob: lets the
page start the engine's worker, which then runs under this same policy."""

CSP = policy(extra_sources=POLICY_SOURCES)
"""The calculator page's policy as built (it has no inline scripts, so it lists no hashes)."""

RUNTIME_ELEMENT_ID = "qc-runtime"


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

    return SCRIPT.sub(replace, page_html), files


def add_to_head(page_html: str, markup: str) -> str:
    """Put ``markup`` just before ``</head>``."""
    if "</head>" not in page_html:
        raise ValueError("the page has no </head>")
    at = page_html.index("</head>")
    return page_html[:at] + markup + page_html[at:]


_SEARCH_FORM = '<form class="md-search__form" name="search">'
_SEARCH_COMPONENT = ' data-md-component="search"'
HIDE_SEARCH = '<style>.md-search,.md-header__button[for="__search"]{display:none}</style>'


def without_site_search(page_html: str) -> str:
    """The page without the site-wide search, so the theme never downloads the search index here.

    Material fetches ``search/search_index.json`` only when the page has a form named ``search``, and starts its
    search worker for every element marked ``data-md-component="search"``; on this one page those downloads would
    compete with Pyodide's for the citizen's bandwidth, so the form loses its name, the dialog its mark, and the
    search button and dialog are hidden. Every other page keeps search.
    """
    if _SEARCH_FORM not in page_html or page_html.count(_SEARCH_COMPONENT) != 1:
        raise ValueError("the theme's search form changed: update without_site_search")
    return page_html.replace(_SEARCH_FORM, '<form class="md-search__form">').replace(_SEARCH_COMPONENT, "")


def json_block(element_id: str, data: dict) -> str:
    """Data for the page's script as a non-executable JSON block (allowed under the policy, like the theme's own)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return f'<script id="{element_id}" type="application/json">{text}</script>'


def versioned(config, page_src_uri: str, name: str) -> str:
    """A file beside the page ``page_src_uri`` in docs/, with its content hash as a query: a new version is fetched
    anew, an unchanged one comes from the browser's cache."""
    source = Path(config.docs_dir) / PurePosixPath(page_src_uri).parent / name
    return f"{name}?v={hashlib.sha256(source.read_bytes()).hexdigest()[:12]}"
