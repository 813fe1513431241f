"""Acceptance 1: ``mkdocs build --strict`` passes at the repository root, every page type exists, links work,
and nothing on any page points at another host."""
from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

import qingdan_sitebuild as sitebuild  # tests/site/sitebuild.py, loaded by tests/site/conftest.py

from generator.checking import check_policy
from generator.site.model import city_code

POLICY = sitebuild.POLICY


@pytest.fixture(scope="module")
def catalog():
    check = check_policy(POLICY)
    assert check.ok, [f.format_text() for f in check.findings]
    return check.catalog


def test_mkdocs_build_strict_passes(real_build):
    assert real_build.returncode == 0, real_build.output[-6000:]
    assert "WARNING" not in real_build.output, real_build.output


def _page_exists(site: Path, url: str) -> bool:
    return (site / url / "index.html").is_file()


def test_every_page_type_exists(real_site, catalog):
    codes = list(catalog.regions)
    city = city_code(codes)
    city_items = catalog.effective(catalog.entries_by_region[city][-1]).items
    expected = ["", f"lists/{city}/", "counties/", "compliance/", "revisions/", "data/", "editors/"]
    expected += [f"items/{item['id']}/" for item in city_items]
    expected += [f"lists/{code}/" for code in codes if code != city]  # one page per county, from the catalog
    expected += [f"lists/{code}/{entry.revision_id}/" for code in codes for entry in catalog.entries_by_region[code]]
    missing = [url for url in expected if not _page_exists(real_site, url)]
    assert not missing
    assert len(codes) > 1, "the catalog should hold county lists as well"


def test_open_data_files_exist(real_site, catalog):
    regions = json.loads((real_site / "data/regions.json").read_text(encoding="utf-8"))
    assert [r["code"] for r in regions] == sorted(catalog.regions)
    for region in regions:
        data = json.loads((real_site / region["url"]).read_text(encoding="utf-8"))
        assert data["region"]["code"] == region["code"]
        assert (real_site / f"data/{region['code']}.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    for schema in (POLICY / "schema").glob("*.json"):
        assert (real_site / "schema" / schema.name).read_bytes() == schema.read_bytes()


def _html_files(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "calculator" not in p.relative_to(site).parts[:1])


def _ids(site: Path, cache: dict, target: Path) -> set[str]:
    if target not in cache:
        cache[target] = set(re.findall(r'\bid="([^"]+)"', target.read_text(encoding="utf-8")))
    return cache[target]


def test_internal_links_and_anchors_resolve(real_site):
    """Every href/src on every page (except the calculator's own) points at an existing file, and #anchors exist."""
    broken, ids = [], {}
    base = "http://site.invalid/"
    for page in _html_files(real_site):
        rel = page.relative_to(real_site).as_posix()
        page_url = urljoin(base, rel)
        html = page.read_text(encoding="utf-8")
        for attr, link in re.findall(r'\b(href|src)="([^"]*)"', html):
            if link.startswith(("mailto:", "data:", "javascript:")) or link == "#":
                if link.startswith("javascript:"):
                    broken.append((rel, link))
                continue
            absolute = urljoin(page_url, link)
            parts = urlsplit(absolute)
            if parts.netloc != "site.invalid":
                broken.append((rel, f"external: {link}"))
                continue
            path = unquote(parts.path.lstrip("/"))
            target = real_site / path
            if path.endswith("/") or path == "" or target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append((rel, link))
                continue
            if parts.fragment and target.suffix == ".html" and parts.fragment not in _ids(real_site, ids, target):
                broken.append((rel, f"missing anchor: {link}"))
    assert not broken, broken[:30]


def test_no_page_refers_to_another_host(real_site):
    """Beyond links: no script, stylesheet, image, font or preconnect on another host (privacy, 自主可控)."""
    offenders = []
    for page in _html_files(real_site):
        html = page.read_text(encoding="utf-8")
        for match in re.findall(r'(?:src|href|content|srcset)="((?:https?:)?//[^"]+)"', html):
            offenders.append((page.relative_to(real_site).as_posix(), match))
    assert not offenders, offenders[:20]


def test_old_revisions_are_out_of_the_main_nav(fixture_site):
    """Revision pages exist at their stable URLs, but the sidebar never lists them."""
    assert _page_exists(fixture_site, "lists/140200/2024-02-06/")
    assert _page_exists(fixture_site, f"lists/140200/{sitebuild.FIXTURE_REVISION}/")
    for url in ["", "lists/140200/", "revisions/", "items/nursing-subsidy/"]:
        nav = sitebuild.read_page(fixture_site, url).find("nav", class_="md-nav--primary")
        hrefs = [a.attrs.get("href", "") for a in nav.iter("a")]
        assert not [h for h in hrefs if re.search(r"lists/\d{6}/\d{4}-\d{2}-\d{2}/", h)], (url, hrefs)


def test_search_index_leaves_out_revisions_and_keeps_items(fixture_site):
    index = json.loads((fixture_site / "search/search_index.json").read_text(encoding="utf-8"))
    locations = [doc["location"] for doc in index["docs"]]
    assert not [loc for loc in locations if re.match(r"lists/\d{6}/\d{4}-\d{2}-\d{2}/", loc)]
    assert not [loc for loc in locations if loc.startswith("revisions/")]
    assert any(loc.startswith("items/old-age-allowance-80-99/") for loc in locations)
    assert any(loc.startswith("lists/140213/") for loc in locations)


def test_text_repeated_from_the_parent_stays_out_of_the_search_index(real_site):
    """County pages keep only what is their own (differences, local items) in the index; item pages keep their
    per-county comparison out. At the scale of a nation of lists the index would otherwise be too big for a phone."""
    index = json.loads((real_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    county = [d for d in index["docs"] if d["location"].startswith("lists/140221/")]
    unchanged = [d for d in county if d["location"].endswith("#item-1-title")]
    assert unchanged and not unchanged[0]["text"], "an item identical to the city's is not indexed on a county page"
    assert any("助餐" in d["text"] for d in index["docs"] if d["location"].startswith("lists/140213/"))
    item = " ".join(d["text"] for d in index["docs"] if d["location"].startswith("items/old-age-allowance-80-99/"))
    assert "阳高县" not in item
