"""Acceptance 5: ``qingdan build`` publishes atomically. A failing policy check or a failing build leaves the
previous output directory byte-for-byte untouched, says why in Chinese, exits 1, and leaves no temporary files.

Issue 11, points 1–5: it replaces only a directory it built (or an empty or missing one), follows a symlink to its
target, checks the parent before the policy, publishes with the permissions the umask gives, and leaves no staging
directory behind when interrupted (SIGINT, SIGTERM; after a SIGKILL the next build removes it)."""
from __future__ import annotations

import contextlib
import hashlib
import io
import json
import multiprocessing
import os
import pwd
import shutil
import signal
import stat
import subprocess
import tempfile
import time
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


def qingdan_build(out: Path, policy: Path, umask: int = -1, **extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([*sitebuild.QINGDAN, "build", "--out", str(out)], cwd=sitebuild.ROOT,
                          env=sitebuild.env(QINGDAN_POLICY=str(policy), **extra), capture_output=True, text=True,
                          timeout=600, umask=umask)


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
    def half_build(site_dir: Path, snapshot) -> None:
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
    editors = (out / "editors/lists/140214/index.html").read_text(encoding="utf-8")
    assert "不符合" in matrix and "的次数少于市清单（不符合）" in page and "COUNT_LOWERED" in editors
    check = subprocess.run([*sitebuild.QINGDAN, "check", str(policy)], capture_output=True, text=True, timeout=120)
    assert check.returncode == 1


# -- issue 11, points 1–5: what a build may replace, with which permissions, and what an interruption leaves ---------
MANIFEST = ".qingdan-site.json"
NOBODY = pwd.getpwnam("nobody")


def earlier_site(path: Path) -> Path:
    """A site published earlier (the manifest that marks it, and a page the next build must replace)."""
    path.mkdir(parents=True)
    (path / MANIFEST).write_text(json.dumps({"project": "qingdan", "version": "0.1.0"}), encoding="utf-8")
    (path / "old.html").write_text("旧网站", encoding="utf-8")
    return path


@contextlib.contextmanager
def public_folder():
    """A folder under /tmp that every user may enter (pytest's own temporary folders are 0700)."""
    folder = Path(tempfile.mkdtemp(prefix="qingdan-public-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        shutil.rmtree(folder)


def _user_folder(tmp: Path):
    folder = tmp / "d"
    folder.mkdir()
    (folder / "thesis.txt").write_text("x", encoding="utf-8")
    return folder, folder, {}


def _git_folder(tmp: Path):
    """A checkout's .git (a stand-in: the tests need not run in a git checkout)."""
    git = tmp / "project" / ".git"
    (git / "refs").mkdir(parents=True)
    (git / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    return git, git, {}


def _policy_lists(tmp: Path):
    return sitebuild.POLICY / "lists", sitebuild.POLICY / "lists", {}


def _generator_site(tmp: Path):
    return sitebuild.ROOT / "generator/site", sitebuild.ROOT / "generator/site", {}


def _the_policy_root(tmp: Path):
    policy = tmp / "P"
    shutil.copytree(sitebuild.POLICY, policy)
    return policy, policy, {"QINGDAN_POLICY": str(policy)}


def _docs_through_a_symlink(tmp: Path):
    (tmp / "L").symlink_to(sitebuild.ROOT)
    return tmp / "L" / "docs", sitebuild.ROOT / "docs", {}


@pytest.mark.parametrize("case", [_user_folder, _git_folder, _policy_lists, _generator_site, _the_policy_root,
                                  _docs_through_a_symlink], ids=lambda case: case.__name__.strip("_"))
def test_a_directory_the_build_did_not_make_is_refused_before_anything_is_read(case, tmp_path, monkeypatch, capsys):
    """Point 1: a build replaces the whole output directory, so it may only replace one it built (or an empty or
    missing one); the user's directory stays byte-identical, and not even the policy is checked."""
    out, protected, environment = case(tmp_path)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    before = tree_hash(protected)
    assert site_build.build_site(out) == 1
    assert tree_hash(protected) == before
    captured = capsys.readouterr()
    assert "检查政策文件" not in captured.out, captured.out
    assert "错误：输出目录" in captured.err and ("不是 qingdan 生成的网站" in captured.err or "docs/" in captured.err)


def test_an_empty_or_missing_directory_is_a_new_site(tmp_path):
    """Point 1: those hold nothing to lose."""
    assert site_build.resolve_target(tmp_path) == tmp_path.resolve()
    assert site_build.resolve_target(tmp_path / "new" / "site") == tmp_path.resolve() / "new" / "site"


def test_a_parent_that_is_a_file_is_refused_before_the_check(tmp_path, capsys):
    """Point 5: a clear Chinese error (not 内部错误, exit 2) before the policy check runs."""
    file = tmp_path / "notes.txt"
    file.write_text("x", encoding="utf-8")
    assert site_build.build_site(file / "site") == 1
    captured = capsys.readouterr()
    assert "检查政策文件" not in captured.out
    assert f"“{file}”不是目录" in captured.err
    assert file.read_text(encoding="utf-8") == "x"


def _as_nobody() -> None:
    os.setgid(NOBODY.pw_gid)
    os.setuid(NOBODY.pw_uid)


def _build_quietly(out: Path) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = site_build.build_site(out)
    return code, stdout.getvalue(), stderr.getvalue()


def test_a_read_only_parent_is_refused_before_the_check():
    """Point 5, as another user (root may write anywhere): the folder belongs to root, mode 0755."""
    with public_folder() as public:
        with multiprocessing.get_context("fork").Pool(1, initializer=_as_nobody) as pool:
            code, stdout, stderr = pool.apply_async(_build_quietly, (public / "site",)).get(timeout=120)
        assert list(public.iterdir()) == []
    assert code == 1, stdout + stderr
    assert "检查政策文件" not in stdout
    assert f"没有在“{public}”中写入的权限" in stderr


def _start_build(out: Path) -> subprocess.Popen:
    return subprocess.Popen([*sitebuild.QINGDAN, "build", "--out", str(out)], cwd=sitebuild.ROOT,
                            env=sitebuild.env(PYTHONUNBUFFERED="1"), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def _staging(target: Path) -> list[Path]:
    return sorted(p for p in target.parent.iterdir() if p.name.startswith(f".{target.name}.new-"))


def _wait_until_mkdocs_writes(target: Path, process: subprocess.Popen) -> Path:
    """The staging directory, once mkdocs has written into it."""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()
        for staging in _staging(target):
            with contextlib.suppress(OSError):
                if any(staging.iterdir()):
                    return staging
        time.sleep(0.02)
    raise AssertionError("mkdocs did not start writing the site")


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_an_interrupted_build_removes_its_staging_directory(tmp_path, signum):
    """Point 4: Ctrl-C or a kill while mkdocs is building: no staging directory stays behind, the previous site is
    untouched, and the message says so."""
    out = earlier_site(tmp_path / "public" / "site")
    before = tree_hash(out)
    process = _start_build(out)
    _wait_until_mkdocs_writes(out, process)
    process.send_signal(signum)
    stdout, stderr = process.communicate(timeout=120)
    assert _leftovers(out) == []
    assert tree_hash(out) == before
    assert process.returncode == 128 + signum, stdout + stderr
    assert "构建被中断" in stderr and "保持不变" in stderr and "Traceback" not in stderr


@pytest.fixture(scope="module")
def published():
    """An earlier site: a build of it SIGKILLed while mkdocs writes, then a normal build with umask 002, next to the
    staging directory of a build that is still running."""
    with public_folder() as public:
        site = earlier_site(public / "site")
        before = tree_hash(site)
        killed = _start_build(site)
        left_behind = _wait_until_mkdocs_writes(site, killed)
        killed.kill()
        killed.communicate(timeout=60)
        assert left_behind.is_dir() and tree_hash(site) == before  # what a SIGKILL leaves: a stale staging directory
        running = public / f".site.new-{os.getpid()}-0123abcd"  # this process is alive: not stale
        running.mkdir()
        umask = 0o002
        run = qingdan_build(site, sitebuild.POLICY, umask=umask)
        assert run.returncode == 0, run.stdout + run.stderr
        yield {"site": site, "run": run, "umask": umask, "left_behind": left_behind, "running": running}


def test_a_build_through_a_symlink_replaces_its_target(tmp_path):
    """Point 3: ``current -> releases/r1`` is followed; the link still points at releases/r1, which now holds the
    new site, and the output says where it is."""
    r1 = earlier_site(tmp_path / "releases" / "r1")
    current = tmp_path / "current"
    current.symlink_to("releases/r1")
    run = qingdan_build(current, sitebuild.POLICY)
    assert current.is_symlink() and os.readlink(current) == "releases/r1"
    assert (r1 / "index.html").is_file() and not (r1 / "old.html").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["current", "releases"]
    assert sorted(p.name for p in r1.parent.iterdir()) == ["r1"]
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"网站已生成：{r1}（经由符号链接“{current}”）" in run.stdout


def test_the_built_site_carries_its_manifest(published):
    manifest = json.loads((published["site"] / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["project"] == "qingdan" and manifest["version"]
    assert f"其中的 {MANIFEST} 标明这是 qingdan 生成的网站" in published["run"].stdout


def test_the_staging_directory_of_a_killed_build_is_removed_but_not_a_running_ones(published):
    """Point 4: after SIGKILL the next build removes the leftover (its process is gone), never a live build's."""
    assert not published["left_behind"].exists()
    assert f"已删除以前中断的构建留下的临时目录：{published['left_behind']}" in published["run"].stdout
    assert [p.name for p in _staging(published["site"])] == [published["running"].name]


def test_the_site_has_the_permissions_the_umask_gives(published):
    """Point 2: not mkdtemp's 0700 at the root; nothing more open than the umask allows."""
    site, umask = published["site"], published["umask"]
    assert stat.S_IMODE(site.stat().st_mode) == 0o777 & ~umask
    too_open = [p for p in site.rglob("*") if not p.is_symlink() and stat.S_IMODE(p.stat().st_mode) & umask]
    assert too_open == []


def test_the_site_is_readable_by_another_user(published):
    """Point 2: a web server running as another user can read every page (here: user nobody)."""
    read = subprocess.run(["find", str(published["site"]), "-type", "f", "-exec", "cat", "{}", "+"],
                          user="nobody", stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, timeout=120)
    assert read.returncode == 0, read.stderr[-2000:]
    index = subprocess.run(["cat", str(published["site"] / "index.html")], user="nobody", capture_output=True,
                           text=True, timeout=60)
    assert index.returncode == 0 and "大同市基本养老服务清单" in index.stdout
