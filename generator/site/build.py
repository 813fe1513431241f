"""``qingdan build``: check the policy, build the whole site with mkdocs, and swap it into place atomically.

1. The output directory is checked before anything is read or written. Symlinks are followed (``current ->
   releases/r1`` rebuilds ``releases/r1``, and the link keeps pointing at it) and the real path must be missing,
   empty, or a site this project built: one holding the manifest :data:`MANIFEST`, which every build writes (the
   mkdocs hook, so ``mkdocs build`` marks its site too). Anything else is refused, so a build never deletes a
   user's files; the parent must be a directory the user may write in.
2. The policy check runs (the same check as ``qingdan check``); a failing policy is never published.
3. mkdocs builds the site (strict: any warning, e.g. an external asset or a broken link, fails the build) into a
   staging directory next to the target, so the final rename stays on one file system. It is made with
   ``os.mkdir``, so the published site has the permissions the umask gives, as ``cp -r`` or ``mkdocs build``
   would (``mkdtemp``'s 0700 would make every page a 403 for a web server running as another user).
4. The new directory replaces the old one by an atomic exchange (Linux ``renameat2(RENAME_EXCHANGE)``; elsewhere
   two renames), and the old tree is removed.

If anything fails the previous output directory is left exactly as it was, the staging directory is removed, and
the reason is printed in Chinese; the exit code is 1. Ctrl-C and SIGTERM remove it too (exit code 128 + signal);
after a SIGKILL the next build removes the leftover, recognised by its name, which holds the id of a process
that is gone — never a concurrent build's.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import datetime
import json
import logging
import os
import re
import secrets
import shutil
import signal
from importlib import metadata
from pathlib import Path

from ..errors import UserError
from ..findings import ERROR, WARNING
from ..textsafety import echo
from . import paths
from .assemble import GIVEN_SNAPSHOT

EXIT_OK, EXIT_FAILED = 0, 1
PROJECT = "qingdan"
MANIFEST = ".qingdan-site.json"  # in the site's root: marks a directory that a build may replace
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


class BuildFailed(UserError):
    """The site could not be built; the message says why, in Chinese."""


class BuildInterrupted(BaseException):
    """SIGINT or SIGTERM arrived during the build (a BaseException, so that no ``except Exception`` swallows it)."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _say_error(message: str) -> None:
    echo(f"错误：{message}", err=True)


# -- the manifest ---------------------------------------------------------------------------------------------------
def write_manifest(site_dir: Path) -> None:
    """Mark ``site_dir`` as a site built by this project (called by the mkdocs hook after every build)."""
    manifest = {"project": PROJECT, "version": metadata.version(PROJECT)}
    (site_dir / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False) + "\n", encoding="utf-8")


def is_built_site(directory: Path) -> bool:
    """Whether ``directory`` holds a manifest naming this project."""
    try:
        manifest = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(manifest, dict) and manifest.get("project") == PROJECT


# -- the output directory -------------------------------------------------------------------------------------------
def _shown(out: Path, target: Path) -> str:
    return f"“{out}”" if out == target else f"“{out}”（即“{target}”）"


def resolve_target(out: Path) -> Path:
    """The real directory that a build at ``out`` replaces. Raises BuildFailed, before anything is touched, when
    it may not be replaced or its parent cannot be written."""
    out = Path(os.path.abspath(out))
    target = Path(os.path.realpath(out))
    shown = _shown(out, target)
    root = paths.project_root()
    if root.is_relative_to(target):
        raise BuildFailed(f"输出目录{shown}是项目目录或其上级目录，不能用作网站目录。请另选一个目录，例如 site")
    if target.is_relative_to(root / "docs"):
        raise BuildFailed(f"输出目录{shown}在 docs/ 中（那里是网站的源文件），请另选一个目录，例如 site")
    if os.path.lexists(target):
        if not target.is_dir():
            raise BuildFailed(f"输出目录{shown}已存在且不是目录，请另选一个目录")
        try:
            empty = next(target.iterdir(), None) is None
        except OSError as exc:
            raise BuildFailed(f"无法读取输出目录{shown}：{exc.strerror or exc}") from None
        if not empty and not is_built_site(target):
            raise BuildFailed(
                f"输出目录{shown}不是空目录，也不是 qingdan 生成的网站（其中没有 {MANIFEST}）。"
                "构建会用新网站替换整个目录，为免删除其中的文件，本次没有构建。"
                "请指定一个不存在的目录、空目录，或以前由 qingdan build 生成的网站目录，例如 site")
    parent = target.parent
    while not os.path.lexists(parent):
        parent = parent.parent
    if not parent.is_dir():
        raise BuildFailed(f"“{parent}”不是目录，无法在其中建立输出目录{shown}，请另选一个目录")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise BuildFailed(f"没有在“{parent}”中写入的权限，无法生成输出目录{shown}。"
                          "请另选一个有写入权限的目录，或请管理员开放权限")
    return target


