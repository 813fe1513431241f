"""Every generated page as Markdown text (headings in Markdown, bodies as autoescaped HTML from Jinja templates).

Pure functions of :class:`~generator.site.model.SiteData`: no mkdocs here, so another site builder only needs a
different thin adapter (see :mod:`generator.site.hooks`).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import jinja2

from ..loading.repository import read_source
from . import urls
from .data import CSV_COLUMNS, SCHEMA_LABELS, schema_files
from ..model.content import FIELD_LABELS, OFFICIAL_FIELDS
from ..model import guidance as guidance_model
from .model import ItemView, ListView, RegionView, SiteData
from .statistics import statistics_nav, statistics_pages
from .text import front_matter, html_title, md_inline

TEMPLATES = Path(__file__).resolve().parent / "templates"

# Markers that hand-written pages (docs/) contain and the build replaces (see generator/site/hooks.py).
MARKERS = {
    "in-force": "<!-- qingdan:in-force -->",
    "citizens": "<!-- qingdan:citizens -->",
    "counties": "<!-- qingdan:counties -->",
    "rules": "<!-- qingdan:rules -->",
    "calculator": "<!-- qingdan:calculator -->",
}
SEARCH_EXCLUDED = {"search": {"exclude": True}}
WIDE = {"hide": ["navigation", "toc"]}  # pages with the official table: the whole width for the table


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md_inline
    env.globals.update(FIELDS=OFFICIAL_FIELDS, FIELD_LABELS=FIELD_LABELS, GUIDANCE=guidance_model, MARKERS=MARKERS)
    return env


ENV = _environment()


@dataclass
class Generated:
    src_uri: str
    content: str
    title: str  # plain text (escaped where it is written)


def _groups(items: list[ItemView]) -> list[dict[str, Any]]:
    """Consecutive items with the same 对象, as the attachment merges them into one cell."""
    groups: list[dict[str, Any]] = []
    for item in items:
        target = item.official["target_group"]
        if groups and groups[-1]["target_group"] == target:
            groups[-1]["items"].append(item)
        else:
            groups.append({"target_group": target, "items": [item]})
    return groups


def _date(text: str) -> str:
    """2024-02-06 -> 2024年2月6日"""
    year, month, day = (int(part) for part in str(text).split("-"))
    return f"{year}年{month}月{day}日"


class Renderer:
    """Renders the pages of one site; links are relative and follow ``use_directory_urls``."""

    def __init__(self, site: SiteData, use_directory_urls: bool = True, calculator: str | None = None):
        self.site = site
        self.use_directory_urls = use_directory_urls
        self.calculator = calculator  # the calculator page's source path, when the site has one

    # -- helpers --------------------------------------------------------------------------------------------
    def _linker(self, src_uri: str) -> Callable[..., str]:
        def link(target: str, anchor: str = "") -> str:
            return urls.href(src_uri, target, self.use_directory_urls, anchor)
        return link

    def where(self, location: Any) -> str:
        """A finding's file:line:col, relative to the policy root's parent (e.g. policy/lists/…/x.yaml:3:5)."""
        path = Path(location.path)
        root = self.site.policy_root.resolve()
        try:
            shown = (Path(root.name) / path.resolve().relative_to(root)).as_posix()
        except (ValueError, OSError):
            shown = location.path
        return f"{shown}:{location.line}:{location.col}" if location.line else shown

    def _render(self, template: str, src_uri: str, **context: Any) -> str:
        site = self.site
        return ENV.get_template(template).render(
            site=site, link=self._linker(src_uri), urls=urls, groups=_groups, date=_date, where=self.where,
            city=site.city, counties=site.counties, calculator=self.calculator, **context)

    def _page(self, src_uri: str, template: str, title: str, meta: dict[str, Any] | None = None,
              **context: Any) -> Generated:
        head = front_matter(title=html_title(title), **(meta or {}))
        return Generated(src_uri, head + self._render(template, src_uri, title=title, **context), title)

    # -- pages ----------------------------------------------------------------------------------------------
    def pages(self) -> list[Generated]:
        site = self.site
        out = []
        city = site.city
        out.append(self.city_page(city))
        if city.current is not None:
            out.extend(self.item_page(item) for item in city.current.items)
        out.extend(self.county_page(county) for county in site.counties)
        out.extend(self.editors_county_page(county) for county in site.counties)
        out.append(self._page(urls.COUNTIES, "counties.md.j2", "县（区）清单"))
        out.append(self._page(urls.COMPLIANCE, "compliance.md.j2", "县（区）清单符合性对照", WIDE))
        out.append(self._page(urls.INTERPRETATIONS, "interpretations.md.j2", "解读说明"))
        out.append(self._page(urls.REVISIONS, "revisions.md.j2", "清单的全部修订版", SEARCH_EXCLUDED))
        for link in site.revisions:
            view = link.view
            out.append(self._page(urls.revision(view.code, view.id), "revision.md.j2",
                                  f"{view.title}（修订版 {view.id}）", {**SEARCH_EXCLUDED, **WIDE}, rev=link,
                                  view=view))
            source = self.source_text(view)
            if source is not None:
                out.append(self._page(urls.revision_source(view.code, view.id), "source.md.j2",
                                      f"{view.meta.get('document_number') or view.title} 原文",
                                      SEARCH_EXCLUDED, view=view, text=source))
        out.extend(statistics_pages(self))
        out.append(self._page(urls.DATA, "data.md.j2", "开放数据", csv_columns=CSV_COLUMNS,
                              schemas=[(p.name, SCHEMA_LABELS.get(p.name, p.stem)) for p in schema_files(site)]))
        return out

    def source_text(self, view: ListView) -> str | None:
        source = view.meta.get("source")
        return read_source(self.site.policy_root, source) if source else None

    def city_page(self, region: RegionView) -> Generated:
        title = region.current.title if region.current else f"{region.name}基本养老服务清单"
        return self._page(urls.region_list(region.code), "city.md.j2", title, WIDE, region=region,
                          view=region.current)

    def item_page(self, item: ItemView) -> Generated:
        view = self.site.city.current
        assert view is not None
        comparisons = []
        for county in self.site.counties:
            if county.current is None:
                continue
            diff = next((d for d in self.site.diffs.get(county.code, []) if d.id == item.id), None)
            comparisons.append({"region": county, "item": county.current.item(item.id), "diff": diff,
                                "status": self.site.item_status(county.code, item.id),
                                "example": county.current.example})
        return self._page(urls.item(item.id), "item.md.j2", f"第{item.number}项 {item.name}",
                          {"search": {"boost": 2}}, item=item, view=view, comparisons=comparisons)

    def county_page(self, region: RegionView) -> Generated:
        view = region.current
        title = view.title if view else f"{region.name}基本养老服务清单"
        diffs = self.site.diffs.get(region.code, [])
        return self._page(urls.region_list(region.code), "county.md.j2", title, None, region=region, view=view,
                          diffs=diffs, diff_by_id={d.id: d for d in diffs},
                          status=self.site.region_status(region.code))

    def editors_county_page(self, region: RegionView) -> Generated:
        """The county's check as its editors need it; the public county page links here (编辑者信息)."""
        return self._page(urls.editors_region(region.code), "editors-county.md.j2",
                          f"{region.name}清单的检查结果（编辑者信息）", SEARCH_EXCLUDED, region=region,
                          view=region.current, status=self.site.region_status(region.code))

    # -- blocks for hand-written pages ------------------------------------------------------------------------
    def block(self, name: str, src_uri: str) -> str:
        return self._render(f"block-{name}.md.j2", src_uri)

    def calculator_link(self, src_uri: str) -> str:
        return self._render("block-calculator.md.j2", src_uri)

    # -- navigation -----------------------------------------------------------------------------------------
    def city_nav(self) -> list[dict[str, str]]:
        """The city section: the list in force, then one page per item (shown one at a time: see
        :meth:`nav_shown_alone`)."""
        city = self.site.city
        nav = [{html_title("清单全文（官方表格）"): urls.region_list(city.code)}]
        if city.current is not None:
            nav += [{html_title(f"{item.number} {item.name}"): urls.item(item.id)} for item in city.current.items]
        return nav

    def nav_shown_alone(self) -> set[str]:
        """The pages that the sidebar lists only on the page itself: the item pages. On an item page it shows the
        list page and that item; the list page's table links every item. (Listing every item on every item page
        made each page grow with the item count, and the site with its square.)"""
        city = self.site.city
        return {urls.item(item.id) for item in city.current.items} if city.current is not None else set()

    def statistics_nav(self) -> list[dict[str, str]]:
        return statistics_nav(self)

    def counties_nav(self) -> list[dict[str, str]]:
        nav = [{html_title("县（区）一览"): urls.COUNTIES}]
        nav += [{html_title(county.name): urls.region_list(county.code)} for county in self.site.counties]
        return nav
