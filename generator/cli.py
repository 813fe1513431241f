"""The ``qingdan`` command line. Each command parses its options, builds what it needs and returns an exit code."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .findings import ERROR, WARNING, Finding

EXIT_OK, EXIT_PROBLEMS, EXIT_INTERNAL = 0, 1, 2


class UserError(click.ClickException):
    """A problem the user can fix: printed in Chinese without a traceback, exit code 1."""

    exit_code = EXIT_PROBLEMS

    def show(self, file=None) -> None:
        click.echo(f"错误：{self.message}", err=True)


def _policy_root(path: Path | None) -> Path:
    from .loading.repository import find_policy_root

    start = path or Path.cwd()
    if not start.exists():
        raise UserError(f"找不到路径“{start}”")
    root = find_policy_root(start)
    if root is None and path is None and (Path.cwd() / "policy").is_dir():
        root = find_policy_root(Path.cwd() / "policy")
    if root is None:
        raise UserError(f"在“{start}”及其上级目录中找不到政策目录（含 vocabulary.yaml 的目录）。"
                        "请在项目目录中运行，或指定 policy/ 目录。")
    return root


def print_findings(findings: list[Finding]) -> None:
    for finding in sorted(findings, key=lambda f: (f.location.path, f.location.line, f.location.col)):
        click.echo(finding.format_text())


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """大同市基本养老服务清单：检查政策文件、计算待遇资格、生成网站。"""


@cli.command()
@click.argument("path", required=False, type=click.Path(path_type=Path))
def check(path: Path | None) -> int:
    """检查政策文件（默认为当前项目的 policy/ 目录），列出全部问题。"""
    from .loading.repository import load_repository

    root = _policy_root(path)
    only = [path.resolve()] if path is not None and path.is_file() else None
    repo = load_repository(root, only)
    print_findings(repo.findings)
    errors = sum(f.severity == ERROR for f in repo.findings)
    warnings = sum(f.severity == WARNING for f in repo.findings)
    if errors:
        click.echo(f"检查未通过：{errors} 个错误，{warnings} 个警告（共检查 {repo.files_checked} 个文件）。", err=True)
        return EXIT_PROBLEMS
    summary = "；".join(f"{r.region_name}（{r.region_code}）修订版 {r.revision_id}：{len(r.items)} 项"
                        for r in repo.revisions)
    click.echo(f"检查通过：{summary}。共 {repo.files_checked} 个文件，{warnings} 个警告。")
    return EXIT_OK


def main(argv: list[str] | None = None) -> None:
    try:
        code = cli.main(args=argv, prog_name="qingdan", standalone_mode=False)
    except click.ClickException as exc:
        exc.show()
        code = exc.exit_code
    except click.exceptions.Abort:
        click.echo("已取消。", err=True)
        code = EXIT_PROBLEMS
    except click.exceptions.Exit as exc:
        code = exc.exit_code
    except Exception as exc:  # an internal bug: say so briefly, never a traceback
        click.echo(f"内部错误（这是程序的缺陷，不是您的文件有问题）：{type(exc).__name__}: {exc}", err=True)
        click.echo("请把这条信息和所用的命令报告给维护人员。设置环境变量 QINGDAN_DEBUG=1 可显示详细信息。", err=True)
        if __import__("os").environ.get("QINGDAN_DEBUG"):
            raise
        code = EXIT_INTERNAL
    sys.exit(code or 0)
