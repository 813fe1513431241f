"""MkDocs hook for the 县区清单编制 page (listed under ``hooks:`` in mkdocs.yml, after the calculator's).

- on_config: prepare what the page loads (generator/site/draft/runtime.py) and find the calculator's Pyodide folder,
  which the page shares;
- on_files: the regions a draft may be for, from the site's open data (data/regions.json);
- on_post_page: on this page only, add its stylesheet, script and settings (URLs relative to the page); its
  Content-Security-Policy (``POLICY_SOURCES``) is added afterwards by generator/site/hooks.py;
- on_post_build: publish the files under their content-hashed folders.
"""
from __future__ import annotations

import json
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

from generator.derive.catalog import is_county_level
from generator.site import paths, urls
from generator.site.calculator.page import add_to_head, json_block, versioned
from generator.site.calculator.runtime import CalculatorBuildError, Runtime
from generator.site.draft import PAGE_SRC_URI
from generator.site.draft.runtime import DraftRuntime

SETTINGS_ID = "qdr-settings"
_state: dict = {}


def on_config(config):
    try:
        root = paths.project_root()
        _state["runtime"] = Runtime.prepare(root)
        _state["draft"] = DraftRuntime.prepare(root, paths.policy_root())
    except (CalculatorBuildError, paths.SettingError) as exc:
        raise PluginError(f"县区清单编制：{exc}") from None


def on_files(files, *, config):
    regions = files.get_file_from_path(urls.REGIONS_JSON)
    if regions is None:
        raise PluginError(f"县区清单编制页要读取开放数据 {urls.REGIONS_JSON}（由 generator/site/hooks.py 生成），"
                          "但本次构建没有生成它")
    _state["regions"] = [{"code": r["code"], "name": r["name"]} for r in json.loads(regions.content_string)
                         if is_county_level(r["code"])]
    return files


def _versioned(config, name: str) -> str:
    return versioned(config, PAGE_SRC_URI, name)


def on_post_page(output: str, /, *, page, config):
    if page.file.src_uri != PAGE_SRC_URI:
        return None
    runtime, draft = _state["runtime"], _state["draft"]

    def url(path: str) -> str:
        return get_relative_url(path, page.url)

    settings = {
        "pyodide": url(runtime.pyodide_path),
        "lock": runtime.pyodide.lock,
        "stdlib": url(draft.path("python_stdlib.zip")),
        "wheel": url(draft.path(draft.wheel.name)),
        "vendor": url(draft.path("vendor.zip")),
        "policy": url(draft.path("policy.json")),
        "worker": _versioned(config, "draft-worker.js"),
        "regions": _state["regions"],
        "lists_url": get_relative_url(urls.dest_url(urls.region_list("{code}"), config.use_directory_urls),
                                      page.url),
    }
    head_end = (f'<link rel="stylesheet" href="{_versioned(config, "draft.css")}">'
                f'{json_block(SETTINGS_ID, settings)}'
                f'<script type="module" src="{_versioned(config, "draft.js")}"></script>')
    return add_to_head(output, head_end)


def on_post_build(config):
    site_dir = Path(config.site_dir)
    runtime = _state["runtime"]
    if not (site_dir / runtime.pyodide_path / "pyodide.mjs").is_file():
        runtime.publish(site_dir)  # the calculator's hook publishes it; without that hook, this page does
    try:
        _state["draft"].publish(site_dir)
    except CalculatorBuildError as exc:
        raise PluginError(f"县区清单编制：{exc}") from None
