"""MkDocs hook for the 资格自测 page (listed under ``hooks:`` in mkdocs.yml).

- on_config: prepare the runtime (find Pyodide in node_modules, build the project's wheel from its sources);
- on_files: take the compiled lists the answer tables (``answers``) are made from;
- on_post_page: on the calculator page only, move the theme's inline scripts into files, and add the page's
  stylesheet, script and runtime settings (URLs relative to the page); its Content-Security-Policy
  (``page.POLICY_SOURCES``) is added afterwards with every other page's, by generator/site/hooks.py;
- on_post_build: write the answer tables, copy the runtime into the site, the wheel checked against its RECORD once
  written, and complete the service worker (``offline``) with what it keeps (the page also reads the site's open
  data: data/regions.json, data/<code>.json and data/guidance/<code>.json, written by generator/site/hooks.py).
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path, PurePosixPath

from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

from generator.site import urls
from generator.site.calculator import PAGE_SRC_URI, offline
from generator.site.calculator.answers import answers_path, table_text
from generator.site.calculator.page import HIDE_SEARCH, RUNTIME_ELEMENT_ID, add_to_head, externalize_inline_scripts, \
    json_block, versioned, without_site_search
from generator.site.calculator.runtime import CalculatorBuildError, Runtime
from generator.site.paths import project_root

_runtime: Runtime | None = None
_data: dict = {}  # what on_files learnt of the data: the lists, the default region, the version of the data and tables


def on_config(config):
    global _runtime
    try:
        _runtime = Runtime.prepare(project_root())
    except CalculatorBuildError as exc:
        raise PluginError(f"资格自测：{exc}") from None


def on_files(files, *, config):
    regions_file = files.get_file_from_path(urls.REGIONS_JSON)
    if regions_file is None:
        raise PluginError(f"资格自测要读取开放数据 {urls.REGIONS_JSON} 和 data/<地区代码>.json"
                          "（由 generator/site/hooks.py 生成），但本次构建没有生成它们")
    regions = json.loads(regions_file.content_string)
    lists = {region["code"]: files.get_file_from_path(urls.data_json(region["code"])).content_string
             for region in regions}
    guidance = [files.get_file_from_path(urls.guidance_json(region["code"])).content_bytes for region in regions]
    digest = hashlib.sha256(regions_file.content_bytes + _runtime.wheel.sha256.encode())
    for data in [*(text.encode() for text in lists.values()), *guidance]:
        digest.update(data)
    _data.update(lists=lists, default=regions[0]["code"], version=digest.hexdigest()[:12])
    return files


def _versioned(config, name: str) -> str:
    return versioned(config, PAGE_SRC_URI, name)


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

    version = f"?v={_data['version']}"  # the data and tables of this build (fetched anew when they change)
    runtime_files = _runtime.pyodide_files
    settings = {
        "pyodide": url(_runtime.pyodide_path),
        "lock": _runtime.pyodide.lock,
        # what the worker fetches (pyodide.mjs and pyodide.asm.mjs it imports), as decoded: the download progress
        "downloads": {"pyodide.asm.wasm": len(runtime_files["pyodide.asm.wasm"]),
                      "python_stdlib.zip": len(runtime_files["python_stdlib.zip"]),
                      _runtime.wheel.name: len(_runtime.wheel.data)},
        "wheel": url(_runtime.wheel_path),
        "worker": _versioned(config, "engine-worker.js"),
        "answers_js": _versioned(config, "answers.js"),
        "service_worker": offline.WORKER,
        "regions": url(urls.REGIONS_JSON) + version,
        "default_region": _data["default"],
        "data_url": url(urls.data_json("{code}")) + version,
        "answers_url": url(answers_path("{code}")) + version,
        "guidance_url": url(urls.guidance_json("{code}")) + version,
        "qrcode": url(_runtime.qrcode.path),
        "root": url("./"),
        "item_url": site_url(urls.item("{id}")),
        "list_url": site_url(urls.region_list("{code}")),
        "interpretations_url": site_url(urls.INTERPRETATIONS),
    }
    head_end = (f'{HIDE_SEARCH}<link rel="stylesheet" href="{_versioned(config, "calculator.css")}">'
                f'{json_block(RUNTIME_ELEMENT_ID, settings)}'
                f'<link rel="modulepreload" href="{settings["answers_js"]}">'
                f'<script type="module" async src="{_versioned(config, "calculator.js")}"></script>')
    return add_to_head(without_site_search(output), head_end)


def on_post_build(config):
    assert _runtime is not None
    site_dir = Path(config.site_dir)
    for code, text in _data["lists"].items():
        target = site_dir / answers_path(code)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(table_text(text), encoding="utf-8")
    try:
        _runtime.publish(site_dir)
    except CalculatorBuildError as exc:
        raise PluginError(f"资格自测：{exc}") from None
    offline.write_worker(site_dir, PurePosixPath(PAGE_SRC_URI).with_suffix(".html").as_posix())
