"""The ``qingdan`` command line. Each command parses its options, builds what it needs and returns an exit code."""
from __future__ import annotations

import datetime
import json
import os
import sys
from pathlib import Path

import click

from .dates import parse_date
from .errors import EXIT_INTERNAL, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, QingdanError, UserError
from .findings import ERROR, WARNING, Finding
from .reporting import format_eligibility, print_findings
from .textsafety import echo
from .usage import install as install_chinese, usage_message


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


def terminal_progress(items, total: int, description: str):
    """A progress bar on an interactive terminal for long runs; nothing when output is piped or in CI."""
    if total < 200 or not sys.stderr.isatty():
        return items
    from tqdm import tqdm

    return tqdm(items, total=total, desc=description, unit="个", leave=False, file=sys.stderr)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """大同市基本养老服务清单：检查政策文件、计算待遇资格、生成网站。"""


def _echo_report(report: dict, output_format: str, as_text) -> None:
    echo(json.dumps(report, ensure_ascii=False, indent=2) if output_format == "json" else as_text(report))


def _checked(date: datetime.date):
    """The full check of the project's policy; a UserError when it cannot even be loaded."""
    from .checking import check_policy

    result = check_policy(_policy_root(None), date, progress=terminal_progress)
    if result.catalog is None:
        print_findings(result.findings)
        raise UserError("政策文件有错误，请先运行 qingdan check 并改正。")
    return result


def _usable(result, entry):
    """The effective list of ``entry``; a UserError showing the findings when no answer may come from it
    (the rule is ``PolicySnapshot.blocking_for``: its file or a file it derives from has errors)."""
    blocking = result.blocking_for(entry)
    if blocking:
        print_findings(blocking)
        raise UserError(f"{entry.region_name}清单（修订版 {entry.revision_id}）或它所依据的清单有错误（见上），"
                        "不能据此计算。请先按提示改正，再运行 qingdan check 确认。")
    return result.catalog.effective(entry)


def _region_code(result, text: str) -> str:
    """A region named on the command line (code or name); a region whose files did not load shows their findings."""
    from .derive.catalog import LookupError_

    try:
        return result.catalog.resolve_region(text)
    except LookupError_:
        unreadable = result.catalog.unreadable.get(text.strip())
        if unreadable:
            print_findings([f for f in result.findings if f.location.path in unreadable])
            raise UserError(f"地区 {text.strip()} 的清单文件有错误，没有读入（见上）。请先按提示改正。") from None
        raise


def _emit_findings(findings: list[Finding], output_format: str, summary: dict) -> None:
    if output_format == "json":
        echo(json.dumps({**summary, "findings": [f.to_json() for f in findings]}, ensure_ascii=False, indent=2))
    else:
        print_findings(findings)


@cli.command()
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("--as-of", "as_of", help="按哪一天施行的清单检查（YYYY-MM-DD，默认今天）")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def check(path: Path | None, as_of: str | None, output_format: str) -> int:
    """检查政策文件（默认为当前项目的 policy/ 目录），列出全部问题，并检查每个县区清单不低于上级清单。"""
    from .checking import check_policy

    from .loading.repository import display_path

    date = _parse_date(as_of)
    root = _policy_root(path)
    only = None
    if path is not None and path.is_file():
        file = Path(os.path.abspath(path))  # as the loader names it: a link stays a link
        if not (file.is_relative_to(root / "lists") and file.suffix == ".yaml" or file == root / "vocabulary.yaml"):
            raise UserError(f"“{path}”不是政策目录中的清单文件：清单文件应放在 "
                            f"{display_path(root / 'lists')}/<行政区划代码>/ 下，扩展名为 .yaml")
        only = [file]
    result = check_policy(root, date, progress=terminal_progress)
    only = None if only is None else [display_path(file) for file in only]
    firsts = [entries[0].effective for entries in (result.catalog.entries_by_region.values() if result.catalog else [])]
    if firsts and date < min(firsts):
        raise UserError(f"{date.isoformat()} 时还没有任何清单（最早的清单自 {min(firsts).isoformat()} 起施行）")
    findings = result.reported(only)
    errors = sum(f.severity == ERROR for f in findings)
    warnings = sum(f.severity == WARNING for f in findings)
    lists = sorted([*result.repo.revisions, *result.repo.derivations], key=lambda e: (e.region_code, e.effective))
    _emit_findings(findings, output_format, {"ok": not errors, "errors": errors, "warnings": warnings,
                                             "as_of": date.isoformat(), "files": result.repo.files_checked,
                                             "only": only})
    scope = (f"只报告关于 {'、'.join(only)} 的问题，已一并读取它所依据和对照的清单" if only else
             f"共检查 {result.repo.files_checked} 个文件")
    if errors:
        echo(f"检查未通过：{errors} 个错误，{warnings} 个警告（{scope}）。", err=True)
        return EXIT_PROBLEMS
    if output_format == "text":
        echo(_passed_text(result, only, lists, warnings, scope))
    return EXIT_OK


