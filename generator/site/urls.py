"""Where every generated page and file lives. These URLs are public and stable: a revision's page never moves when
a newer revision is published, and item pages are keyed by the item's stable id, not its number."""
from __future__ import annotations

import posixpath


def region_list(code: str) -> str:
    """The list in force of a region (the city's official table, or a county's page)."""
    return f"lists/{code}/index.md"


def revision(code: str, revision_id: str) -> str:
    return f"lists/{code}/{revision_id}/index.md"


def revision_source(code: str, revision_id: str) -> str:
    return f"lists/{code}/{revision_id}/source/index.md"


def item(item_id: str) -> str:
    return f"items/{item_id}/index.md"


COUNTIES = "counties/index.md"
COMPLIANCE = "compliance/index.md"
REVISIONS = "revisions/index.md"
DATA = "data/index.md"
INTERPRETATIONS = "interpretations/index.md"  # 解读说明: every reading of the text the rules rest on
EDITORS = "editors/index.md"


def editors_region(code: str) -> str:
    """The editors' view of a county's check: rule IDs, file positions and hints (the public page words it plainly)."""
    return f"editors/lists/{code}/index.md"


def data_json(code: str) -> str:
    return f"data/{code}.json"


GUIDANCE_DIR = "data/guidance"


def guidance_json(code: str) -> str:
    """The region's 办理指南 resolved for each item of its list (generator.site.data.guidance_data)."""
    return f"{GUIDANCE_DIR}/{code}.json"


def data_csv(code: str) -> str:
    return f"data/{code}.csv"


def revision_json(code: str, revision_id: str) -> str:
    return f"data/{code}/{revision_id}.json"


def revision_csv(code: str, revision_id: str) -> str:
    return f"data/{code}/{revision_id}.csv"


REGIONS_JSON = "data/regions.json"

STATISTICS = "statistics/index.md"  # 统计数据: the plan's targets against the quarterly statistics


def statistics_indicator(indicator_id: str) -> str:
    return f"statistics/indicators/{indicator_id}/index.md"


def statistics_region(code: str) -> str:
    return f"statistics/regions/{code}/index.md"


def statistics_file(name: str) -> str:
    """A file of the statistics' data package (datapackage.json, tableschema.json, the quarters' CSV files)."""
    return f"data/statistics/{name}"


def schema(name: str) -> str:
    return f"schema/{name}"


def dest_url(src_uri: str, use_directory_urls: bool = True) -> str:
    """The URL (relative to the site root) mkdocs gives a source file, e.g. lists/140200/index.md -> lists/140200/."""
    if not src_uri.endswith(".md"):
        return src_uri
    stem = src_uri[:-3]
    if use_directory_urls:
        if stem == "index" or stem.endswith("/index"):
            return stem[:-5]
        return stem + "/"
    return stem + ".html"


def href(from_src: str, to_src: str, use_directory_urls: bool = True, anchor: str = "") -> str:
    """A relative link from one page to another page or file, as the browser needs it in raw HTML."""
    from_url = dest_url(from_src, use_directory_urls)
    to_url = dest_url(to_src, use_directory_urls)
    base = from_url if from_url.endswith("/") or not from_url else posixpath.dirname(from_url) + "/"
    base_dir = base.rstrip("/") or "."
    target = to_url or "."
    rel = posixpath.relpath(target.rstrip("/") or ".", base_dir)
    if to_url.endswith("/") or to_url == "":
        rel = (rel + "/") if rel != "." else "./"
    return rel + (f"#{anchor}" if anchor else "")
