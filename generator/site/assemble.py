"""From a policy root to everything the site publishes: the check, the site data, the generated pages, the data
files and the navigation. Independent of mkdocs (the hook in :mod:`generator.site.hooks` only adapts this)."""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..checking import PolicySnapshot, check_policy
from ..errors import PolicyError
from . import paths
from .data import data_files
from .model import SiteData, load_site
from .pages import Generated, Renderer

GIVEN_SNAPSHOT = "qingdan_snapshot"
"""The mkdocs config key under which ``qingdan build`` hands its checked snapshot to the hooks (the check runs once)."""

# Placeholders in mkdocs.yml's nav that the build expands into sections of generated pages.
NAV_PLACEHOLDERS = {"qingdan:city": "city_nav", "qingdan:counties": "counties_nav",
                    "qingdan:statistics": "statistics_nav"}


class PolicyCheckFailed(PolicyError):
    """The policy did not pass the check and cannot be published; ``findings`` says why."""


@dataclass
class Bundle:
    check: PolicySnapshot
    site: SiteData
    renderer: Renderer
    pages: list[Generated] = field(default_factory=list)
    data: dict[str, bytes] = field(default_factory=dict)


def run_check(policy_root: Path | None = None, as_of: datetime.date | None = None) -> PolicySnapshot:
    return check_policy(policy_root or paths.policy_root(), as_of=as_of or paths.as_of())


def assemble(check: PolicySnapshot, use_directory_urls: bool = True) -> Bundle:
    """Everything generated from the policy snapshot. Raises PolicyCheckFailed when the policy cannot be published
    (compliance errors can: they are shown as 不符合)."""
    if check.blocking or check.catalog is None:
        raise PolicyCheckFailed(check.blocking or check.findings)
    site = load_site(check)
    renderer = Renderer(site, use_directory_urls)
    return Bundle(check, site, renderer, renderer.pages(), data_files(site))


def expand_nav(nav: Any, renderer: Renderer) -> Any:
    """mkdocs.yml's nav with each placeholder (e.g. ``大同市清单: qingdan:city``) replaced by its pages."""
    if isinstance(nav, list):
        return [expand_nav(entry, renderer) for entry in nav]
    if isinstance(nav, dict):
        return {title: expand_nav(value, renderer) for title, value in nav.items()}
    if isinstance(nav, str) and nav in NAV_PLACEHOLDERS:
        return getattr(renderer, NAV_PLACEHOLDERS[nav])()
    return nav
