"""Acceptance 5: ``qingdan build`` publishes atomically. A failing policy check or a failing build leaves the
previous output directory byte-for-byte untouched, says why in Chinese, exits 1, and leaves no temporary files."""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest

import qingdan_sitebuild as sitebuild

from generator.site import build as site_build


def tree_hash(root: Path) -> str:
    """Every path, file content, and symlink under ``root``, in one digest."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        digest.update(rel.encode() + b"\0")
        if path.is_symlink():
            digest.update(b"L" + os.readlink(path).encode())
        elif path.is_file():
            digest.update(b"F" + path.read_bytes())
        else:
            digest.update(b"D")
    return digest.hexdigest()


def qingdan_build(out: Path, policy: Path, **extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([*sitebuild.QINGDAN, "build", "--out", str(out)], cwd=sitebuild.ROOT,
                          env=sitebuild.env(QINGDAN_POLICY=str(policy), **extra), capture_output=True, text=True,
                          timeout=600)


@pytest.fixture
def previous_site(tmp_path: Path, real_site: Path) -> Path:
    """A published site (a copy of the real build) in a folder of its own."""
    out = tmp_path / "public" / "site"
    shutil.copytree(real_site, out)
    return out


def _leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p != out)


def test_a_broken_policy_is_not_published_and_the_previous_site_is_untouched(tmp_path, previous_site):
    policy = tmp_path / "policy"
    shutil.copytree(sitebuild.POLICY, policy)
    city = policy / sitebuild.CITY_FILE
    city.write_text(city.read_text(encoding="utf-8").replace("value: 300", "value: 三百", 1), encoding="utf-8")
    before = tree_hash(previous_site)
    run = qingdan_build(previous_site, policy)
    assert run.returncode == 1, run.stdout + run.stderr
    assert tree_hash(previous_site) == before
    assert _leftovers(previous_site) == []
    assert "Traceback" not in run.stderr
    assert "政策检查未通过" in run.stderr and "保持不变" in run.stderr
    assert "error[SCHEMA_TYPE]" in run.stdout + run.stderr  # the check's findings, with rule IDs, say why


def test_a_failing_build_leaves_the_previous_site_untouched(previous_site, monkeypatch, capsys):
    """The check passes, mkdocs fails half-way: nothing of the half-built tree reaches the output directory."""
    def half_build(site_dir: Path) -> None:
        (site_dir / "index.html").write_text("half", encoding="utf-8")
        raise site_build.BuildFailed("网站构建未通过严格检查：模拟的失败")

    monkeypatch.setattr(site_build, "_run_mkdocs", half_build)
    monkeypatch.delenv("QINGDAN_POLICY", raising=False)
    before = tree_hash(previous_site)
    assert site_build.build_site(previous_site) == 1
    assert tree_hash(previous_site) == before
    assert _leftovers(previous_site) == []
    err = capsys.readouterr().err
    assert "模拟的失败" in err and "保持不变" in err


def test_an_invalid_setting_is_reported_without_a_traceback(tmp_path, previous_site):
    before = tree_hash(previous_site)
    run = qingdan_build(previous_site, tmp_path / "no-such-policy")
    assert run.returncode == 1
    assert "Traceback" not in run.stderr and "不是有效的政策目录" in run.stderr
    run = qingdan_build(previous_site, sitebuild.POLICY, QINGDAN_AS_OF="2024-13-01")
    assert run.returncode == 1 and "QINGDAN_AS_OF" in run.stderr
    assert tree_hash(previous_site) == before


def test_the_output_may_not_be_the_project(tmp_path):
    assert site_build.build_site(sitebuild.ROOT) == 1
    assert site_build.build_site(sitebuild.ROOT / "docs" / "site") == 1


def test_a_successful_build_replaces_the_whole_tree(fixture_build):
    """The fixture site was published with qingdan build; a second swap replaces every file, stale ones too."""
    assert fixture_build.returncode == 0, fixture_build.output[-4000:]
    assert "网站已生成" in fixture_build.output


def test_swap_into_place_replaces_stale_files(tmp_path):
    out, new = tmp_path / "site", tmp_path / ".site.new"
    out.mkdir()
    (out / "stale.html").write_text("old", encoding="utf-8")
    new.mkdir()
    (new / "index.html").write_text("new", encoding="utf-8")
    site_build.swap_into_place(new, out)
    assert sorted(p.name for p in out.iterdir()) == ["index.html"]
    assert not new.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_county_weaker_than_the_city_is_published_as_not_compliant(tmp_path):
    """A weaker county list is a fact the public must see: the site is built and says 不符合 (qingdan check still
    fails, as the editors' gate)."""
    policy = tmp_path / "policy"
    shutil.copytree(sitebuild.POLICY, policy)
    county = policy / "lists/140214/2024-04-01.yaml"
    county.write_text(county.read_text(encoding="utf-8").replace("visits: {value: 2, example: true}",
                                                                 "visits: {value: 0.5}"), encoding="utf-8")
    out = tmp_path / "site"
    run = qingdan_build(out, policy)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "不符合" in run.stderr and "140214" in run.stderr
    matrix = (out / "compliance/index.html").read_text(encoding="utf-8")
    page = (out / "lists/140214/index.html").read_text(encoding="utf-8")
    assert "不符合" in matrix and "COUNT_LOWERED" in page
    check = subprocess.run([*sitebuild.QINGDAN, "check", str(policy)], capture_output=True, text=True, timeout=120)
    assert check.returncode == 1
