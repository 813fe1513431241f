"""MkDocs hook for the 资格自测 page (listed under ``hooks:`` in mkdocs.yml).

- on_config: prepare the runtime (find Pyodide in node_modules, build the project's wheel from its sources);
- on_post_page: on the calculator page only, move the theme's inline scripts into files, and add the page's
  stylesheet, script and runtime settings (URLs relative to the page); its Content-Security-Policy
  (``page.POLICY_SOURCES``) is added afterwards with every other page's, by generator/site/hooks.py;
- on_post_build: copy the runtime into the site, the wheel checked against its RECORD once written (the page also
  reads the site's open data: data/regions.json and data/<code>.json, written by generator/site/hooks.py).
"""
from __future__ import annotations

import hashlib
from pathlib import Path, PurePosixPath

from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

from generator.site import urls
from generator.site.calculator import PAGE_SRC_URI
from generator.site.calculator.page import HIDE_SEARCH, RUNTIME_ELEMENT_ID, add_to_head, externalize_inline_scripts, \
    json_block, without_site_search
from generator.site.calculator.runtime import CalculatorBuildError, Runtime
from generator.site.paths import project_root

TIMEOUT_SECONDS = 60  # then the page says in Chinese that the calculator could not start

_runtime: Runtime | None = None


def on_config(config):
    global _runtime
    try:
        _runtime = Runtime.prepare(project_root())
    except CalculatorBuildError as exc:
        raise PluginError(f"资格自测：{exc}") from None


def _versioned(config, name: str) -> str:
    """A file of the page's folder in docs/, with its content hash as a query (a new version is fetched anew)."""
    source = Path(config.docs_dir) / PurePosixPath(PAGE_SRC_URI).parent / name
    return f"{name}?v={hashlib.sha256(source.read_bytes()).hexdigest()[:12]}"


def on_post_page(output: str, /, *, page, config):
    if page.file.src_uri != PAGE_SRC_URI:
        return None
    assert _runtime is not None
    output, scripts = externalize_inline_scripts(output)
    for name, code in scripts.items():
        target = Path(config.site_dir) / PurePosixPath(page.file.dest_uri).parent / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(code, encoding="utf-8")

    def url(path: str) -> str:  # site-root-relative path -> relative to the page
        return get_relative_url(path, page.url)

    def site_url(src_uri: str) -> str:  # a page's URL relative to the site root, with a {placeholder} kept
        return urls.dest_url(src_uri, config.use_directory_urls)

    settings = {
        "pyodide": url(_runtime.pyodide_path),
        "lock": _runtime.pyodide.lock,
        "download_bytes": _runtime.pyodide.size,
        "wheel": url(_runtime.wheel_path),
        "worker": _versioned(config, "engine-worker.js"),
        "regions": url(urls.REGIONS_JSON),  # its entries' url fields are relative to the site root
        "root": url("./"),
        "item_url": site_url(urls.item("{id}")),
        "list_url": site_url(urls.region_list("{code}")),
        "interpretations_url": site_url(urls.INTERPRETATIONS),
        "timeout_s": TIMEOUT_SECONDS,
    }
    head_end = (f'{HIDE_SEARCH}<link rel="stylesheet" href="{_versioned(config, "calculator.css")}">'
                f'{json_block(RUNTIME_ELEMENT_ID, settings)}'
                f'<script type="module" async src="{_versioned(config, "calculator.js")}"></script>')
    return add_to_head(without_site_search(output), head_end)


def on_post_build(config):
    assert _runtime is not None
    site_dir = Path(config.site_dir)
    if not (site_dir / urls.REGIONS_JSON).is_file():
        raise PluginError(f"资格自测要读取开放数据 {urls.REGIONS_JSON} 和 data/<地区代码>.json"
                          "（由 generator/site/hooks.py 生成），但本次构建没有生成它们")
    try:
        _runtime.publish(site_dir)
    except CalculatorBuildError as exc:
        raise PluginError(f"资格自测：{exc}") from None
