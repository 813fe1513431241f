"""The calculator's service worker (docs/calculator/sw.js), completed at build time with what it must keep.

The worker keeps in Cache Storage the calculator page and every file it loads, so that a second visit, or one without
network, gets the full engine without downloading it again. Written into its copy in the built site:

- ``version``: the SHA-256 of everything it keeps (the page and its files, the runtime, the engine wheel, the data,
  the 办理指南 and the answer tables). A new build that changes any of them changes the worker's script, so browsers
  install the new version, which fills a new cache and deletes the old one when it takes over;
- ``shell``: the page and the files its HTML names (styles, scripts, icons): the worker fetches them when it is
  installed, since the page loaded them before the worker existed. Everything else (the runtime, the wheel, the
  data) is kept as the page fetches it through the worker;
- ``immutable``: where the content-hashed runtime lives: what a new version takes over from the old cache as it is.
"""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from generator.site import urls
from generator.site.calculator.runtime import RUNTIME_DIR

PLACEHOLDER = '"__QINGDAN_BUILD__"'
WORKER = "sw.js"
"""The worker's file, beside the calculator page (so its scope is the page's folder)."""
_TAG = re.compile(r"<(script|link)\b([^>]*)>")
_ATTRIBUTE = re.compile(r'\s([a-z-]+)="([^"]*)"')
LOADED = {"stylesheet", "icon", "modulepreload", "preload", "manifest"}
"""The kinds of <link> whose file the page loads (not prev/next/canonical: other pages)."""


def _loaded(page_html: str):
    for tag, attributes in _TAG.findall(page_html):
        values = dict(_ATTRIBUTE.findall(attributes))
        if tag == "script" and "src" in values:
            yield values["src"]
        elif tag == "link" and LOADED & set(values.get("rel", "").split()) and "href" in values:
            yield values["href"]


def shell(page_html: str) -> list[str]:
    """The page ("./") and the same-site files its HTML loads, as URLs relative to the page's folder."""
    urls = ["./"]
    for url in _loaded(page_html):
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or url.startswith(("#", "data:")) or url in urls:
            continue
        urls.append(url)
    return urls


def _kept_files(site_dir: Path, page: Path, shell_urls: list[str]) -> list[Path]:
    page_dir = page.parent
    files = {page.resolve()}
    for url in shell_urls[1:]:
        path = (page_dir / urlsplit(url).path).resolve()
        if path.is_file():
            files.add(path)
    files.update(p.resolve() for p in (site_dir / "calculator").rglob("*") if p.is_file())
    files.update(p.resolve() for p in (site_dir / "data").glob("*.json"))
    files.update(p.resolve() for p in (site_dir / urls.GUIDANCE_DIR).glob("*.json"))
    files.discard((page_dir / WORKER).resolve())
    return sorted(files)


def write_worker(site_dir: Path, page_dest: str) -> dict:
    """Complete the worker copied into the site beside the page (``page_dest``: the page's file, relative to the
    site root); returns what was written into it."""
    page = site_dir / page_dest
    page_dir = page.parent
    urls = shell(page.read_text(encoding="utf-8"))
    digest = hashlib.sha256()
    for path in _kept_files(site_dir, page, urls):
        digest.update(path.relative_to(site_dir.resolve()).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    runtime = PurePosixPath(RUNTIME_DIR).relative_to(PurePosixPath(page_dest).parent)
    build = {"version": digest.hexdigest()[:16], "shell": urls, "immutable": [f"{runtime}/"]}
    worker = page_dir / WORKER
    source = worker.read_text(encoding="utf-8")
    if source.count(PLACEHOLDER) != 1:
        raise ValueError(f"{worker}: expected the placeholder {PLACEHOLDER} once")
    worker.write_text(source.replace(PLACEHOLDER, json.dumps(build, ensure_ascii=False)), encoding="utf-8")
    return build
