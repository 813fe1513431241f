"""``qingdan build``: check the policy, build the whole site with mkdocs, and swap it into place atomically.

1. The policy check runs first (the same check as ``qingdan check``); a failing policy is never published.
2. mkdocs builds the site (strict: any warning, e.g. an external asset or a broken link, fails the build) into a
   fresh temporary directory next to the target, so the final rename stays on one file system.
3. The new directory replaces the old one by an atomic exchange (Linux ``renameat2(RENAME_EXCHANGE)``; elsewhere
   two renames), and the old tree is removed.

If anything fails the previous output directory is left exactly as it was, the temporary directory is removed, and
the reason is printed in Chinese; the exit code is 1.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import shutil
import tempfile
from pathlib import Path

import click

from ..findings import ERROR, WARNING
from . import paths

EXIT_OK, EXIT_FAILED = 0, 1
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


class BuildFailed(Exception):
    """The site could not be built; the message says why, in Chinese."""


def _say_error(message: str) -> None:
    click.echo(f"错误：{message}", err=True)


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
        shutil.rmtree(new)  # ``new`` now holds the previous site
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    os.rmdir(old)
    os.rename(out, old)
    try:
        os.rename(new, out)
    except OSError:
        os.rename(old, out)
        raise
    shutil.rmtree(old)


class _MkdocsLog(logging.Handler):
    """mkdocs' warnings and errors, printed in one line each with a Chinese prefix."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        self.messages.append(text)
        prefix = "警告" if record.levelno == logging.WARNING else "错误"
        click.echo(f"mkdocs {prefix}：{text}", err=True)


def _run_mkdocs(site_dir: Path) -> None:
    """Build the site into ``site_dir`` with mkdocs, strictly. Raises BuildFailed."""
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


def _check_target(out: Path) -> None:
    root = paths.project_root()
    protected = {root, root / "docs", root / "policy", root / "generator", Path.home(), Path("/")}
    if out in protected or root.is_relative_to(out):
        raise BuildFailed(f"输出目录“{out}”不能是项目目录或其上级目录，请另选一个目录，例如 site")
    if out.exists() and not out.is_dir():
        raise BuildFailed(f"“{out}”已存在且不是目录")
    if out.is_relative_to(root / "docs"):
        raise BuildFailed("输出目录不能放在 docs/ 中")


def build_site(out: Path) -> int:
    """Check the policy, build the site into ``out`` atomically. Returns the exit code (0 or 1)."""
    from ..checking import check_policy
    from ..cli import print_findings

    out = Path(os.path.abspath(out))
    try:
        _check_target(out)
        root = paths.policy_root()
        as_of = paths.as_of()
    except (BuildFailed, paths.SettingError) as exc:
        _say_error(str(exc))
        return EXIT_FAILED

    click.echo(f"==> 检查政策文件：{root}（按 {as_of.isoformat()} 施行的清单）")
    result = check_policy(root, as_of=as_of)
    print_findings(result.findings)
    errors = len(result.blocking)
    warnings = sum(f.severity == WARNING for f in result.findings)
    if errors or result.catalog is None:
        _say_error(f"政策检查未通过（{errors} 个错误，{warnings} 个警告），网站未生成；"
                   f"原有的网站目录“{out}”保持不变。请按上面的提示改正后重试。")
        return EXIT_FAILED
    weaker = sorted({f.location.path for f in result.findings if f.severity == ERROR})
    if weaker:
        click.echo(f"注意：{len(weaker)} 个下级清单低于上级清单，网站上将标为“不符合”："
                   + "、".join(weaker), err=True)

    click.echo("==> 生成网站（mkdocs，严格模式）")
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        _run_mkdocs(staging)
        if not (staging / "index.html").is_file():
            raise BuildFailed("构建结果中没有首页（index.html）")
        swap_into_place(staging, out)
    except BuildFailed as exc:
        shutil.rmtree(staging, ignore_errors=True)
        _say_error(f"{exc}\n网站未生成；原有的网站目录“{out}”保持不变。")
        return EXIT_FAILED
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        _say_error(f"无法替换网站目录“{out}”：{exc.strerror or exc}；原有的网站目录保持不变。")
        return EXIT_FAILED
    pages = sum(1 for _ in out.rglob("*.html"))
    click.echo(f"网站已生成：{out}（{pages} 个页面，{warnings} 个警告）")
    return EXIT_OK
