"""mkdocs hooks (registered in mkdocs.yml ``hooks:``): the thin adapter between mkdocs and the site generator.

- ``on_config``: takes the policy snapshot (the one ``qingdan build`` checked and handed over in the config, or, for
  ``mkdocs build`` and ``mkdocs serve``, a new one: a failing policy stops the build with the findings), assembles the
  site (:mod:`generator.site.assemble`) and expands the nav placeholders ``qingdan:city`` and ``qingdan:counties``;
- ``on_files``: adds every generated page and data file with ``File.generated``;
- ``on_nav`` / ``on_page_context``: the sidebar lists an item page only on that page
  (:meth:`~generator.site.pages.Renderer.nav_shown_alone`);
- ``on_page_markdown``: fills the ``<!-- qingdan:… -->`` markers in hand-written pages (docs/);
- ``on_post_page`` / ``on_post_template``: give every page, 404.html included, its Content-Security-Policy
  (:mod:`generator.site.csp`), after every other hook and plugin has changed the page;
- ``on_post_build``: writes precompressed ``.br``/``.gz`` copies (:mod:`generator.site.precompress`) and the
  manifest that marks the site as built by this project
  (:func:`generator.site.build.write_manifest`; ``qingdan build`` replaces only such a directory).

What one build needs from one hook to the next lives in that build's config, under :data:`STATE`. ``mkdocs serve``
rebuilds on every change under policy/, generator/ and docs/ (mkdocs.yml ``watch:``); a change to the generator's own
code restarts the server process, so that the new code runs in a fresh interpreter (:func:`restart_if_code_changed`).

The policy root and the date are taken from ``QINGDAN_POLICY`` and ``QINGDAN_AS_OF`` (see generator/site/paths.py).
"""
from __future__ import annotations

import logging
import os
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

# The generator is imported inside the hooks, never here: mkdocs loads this file with generator/site/ at the front of
# sys.path, where generator/site/statistics.py would stand in for the standard library's statistics module.

log = logging.getLogger("mkdocs.plugins.qingdan")
STATE = "qingdan_site"
"""The config key of this build's :class:`SiteBuild`."""
LOADED = time.time()  # when this process loaded the generator's code
_command = {"serve": False}  # mkdocs says whether it serves only in on_startup, once per process


@dataclass
class SiteBuild:
    bundle: Any  # generator.site.assemble.Bundle
    alone: set[int] = field(default_factory=set)  # the pages the sidebar lists only while they are shown
    shown: Any = None  # the one of them being rendered


def _build(config) -> SiteBuild:
    return config[STATE]


def restart_if_code_changed(config, root: Path | None = None) -> None:
    """Under ``mkdocs serve``, when a module of the generator changed since this process loaded it: restart the
    process (the same command), so that the new code runs in a fresh interpreter. Templates need no restart: Jinja
    reads them anew when they change."""
    root = root or Path(__file__).resolve().parents[1]
    changed = [path for path in root.rglob("*.py") if path.stat().st_mtime > LOADED]
    if not changed:
        return
    log.info("生成器的代码有改动（%s），重新启动预览服务器", changed[0].relative_to(root.parent))
    shutil.rmtree(config.site_dir, ignore_errors=True)  # the server's temporary site: the new process makes its own
    logging.shutdown()
    os.execv(sys.executable, [sys.executable, *sys.orig_argv[1:]])


def on_startup(*, command, dirty):
    _command["serve"] = command == "serve"