def _passed_text(result, only: list[str] | None, lists: list, warnings: int, scope: str) -> str:
    """The summary of a check that passed: the whole policy, or the one file asked about."""
    as_of = f"{warnings} 个警告（按 {result.as_of.isoformat()} 检查）"
    if only:
        edges = {edge.child.path: edge for edge in result.edges.values()}
        parts = []
        for entry in (e for e in lists if e.path in only):
            edge = edges.get(entry.path)
            against = "" if edge is None else (
                f"，不低于上级清单 {edge.parent.region_name}（{edge.parent.region_code}）修订版 {edge.parent.revision_id}"
                + (f"（{edge.parent_text}）" if edge.parent_by_code else ""))
            parts.append(f"{entry.region_name}（{entry.region_code}）修订版 {entry.revision_id}{against}")
        return f"检查通过：{'；'.join(parts) or '、'.join(only)}。{scope}，{as_of}。"
    city = [r for r in result.repo.revisions if r.region_code.endswith("00")]
    head = "；".join(f"{r.region_name}（{r.region_code}）修订版 {r.revision_id}：{len(r.items)} 项" for r in city)
    by_code = "".join(f"；{edge.child.region_name}（{edge.child.region_code}）{edge.parent_text}"
                      for edge in result.edges.values() if edge.parent_by_code)
    return (f"检查通过：{head}；{len(result.edges)} 个下级清单均不低于上级清单{by_code}。"
            f"共 {len(lists)} 个清单修订版、{result.repo.files_checked} 个文件，{as_of}。")


def _list_from_argument(result, text: str, date: datetime.date):
    """A list named on the command line: a policy file path, or a region code or name (the revision in force).
    A file that did not load shows its own findings."""
    from .loading.repository import display_path

    catalog = result.catalog
    candidate = Path(text)
    if candidate.suffix in (".yaml", ".yml") or candidate.is_file():
        if not candidate.is_file():
            raise UserError(f"找不到文件“{text}”")
        wanted = candidate.resolve()
        for entries in catalog.entries_by_region.values():
            for entry in entries:
                if Path(entry.path).resolve() == wanted:
                    return entry
        own = [f for f in result.findings if f.location.path == display_path(candidate)]
        if own:
            print_findings(own)
            raise UserError(f"“{text}”有错误，没有读入（见上）。请先按提示改正。")
        raise UserError(f"“{text}”不在政策目录 {display_path(result.repo.root / 'lists')}/ 中"
                        "（清单文件应放在 lists/<行政区划代码>/ 下，扩展名为 .yaml）")
    return catalog.in_force(_region_code(result, text), date)


@cli.command()
@click.argument("parent")
@click.argument("child")
@click.option("--as-of", "as_of", help="按哪一天施行的清单比较（YYYY-MM-DD，默认今天）")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def compare(parent: str, child: str, as_of: str | None, output_format: str) -> int:
    """比较两个清单：CHILD 是否不低于 PARENT（地区代码、名称或文件路径），列出降低、缩小（附反例）和提高之处。"""
    from .compare.lists import change_to_finding

    date = _parse_date(as_of)
    result = _checked(date)
    parent_entry, child_entry = (_list_from_argument(result, text, date) for text in (parent, child))
    _usable(result, parent_entry)
    _usable(result, child_entry)
    parent_list, child_list, changes = result.comparison(parent_entry, child_entry)
    findings = [change_to_finding(c, parent_list, child_list) for c in changes]
    errors = sum(f.severity == ERROR for f in findings)
    summary = {"parent": {"code": parent_list.region_code, "name": parent_list.region_name,
                          "revision": parent_list.revision_id},
               "child": {"code": child_list.region_code, "name": child_list.region_name,
                         "revision": child_list.revision_id},
               "ok": not errors, "errors": errors}
    _emit_findings(findings, output_format, summary)
    if output_format == "text":
        verdict = f"有 {errors} 处低于上级清单" if errors else "不低于上级清单"
        echo(f"{child_list.region_name}清单（{child_list.revision_id}）对照{parent_list.region_name}清单"
                   f"（{parent_list.revision_id}）：{verdict}；共 {len(findings)} 处差异。")
    return EXIT_PROBLEMS if errors else EXIT_OK


