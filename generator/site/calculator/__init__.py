"""资格自测 — the in-browser eligibility calculator, site-build side.

The page, its JavaScript and CSS live in ``docs/calculator/``; this package gives them what they need at build time:

- ``runtime``: the Pyodide runtime copied from the pinned npm package (only the four files it loads) and the project
  made into a wheel from its own sources on every build (standard library only, deterministic), so the browser
  imports the very same ``generator.engine`` as the command line;
- ``page``: the calculator page's Content-Security-Policy, with the theme's inline scripts moved into files so that
  the policy can forbid inline scripts;
- ``stdlib``: which of Pyodide's standard-library files the calculator publishes (recorded under Node);
- ``answers``: the answer tables the page shows before the runtime has loaded (the engine's own answers to the
  first questions, made at build time);
- ``offline``: the service worker's build (what it keeps in the browser for repeat visits and offline use);
- ``hook``: the MkDocs hook (listed under ``hooks:`` in ``mkdocs.yml``) that wires all of them into the build;
- ``serving``: a local static server (precompressed copies, optionally gzip, counting bytes) for the browser tests
  and the benchmark.
"""

PAGE_SRC_URI = "calculator/index.md"
"""The calculator page's source file, relative to ``docs/``; the hook changes this page only."""