def on_config(config):
    from generator.site import assemble, paths

    logging.getLogger("jieba").setLevel(logging.WARNING)  # the search plugin's segmenter: no progress chatter
    if _command["serve"]:
        restart_if_code_changed(config)
    try:
        snapshot = config.get(assemble.GIVEN_SNAPSHOT) or assemble.run_check()
        bundle = assemble.assemble(snapshot, config.use_directory_urls)
    except paths.SettingError as exc:
        raise PluginError(str(exc)) from None
    except assemble.PolicyCheckFailed as exc:
        for finding in exc.findings:
            log.error(finding.format_text())
        raise PluginError("政策文件未通过检查（见上面的错误），网站未生成。请改正后再构建；"
                          "也可以运行 qingdan check 查看。") from None
    config[STATE] = SiteBuild(bundle)
    if config.nav is not None:
        config.nav = assemble.expand_nav(config.nav, bundle.renderer)
    policy = str(bundle.site.policy_root)
    watched = [os.path.abspath(p) for p in config.watch]
    if not any(policy == w or policy.startswith(w.rstrip(os.sep) + os.sep) for w in watched):
        config.watch.append(policy)
    return config


def on_files(files, *, config):
    bundle = _build(config).bundle
    for page in bundle.pages:
        if files.get_file_from_path(page.src_uri) is not None:
            raise PluginError(f"docs/{page.src_uri} 与自动生成的页面同名，请改名或删除该文件")
        files.append(File.generated(config, page.src_uri, content=page.content))
    for path, content in bundle.data.items():
        if files.get_file_from_path(path) is None:
            files.append(File.generated(config, path, content=content))
    return files


def on_nav(nav, *, config, files):
    build = _build(config)
    renderer = build.bundle.renderer
    calculator = sorted(f.src_uri for f in files.documentation_pages() if f.src_uri.startswith("calculator"))
    renderer.calculator = calculator[0] if calculator else None
    alone = renderer.nav_shown_alone()
    detached = [page for page in nav.pages if page.file.src_uri in alone and page.parent is not None]
    ids = {id(page) for page in detached}
    for section in {id(page.parent): page.parent for page in detached}.values():
        section.children = [child for child in section.children if id(child) not in ids]
    build.alone, build.shown = ids, None
    return nav


def on_page_context(context, *, page, config, nav):
    """The sidebar lists a page detached in on_nav (keeping its title, parent and previous/next links) only while
    that page is rendered."""
    build = _build(config)
    if build.shown is not None:
        build.shown.parent.children.remove(build.shown)
    build.shown = page if id(page) in build.alone else None
    if build.shown is not None:
        page.parent.children.append(page)
    return context


def on_page_markdown(markdown, *, page, config, files):
    from generator.site.pages import MARKERS

    renderer = _build(config).bundle.renderer
    src = page.file.src_uri
    for name, marker in MARKERS.items():
        if marker in markdown:
            block = renderer.calculator_link(src) if name == "calculator" else renderer.block(name, src)
            markdown = markdown.replace(marker, block)
    return markdown


def _with_policy(output: str, extra_sources=None) -> str:
    from generator.site import csp

    return csp.with_policy(output, extra_sources, live_reload=_command["serve"])


@event_priority(-100)
def on_post_page(output, /, *, page, config):
    """Last of all (the privacy plugin's runs at -50, the calculator's hook at 0): hashes of the page as written."""
    from generator.site import calculator, draft
    from generator.site.calculator.page import POLICY_SOURCES

    extra = {calculator.PAGE_SRC_URI: POLICY_SOURCES, draft.PAGE_SRC_URI: draft.POLICY_SOURCES}
    return _with_policy(output, extra.get(page.file.src_uri))


@event_priority(-100)
def on_post_template(output_content, /, *, template_name, config):
    """The theme's own pages (404.html; sitemap.xml is not HTML)."""
    return _with_policy(output_content) if template_name.endswith(".html") else None


@event_priority(-100)
def on_post_build(config):
    """Last of all (after the calculator's runtime is in place): the precompressed .br/.gz copies, then the manifest."""
    from generator.site.build import write_manifest
    from generator.site.buildcache import cache_dir
    from generator.site.precompress import precompress_site

    site_dir = Path(config.site_dir)
    precompress_site(site_dir, cache_dir("precompressed"))
    write_manifest(site_dir)
