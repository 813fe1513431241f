"""Issue 11, point 22: the build stays linear in the number of items. The loader accepts a city list of any length,
so an item page must not list every item (that made each page grow with the item count, and the site with its
square: 2,000 items did not build in 300 s). Measured on real builds of a generated list of N and 4N items."""
from __future__ import annotations

import posixpath
import subprocess
import sys
from pathlib import Path

import pytest

import qingdan_sitebuild as sitebuild

sys.path.insert(0, str(sitebuild.ROOT / "benchmarks"))
from national_corpus import long_city_list  # noqa: E402

N = 30
ITEM = "items/employee-basic-pension/"  # item 1, in both lists
LATER_ITEM = "items/tourism-3/"  # item 48: only in the longer list


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[int, Path]:
    built = {}
    for items in (N, 4 * N):
        work = tmp_path_factory.mktemp(f"items-{items}")
        policy = long_city_list(work, items)
        run = subprocess.run([*sitebuild.QINGDAN, "build", "--out", str(work / "site")], cwd=sitebuild.ROOT,
                             env=sitebuild.env(QINGDAN_POLICY=str(policy)), capture_output=True, text=True,
                             timeout=600)
        assert run.returncode == 0, run.stdout + run.stderr
        built[items] = work / "site"
    return built


def _size(site: Path, url: str) -> int:
    return (site / url / "index.html").stat().st_size


def test_an_item_page_does_not_grow_with_the_item_count(sites):
    small, large = _size(sites[N], ITEM), _size(sites[4 * N], ITEM)
    assert large <= small * 1.02, f"{N} items: {small} bytes; {4 * N} items: {large} bytes"


def _links(page: sitebuild.Element, url: str) -> set[str]:
    """Where a page's links lead, as site paths such as items/x/."""
    return {posixpath.normpath(posixpath.join(url, a.attrs["href"].split("#")[0])) + "/"
            for a in page.iter("a") if a.attrs.get("href") and "://" not in a.attrs["href"]}


def test_the_sidebar_of_an_item_page_lists_that_item_and_the_list_page_only(sites):
    site = sites[4 * N]
    nav = sitebuild.read_page(site, LATER_ITEM).find("nav", class_="md-nav--primary")
    links = _links(nav, LATER_ITEM)
    assert {link for link in links if link.startswith("items/")} == {LATER_ITEM}
    assert f"lists/{sitebuild.CITY}/" in links
    assert "48 旅游服务（合成第3组）" in " ".join(nav.text().split())


def test_every_item_is_reachable_from_the_list_page(sites):
    site = sites[4 * N]
    url = f"lists/{sitebuild.CITY}/"
    table = sitebuild.read_page(site, url).find("table", class_="qd-official")
    items = {f"items/{page.parent.name}/" for page in (site / "items").glob("*/index.html")}
    assert len(items) == 4 * N
    assert {link for link in _links(table, url) if link.startswith("items/")} == items
