"""One checked snapshot (issue 13, acceptance 4): ``qingdan build`` checks the policy once, and the site shows the
very findings ``qingdan check`` reports."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import qingdan_sitebuild as sitebuild


def test_qingdan_build_checks_the_policy_once(fixture_build):
    fixture_build.require()
    assert fixture_build.output.strip().splitlines()[-1] == "policy checks: 1", fixture_build.output[-2000:]


def _shown(page) -> list[tuple[str, str, str]]:
    """(severity, rule, message) of every finding the editors' view of a county lists."""
    found = []
    for item in page.find_all("li", class_="qd-finding"):
        severity = next(c for c in item.classes if c.startswith("qd-finding-")).removeprefix("qd-finding-")
        rule = item.find("span", class_="qd-rule-id").text()
        text = "".join(c for c in item.children if isinstance(c, str)).strip()
        found.append((severity, rule, text))
    return found


def test_the_site_shows_the_findings_qingdan_check_reports(fixture_site, tmp_path):
    """The fixture site (a superseding city revision: every county gets PARENT_OUTDATED) against the check of the same
    policy on the same date: the editors' view of each county lists exactly the errors and warnings the check reports
    on its file."""
    policy = sitebuild.write_fixture_policy(tmp_path / "policy")
    run = subprocess.run([*sitebuild.QINGDAN, "check", "--as-of", sitebuild.FIXTURE_AS_OF, "--format", "json"],
                         cwd=tmp_path, env=sitebuild.env(), capture_output=True, text=True, timeout=300)
    reported = json.loads(run.stdout)["findings"]
    counties = sorted(p.name for p in (policy / "lists").iterdir() if p.name != sitebuild.CITY)
    assert len(counties) == 10
    compared = 0
    for code in counties:
        (file,) = [f"policy/lists/{code}/{p.name}" for p in (policy / "lists" / code).iterdir()]
        expected = sorted((f["severity"], f["rule"], f["message"]) for f in reported if f["location"]["path"] == file)
        shown = sorted(f for f in _shown(sitebuild.read_page(fixture_site, f"editors/lists/{code}/"))
                       if f[0] in ("error", "warning"))
        assert shown == expected, code
        compared += len(expected)
    assert compared >= 10, "every county names the revision it derives from, now superseded: PARENT_OUTDATED"