@cli.command()
@click.argument("lists", nargs=-1, required=True)
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def diff(lists: tuple[str, ...], output_format: str) -> int:
    """比较同一清单的两个修订版：qingdan diff 地区 修订版A 修订版B，或 qingdan diff 文件A 文件B。

    每处变化归类为 新增 / 删除 / 提高 / 降低 / 文字修改 / 范围扩大 / 范围缩小。
    """
    from .compare.diff import diff_to_json, format_diff_text

    result = _checked(datetime.date.today())
    catalog = result.catalog
    if len(lists) == 3:
        code = _region_code(result, lists[0])
        entries = []
        for revision_id in lists[1:]:
            entry = catalog.find(code, revision_id)
            if entry is None:
                known = "、".join(e.revision_id for e in catalog.entries_by_region[code])
                raise UserError(f"{catalog.regions[code]}没有修订版“{revision_id}”。已有：{known}")
            entries.append(entry)
    elif len(lists) == 2:
        entries = [_list_from_argument(result, text, datetime.date.today()) for text in lists]
    else:
        raise UserError("用法：qingdan diff 地区 修订版A 修订版B，或 qingdan diff 文件A 文件B")
    old, new = (_usable(result, e) for e in entries)
    report = diff_to_json(old, new, result.revision_diff(*entries))
    _echo_report(report, output_format, format_diff_text)
    return EXIT_OK


@cli.group()
def county() -> None:
    """县区清单：新建推导文件等。"""


@county.command("new")
@click.argument("code")
@click.option("--name", required=True, help="县区名称，例如 平城区")
@click.option("--parent", "parent_region", default="140200", show_default=True, help="上级地区代码或名称")
def county_new(code: str, name: str, parent_region: str) -> int:
    """为新的县区 CODE（GB/T 2260 六位代码）生成推导文件，列出所有需要填写的数值。"""
    import re

    from .derive.scaffold import region_name_problem, scaffold_derivation

    if not re.fullmatch(r"[1-9][0-9]{5}", code):
        raise UserError(f"“{code}”不是六位行政区划代码（GB/T 2260），例如 140213")
    problem = region_name_problem(name)
    if problem:
        raise UserError(problem)
    today = datetime.date.today()
    result = _checked(today)
    catalog, repo = result.catalog, result.repo
    if code in catalog.regions:
        raise UserError(f"地区 {code}（{catalog.regions[code]}）已有清单；发布新修订请复制其现有文件修改")
    if code in catalog.unreadable:
        raise UserError(f"地区 {code} 已有清单文件 {'、'.join(catalog.unreadable[code])}，但它有错误，没有读入；"
                        "请运行 qingdan check 并改正它，不要另建新文件")
    parent = _usable(result, catalog.in_force(_region_code(result, parent_region), today))
    target = repo.root / "lists" / code / f"{today.isoformat()}.yaml"
    if target.exists():
        raise UserError(f"文件已存在：{target}")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(scaffold_derivation(code, name, parent, today), encoding="utf-8")
    from .loading.repository import display_path

    echo(f"已生成 {display_path(target)}。请把其中标为“请填写”的数值和文号换成正式内容，然后运行 qingdan check。")
    return EXIT_OK


def _parse_date(text: str | None) -> datetime.date:
    return datetime.date.today() if text is None else parse_date(text, "日期")


def _read_profile(source: str):
    import textwrap

    from .errors import PolicyError
    from .loading.profile_input import read_profile

    try:
        return read_profile(source)
    except PolicyError as exc:
        raise UserError("个人情况有误：\n" + textwrap.indent("\n".join(f.format_text() for f in exc.findings), "  ")) from None