# -- staging directories --------------------------------------------------------------------------------------------
def _staging_pattern(target: Path) -> re.Pattern[str]:
    return re.compile(rf"\.{re.escape(target.name)}\.(?:new|old)-(?P<pid>\d+)-[0-9a-f]{{8}}")


def _scratch_path(target: Path, kind: str) -> Path:
    """``.<name>.<kind>-<pid>-<random>`` next to ``target``: the pid tells a leftover from a live build's."""
    return target.parent / f".{target.name}.{kind}-{os.getpid()}-{secrets.token_hex(4)}"


def make_staging(target: Path) -> Path:
    """A new empty directory next to ``target``, with the permissions the umask gives."""
    while True:
        staging = _scratch_path(target, "new")
        try:
            staging.mkdir()
            return staging
        except FileExistsError:
            continue


def _process_gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # e.g. another user's process: alive
        return False
    return False


def remove_stale_staging(target: Path) -> list[Path]:
    """Remove the staging directories of earlier builds of ``target`` whose process is gone; returns them."""
    pattern = _staging_pattern(target)
    removed = []
    try:
        entries = list(target.parent.iterdir())
    except OSError:
        return removed
    for entry in entries:
        match = pattern.fullmatch(entry.name)
        if match and not entry.is_symlink() and entry.is_dir() and _process_gone(int(match["pid"])):
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
    return removed


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two directory entries (Linux ≥ 3.15). False when the system cannot."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    try:
        libc = ctypes.CDLL(libc_name, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


def swap_into_place(new: Path, out: Path) -> None:
    """Make ``new`` the directory at ``out``; the previous ``out`` (if any) is deleted afterwards."""
    if not out.exists():
        os.rename(new, out)
        return
    if _exchange(new, out):
        shutil.rmtree(new, ignore_errors=True)  # ``new`` now holds the previous site; the swap has succeeded
        return
    old = _scratch_path(out, "old")
    os.rename(out, old)
    try:
        os.rename(new, out)
    except OSError:
        os.rename(old, out)
        raise
    shutil.rmtree(old, ignore_errors=True)


class _Interrupts:
    """While a build runs, SIGINT and SIGTERM raise :class:`BuildInterrupted`, so that the staging directory is
    removed on the way out. Once ``shielded`` is set (the swap, the clean-up) nothing is cut short: a signal
    arriving then is too late to matter, and is dropped."""

    SIGNALS = (signal.SIGINT, signal.SIGTERM)

    def __enter__(self) -> "_Interrupts":
        self.shielded = False
        self._previous = {signum: signal.signal(signum, self._handle) for signum in self.SIGNALS}
        return self

    def __exit__(self, *exc_info) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)

    def _handle(self, signum: int, frame) -> None:
        if not self.shielded:
            raise BuildInterrupted(signum)


class _MkdocsLog(logging.Handler):
    """mkdocs' warnings and errors, printed in one line each with a Chinese prefix."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        self.messages.append(text)
        prefix = "警告" if record.levelno == logging.WARNING else "错误"
        echo(f"mkdocs {prefix}：{text}", err=True)


def _run_mkdocs(site_dir: Path, snapshot) -> None:
    """Build the site into ``site_dir`` with mkdocs, strictly, from the ``snapshot`` this build checked (the hooks
    take it from the config: the policy is not checked again). Raises BuildFailed."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs import exceptions
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logger = logging.getLogger("mkdocs")
    handler = _MkdocsLog()
    logger.addHandler(handler)
    previous_level, previous_propagate = logger.level, logger.propagate
    logger.setLevel(logging.WARNING)
    logger.propagate = False
    try:
        config = load_config(config_file=str(paths.config_file()), site_dir=str(site_dir), strict=True)
        config[GIVEN_SNAPSHOT] = snapshot
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    except exceptions.Abort as exc:
        raise BuildFailed(f"网站构建未通过严格检查：{exc}") from None
    except exceptions.ConfigurationError as exc:
        raise BuildFailed(f"网站配置（mkdocs.yml）有误：{exc}") from None
    except exceptions.MkDocsException as exc:
        raise BuildFailed(f"网站构建失败：{exc}") from None
    except OSError as exc:
        raise BuildFailed(f"网站构建时无法读写文件：{exc}") from None
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous_level)
        logger.propagate = previous_propagate


