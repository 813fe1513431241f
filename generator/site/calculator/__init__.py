"""资格自测 — the in-browser eligibility calculator, site-build side.

The page, its JavaScript and CSS live in ``docs/calculator/``; this package gives them what they need at build time:

- ``runtime``: the Pyodide runtime copied from the pinned npm package (only the four files it loads) and the project
  made into a wheel from its own sources on every build (standard library only, deterministic), so the browser
  imports the very same ``generator.engine`` as the command line;
- ``page``: the calculator page's Content-Security-Policy, with the theme's inline scripts moved into files so that
  the policy can forbid inline scripts;
- ``hook``: the MkDocs hook (listed under ``hooks:`` in ``mkdocs.yml``) that wires both into the build;
- ``serving``: a local static server (optionally gzip, counting bytes) for the browser tests and the benchmark.
"""

PAGE_SRC_URI = "calculator/index.md"
"""The calculator page's source file, relative to ``docs/``; the hook changes this page only."""
