"""Every built page, 404.html included, carries one Content-Security-Policy <meta> before anything it must cover,
with base-uri 'none' and object-src 'none', and its script-src lists the hash of each inline script on that page
and nothing else (issue 11, point 14). The page is read with html.parser, independently of the generator's regex."""
from __future__ import annotations

import base64
import hashlib

import pytest

import qingdan_sitebuild as sitebuild

from generator.site.calculator.page import CSP
from generator.site.csp import policy

EXECUTABLE_TYPES = {"", "text/javascript", "application/javascript", "module"}


def directives(content: str) -> dict[str, list[str]]:
    parsed = [part.split() for part in content.split(";") if part.strip()]
    return {words[0]: words[1:] for words in parsed}


def sha256_source(code: str) -> str:
    return f"'sha256-{base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()}'"


def check_page(text: str) -> str:
    """The page's policy, after checking where it stands and that it allows exactly the page's inline scripts."""
    root = sitebuild.parse_html(text)
    elements = list(root.iter())
    metas = [e for e in elements if e.tag == "meta" and e.attrs.get("http-equiv", "").lower()
             == "content-security-policy"]
    assert len(metas) == 1, f"{len(metas)} policies"
    head = [e for e in root.find("head").children if isinstance(e, sitebuild.Element)]
    assert head[0].tag == "meta" and "charset" in head[0].attrs and head[1] is metas[0], "right after <meta charset>"
    scripts = [e for e in elements if e.tag == "script"]
    assert all(elements.index(metas[0]) < elements.index(s) for s in scripts)
    content = metas[0].attrs["content"]
    allowed = directives(content)
    assert allowed["base-uri"] == ["'none'"] and allowed["object-src"] == ["'none'"]
    assert allowed["default-src"] == ["'self'"]
    assert not {"'unsafe-inline'", "'unsafe-eval'"} & set(allowed["script-src"])
    inline = [s.text() for s in scripts if "src" not in s.attrs and s.attrs.get("type", "").lower() in EXECUTABLE_TYPES]
    listed = [source for source in allowed["script-src"] if source.startswith("'sha256-")]
    assert sorted(listed) == sorted({sha256_source(code) for code in inline}), "every inline script, no other"
    handlers = [(e.tag, name) for e in elements for name in e.attrs if name.startswith("on")]
    assert not handlers, f"inline event handlers are refused by the policy: {handlers}"
    return content


@pytest.mark.parametrize("build", ["real_site", "fixture_site"])
def test_every_page_has_one_policy_that_allows_exactly_its_inline_scripts(request, build):
    site = request.getfixturevalue(build)
    pages = sorted(site.rglob("*.html"))
    assert site / "404.html" in pages and len(pages) > 50
    with_hashes = 0
    for path in pages:
        try:
            content = check_page(path.read_text(encoding="utf-8"))
        except AssertionError as error:
            raise AssertionError(f"{path.relative_to(site)}: {error}") from None
        with_hashes += "'sha256-" in content
    assert with_hashes == len(pages) - 1, "the theme's inline scripts are allowed by hash on all but the calculator"


def test_the_calculator_page_keeps_its_stricter_policy_from_the_same_function(real_site):
    content = check_page((real_site / "calculator" / "index.html").read_text(encoding="utf-8"))
    assert content == CSP
    calculator, others = directives(content), directives(policy())
    assert calculator.pop("worker-src") == ["'self'", "blob:"]
    assert calculator.pop("script-src") == ["'self'", "'wasm-unsafe-eval'"]
    others.pop("script-src")
    assert calculator == others, "apart from what Pyodide needs, the same policy as every other page"


def test_only_the_development_server_allows_inline_scripts():
    """Under mkdocs serve the injected live-reload script changes with each request: no hash can name it."""
    assert directives(policy(["a()"], live_reload=True))["script-src"] == ["'self'", "'unsafe-inline'"]
    assert directives(policy(["a()", "a()"]))["script-src"] == ["'self'", sha256_source("a()")]
