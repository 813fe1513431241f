"""mkdocs hooks (registered in mkdocs.yml ``hooks:``): the thin adapter between mkdocs and the site generator.

- ``on_config``: runs the policy check (a failing policy stops the build with the findings), assembles the site
  (:mod:`generator.site.assemble`) and expands the nav placeholders ``qingdan:city`` and ``qingdan:counties``;
- ``on_files``: adds every generated page and data file with ``File.generated``;
- ``on_nav`` / ``on_page_context``: the sidebar lists an item page only on that page
  (:meth:`~generator.site.pages.Renderer.nav_shown_alone`);
- ``on_page_markdown``: fills the ``<!-- qingdan:… -->`` markers in hand-written pages (docs/);
- ``on_post_page`` / ``on_post_template``: give every page, 404.html included, its Content-Security-Policy
  (:mod:`generator.site.csp`), after every other hook and plugin has changed the page;
- ``on_post_build``: writes the manifest that marks the site as built by this project
  (:func:`generator.site.build.write_manifest`; ``qingdan build`` replaces only such a directory);
- under ``mkdocs serve`` the generator's modules are re-imported on every rebuild, so edits to generator/ show up
  as well as edits to policy/ (both are in mkdocs.yml ``watch:``).

The policy root and the date are taken from ``QINGDAN_POLICY`` and ``QINGDAN_AS_OF`` (see generator/site/paths.py).
"""
from __future__ import annotations

import importlib
import logging
import os
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

log = logging.getLogger("mkdocs.plugins.qingdan")
_state: dict = {"serving": False, "bundle": None, "calculator": None}


def _site_modules():
    """The generator's modules, fresh from disk when serving (so a change under generator/ takes effect)."""
    if _state["serving"]:
        for name in [n for n in sys.modules if n == "generator" or n.startswith("generator.")]:
            del sys.modules[name]
    return importlib.import_module("generator.site.assemble"), importlib.import_module("generator.site.paths")


def on_startup(*, command, dirty):
    _state["serving"] = command == "serve"


def on_config(config):
    logging.getLogger("jieba").setLevel(logging.WARNING)  # the search plugin's segmenter: no progress chatter
    assemble, paths = _site_modules()
    try:
        check = assemble.run_check()
        bundle = assemble.assemble(check, config.use_directory_urls)
    except paths.SettingError as exc:
        raise PluginError(str(exc)) from None
    except assemble.PolicyCheckFailed as exc:
        for finding in exc.findings:
            log.error(finding.format_text())
        raise PluginError("政策文件未通过检查（见上面的错误），网站未生成。请改正后再构建；"
                          "也可以运行 qingdan check 查看。") from None
    _state["bundle"] = bundle
    if config.nav is not None:
        config.nav = assemble.expand_nav(config.nav, bundle.renderer)
    policy = str(bundle.site.policy_root)
    watched = [os.path.abspath(p) for p in config.watch]
    if not any(policy == w or policy.startswith(w.rstrip(os.sep) + os.sep) for w in watched):
        config.watch.append(policy)
    return config


def on_files(files, *, config):
    bundle = _state["bundle"]
    for page in bundle.pages:
        if files.get_file_from_path(page.src_uri) is not None:
            raise PluginError(f"docs/{page.src_uri} 与自动生成的页面同名，请改名或删除该文件")
        files.append(File.generated(config, page.src_uri, content=page.content))
    for path, content in bundle.data.items():
        if files.get_file_from_path(path) is None:
            files.append(File.generated(config, path, content=content))
    return files


def on_nav(nav, *, config, files):
    renderer = _state["bundle"].renderer
    calculator = sorted(f.src_uri for f in files.documentation_pages() if f.src_uri.startswith("calculator"))
    renderer.calculator = calculator[0] if calculator else None
    alone = renderer.nav_shown_alone()
    detached = [page for page in nav.pages if page.file.src_uri in alone and page.parent is not None]
    ids = {id(page) for page in detached}
    for section in {id(page.parent): page.parent for page in detached}.values():
        section.children = [child for child in section.children if id(child) not in ids]
    _state["alone"], _state["shown"] = ids, None
    return nav


def on_page_context(context, *, page, config, nav):
    """The sidebar lists a page detached in on_nav (keeping its title, parent and previous/next links) only while
    that page is rendered."""
    shown = _state["shown"]
    if shown is not None:
        shown.parent.children.remove(shown)
    _state["shown"] = page if id(page) in _state["alone"] else None
    if _state["shown"] is not None:
        page.parent.children.append(page)
    return context


def on_page_markdown(markdown, *, page, config, files):
    renderer = _state["bundle"].renderer
    markers = importlib.import_module("generator.site.pages").MARKERS
    src = page.file.src_uri
    for name, marker in markers.items():
        if marker in markdown:
            block = renderer.calculator_link(src) if name == "calculator" else renderer.block(name, src)
            markdown = markdown.replace(marker, block)
    return markdown


def _with_policy(output: str, extra_sources=None) -> str:
    csp = importlib.import_module("generator.site.csp")
    return csp.with_policy(output, extra_sources, live_reload=_state["serving"])


@event_priority(-100)
def on_post_page(output, /, *, page, config):
    """Last of all (the privacy plugin's runs at -50, the calculator's hook at 0): hashes of the page as written."""
    if page.file.src_uri == importlib.import_module("generator.site.calculator").PAGE_SRC_URI:
        return _with_policy(output, importlib.import_module("generator.site.calculator.page").POLICY_SOURCES)
    return _with_policy(output)


@event_priority(-100)
def on_post_template(output_content, /, *, template_name, config):
    """The theme's own pages (404.html; sitemap.xml is not HTML)."""
    return _with_policy(output_content) if template_name.endswith(".html") else None


def on_post_build(config):
    importlib.import_module("generator.site.build").write_manifest(Path(config.site_dir))