@cli.command()
@click.option("--region", required=True, help="地区：行政区划代码或名称，例如 140200 或 大同市")
@click.option("--profile", "profile_source", required=True, help="个人情况 JSON 文件；用 - 表示从标准输入读取")
@click.option("--as-of", "as_of", help="按哪一天施行的清单计算（YYYY-MM-DD，默认今天）")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="输出格式")
def eligibility(region: str, profile_source: str, as_of: str | None, output_format: str) -> int:
    """按个人情况计算可以享受的基本养老服务。"""
    from .engine import Engine, ProfileError

    date = _parse_date(as_of)
    checked = _checked(date)
    entry = checked.catalog.in_force(_region_code(checked, region), date)
    effective = _usable(checked, entry)
    try:
        result = Engine(checked.compiled_for(entry), effective.content).evaluate(_read_profile(profile_source))
    except ProfileError as exc:
        raise UserError("个人情况有误：\n  " + "\n  ".join(exc.problems)) from None
    result = {"region": result["region"], "list": result["list"], "as_of": date.isoformat(), **result}
    _echo_report(result, output_format, format_eligibility)
    return EXIT_OK


@cli.command()
@click.option("--quarter", help="按哪个季度的统计数据报告（例如 2025Q4，默认最近的一个季度）")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def targets(quarter: str | None, output_format: str) -> int:
    """按季度统计数据报告每个地区对实施方案各项目标的进度：已达标、按计划推进、落后（差距）、无数据或文件未规定。"""
    from .checking import check_policy
    from .targets_report import QuarterError, chosen_quarter, format_targets, targets_report

    snapshot = check_policy(_policy_root(None), progress=terminal_progress)
    plan = snapshot.plan
    if plan is None or plan.statistics is None and not plan.findings:
        raise UserError("政策目录中没有实施方案的目标和统计数据（indicators.yaml、targets/ 和 statistics/）")
    if not plan.ok:
        print_findings([f for f in plan.findings if f.severity == ERROR])
        raise UserError("目标或统计数据有错误（见上），不能据此报告进度。请先按提示改正，再运行 qingdan check 确认。")
    try:
        report = targets_report(plan, chosen_quarter(plan, quarter), snapshot.assessments)
    except QuarterError as exc:
        raise UserError(str(exc)) from None
    _echo_report(report, output_format, format_targets)
    if output_format == "text":
        print_findings(plan.findings)
    return EXIT_OK


@cli.command()
@click.option("--out", type=click.Path(path_type=Path), default=Path("site"), show_default=True,
              help="网站输出目录")
def build(out: Path) -> int:
    """先检查政策文件，再生成网站；检查不通过或构建失败时保留原有的网站目录不变。"""
    from .site.build import build_site

    return build_site(out)


def main(argv: list[str] | None = None) -> None:
    """The command line; exits with the code of :mod:`generator.errors` (0 clean, 1 findings or a problem the user
    can fix, 2 a usage error, 3 an internal error)."""
    install_chinese()
    try:
        code = cli.main(args=argv, prog_name="qingdan", standalone_mode=False)
    except click.exceptions.NoArgsIsHelpError as exc:  # plain "qingdan": show the commands
        echo(exc.format_message())
        code = EXIT_OK
    except click.UsageError as exc:
        echo(usage_message(exc), err=True)
        code = EXIT_USAGE
    except QingdanError as exc:
        echo(f"错误：{exc}", err=True)
        code = exc.exit_code
    except click.ClickException as exc:  # click's own, e.g. a file it cannot open: its words, translated
        exc.show()
        code = exc.exit_code
    except click.exceptions.Abort:
        echo("已取消。", err=True)
        code = EXIT_PROBLEMS
    except click.exceptions.Exit as exc:
        code = exc.exit_code
    except Exception as exc:  # an internal bug: say so briefly, never a traceback
        echo(f"内部错误（这是程序的缺陷，不是您的文件有问题）：{type(exc).__name__}: {exc}", err=True)
        echo("请把这条信息和所用的命令报告给维护人员。设置环境变量 QINGDAN_DEBUG=1 可显示详细信息。", err=True)
        if os.environ.get("QINGDAN_DEBUG"):
            raise
        code = EXIT_INTERNAL
    sys.exit(code or 0)