def build_site(out: Path) -> int:
    """Check the policy, build the site into ``out`` atomically. Returns the exit code (0, 1, or 128 + signal)."""
    out = Path(os.path.abspath(out))
    try:
        target = resolve_target(out)
        root = paths.policy_root()
        as_of = paths.as_of()
    except (BuildFailed, paths.SettingError) as exc:
        _say_error(str(exc))
        return EXIT_FAILED
    unchanged = f"原有的网站目录“{target}”保持不变" if target.exists() else f"没有创建“{target}”"
    with _Interrupts() as interrupts:
        try:
            return _check_and_build(out, target, root, as_of, interrupts, unchanged)
        except BuildInterrupted as exc:
            _say_error(f"构建被中断（{signal.Signals(exc.signum).name}），网站未生成；{unchanged}。")
            return 128 + exc.signum


def _check_and_build(out: Path, target: Path, root: Path, as_of: datetime.date, interrupts: _Interrupts,
                     unchanged: str) -> int:
    from ..checking import check_policy
    from ..reporting import print_findings

    for stale in remove_stale_staging(target):
        echo(f"已删除以前中断的构建留下的临时目录：{stale}")
    echo(f"==> 检查政策文件：{root}（按 {as_of.isoformat()} 施行的清单）")
    result = check_policy(root, as_of=as_of)  # the one check of this build: mkdocs gets the snapshot
    print_findings(result.findings)
    errors = len(result.blocking)
    warnings = sum(f.severity == WARNING for f in result.findings)
    if errors or result.catalog is None:
        _say_error(f"政策检查未通过（{errors} 个错误，{warnings} 个警告），网站未生成；{unchanged}。"
                   "请按上面的提示改正后重试。")
        return EXIT_FAILED
    weaker = sorted({f.location.path for f in result.findings if f.severity == ERROR})
    if weaker:
        echo(f"注意：{len(weaker)} 个下级清单低于上级清单，网站上将标为“不符合”：" + "、".join(weaker), err=True)

    echo("==> 生成网站（mkdocs，严格模式）")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = make_staging(target)
    except OSError as exc:
        _say_error(f"无法在“{target.parent}”中建立临时目录：{exc.strerror or exc}；网站未生成，{unchanged}。")
        return EXIT_FAILED
    try:
        _run_mkdocs(staging, result)
        if not (staging / "index.html").is_file():
            raise BuildFailed("构建结果中没有首页（index.html）")
        if not is_built_site(staging):
            raise BuildFailed(f"构建结果中没有标记文件 {MANIFEST}")
        resolve_target(target)  # again: files may have been put there while the site was being built
        interrupts.shielded = True
        swap_into_place(staging, target)
    except BuildFailed as exc:
        _say_error(f"{exc}\n网站未生成；{unchanged}。")
        return EXIT_FAILED
    except OSError as exc:
        _say_error(f"无法替换网站目录“{target}”：{exc.strerror or exc}；网站未生成，{unchanged}。")
        return EXIT_FAILED
    finally:
        interrupts.shielded = True
        shutil.rmtree(staging, ignore_errors=True)  # the unfinished build, or after the exchange the previous site
    pages = sum(1 for _ in target.rglob("*.html"))
    via = f"（经由符号链接“{out}”）" if out != target else ""
    echo(f"网站已生成：{target}{via}（{pages} 个页面，{warnings} 个警告）。\n"
         f"其中的 {MANIFEST} 标明这是 qingdan 生成的网站：以后的构建只替换带有这个标记的目录。")
    return EXIT_OK
