"""县区清单编制 — the editors' page where a county drafts its list in the browser, checked by the project's own code.

The page (``docs/editors/draft/``) runs, under Pyodide in a Web Worker, the same loading, derivation, comparison and
check as ``qingdan check`` and ``qingdan compare``; JavaScript only moves data and renders. This package gives it:

- ``session``: the Python the worker calls (and the tests call natively): one draft, its edits, its file text (written
  by the same writer as ``qingdan county new``) and its check;
- ``runtime``: what the page loads beyond the calculator's Pyodide: the project's loading and checking code as a
  wheel, the pure-Python PyYAML and jsonschema it needs (pinned, hash-checked: requirements-browser.lock.txt), the
  full standard library, and the parent lists the draft is checked against;
- ``hook``: the MkDocs hook that publishes them and gives the page its settings and Content-Security-Policy.
"""

PAGE_SRC_URI = "editors/draft/index.md"
"""The page's source file, relative to ``docs/``."""

POLICY_SOURCES = {"script-src": ("'wasm-unsafe-eval'",), "worker-src": ("'self'",)}
"""What the page needs beyond the site's Content-Security-Policy: Pyodide compiles WebAssembly in the page's worker,
a file of this site."""
