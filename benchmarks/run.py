"""The scale benchmark (issue order 7): one command, one Markdown table.

    .venv/bin/python benchmarks/run.py            # about 3–6 minutes on 2 cores

It generates the synthetic national corpus (benchmarks/national_corpus.py) into a temporary folder and measures,
each step in a fresh process so that its peak memory is its own:

- loading + schema validation of every list (3,215 files);
- the full compliance check of the whole chain (national → 31 provinces → 333 cities → 2,850 counties), and that it
  finds exactly the lists the generator weakened, with no false alarm;
- engine evaluations per second (all 22 items for one profile);
- site build time for this repository and for a 1,000-list slice of the corpus, each against a bare ``mkdocs build``
  of the very same generated Markdown (no hooks, no check, no calculator assets): the ratio is our overhead;
- the search index size of the 1,000-list slice, and peak memory (RSS) of every step;
- site build time for a city list of 2,000 items (national_corpus.long_city_list), and the size of an item page
  against the same page of a 22-item list: it must not grow with the item count (issue 11, point 22).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
AS_OF = "2024-06-01"
GIB = 1024 ** 3
LONG_LIST = 2000  # items in the long city list
MKDOCS = str(Path(sys.executable).parent / "mkdocs")


def peak_rss() -> int:
    """Peak resident memory of this process and its finished children, in bytes (Linux reports KiB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) * 1024


# -- steps, each run in its own process (``run.py --step NAME ARG``) ---------------------------------------------
def step_load(policy: str) -> dict:
    from generator.loading.repository import load_repository

    start = time.perf_counter()
    repo = load_repository(Path(policy))
    return {"seconds": time.perf_counter() - start, "files": repo.files_checked, "errors": len(repo.findings)}


class Phases:
    """A ``progress`` callback for ``check_policy`` that notes, inside the one timed run, when each of its long loops
    (reading the files, comparing the lists) starts and ends: phases are never the difference of two runs."""

    def __init__(self) -> None:
        self.start = time.perf_counter()
        self.began: dict[str, float] = {}
        self.ended: dict[str, float] = {}

    def __call__(self, items, total: int, what: str):
        self.began[what] = time.perf_counter() - self.start
        yield from items
        self.ended[what] = time.perf_counter() - self.start


READING = "读取政策文件"  # the loop names check_policy passes to its progress callback


def step_check(policy: str) -> dict:
    import datetime

    from generator.checking import check_policy

    phases = Phases()
    result = check_policy(Path(policy), as_of=datetime.date.fromisoformat(AS_OF), progress=phases)
    seconds = time.perf_counter() - phases.start
    failing = sorted({Path(f.location.path).parent.name for f in result.findings if f.severity == "error"})
    return {"seconds": seconds, "read_seconds": phases.ended[READING],
            "compare_seconds": seconds - phases.ended[READING], "failing": failing, "edges": len(result.edges)}


def step_engine(policy: str) -> dict:
    from generator.derive.effective import build_catalog, compiled_for
    from generator.engine import Engine
    from generator.loading.repository import load_repository
    import datetime

    repo = load_repository(Path(policy))
    engine = Engine(compiled_for(repo, build_catalog(repo), "140200", datetime.date.fromisoformat(AS_OF)))
    rng = random.Random(7)
    facts = engine.facts
    profiles = []
    for _ in range(500):
        profile = {}
        for name, fact in facts.items():
            if rng.random() < 0.6:
                if fact["type"] == "boolean":
                    profile[name] = rng.random() < 0.5
                elif fact["type"] == "enum":
                    profile[name] = rng.choice(list(fact["values"]))
                else:
                    profile[name] = rng.randint(int(fact["min"]), min(int(fact["max"]), 110))
        profiles.append(profile)
    start, count = time.perf_counter(), 0
    while time.perf_counter() - start < 3:
        for profile in profiles:
            engine.evaluate(profile)
        count += len(profiles)
    return {"per_second": count / (time.perf_counter() - start)}


def step_bare_docs(policy: str, out: str) -> dict:
    """Write the generated Markdown and a hook-free mkdocs.yml for the bare comparison build."""
    import yaml

    os.environ["QINGDAN_POLICY"], os.environ["QINGDAN_AS_OF"] = policy, AS_OF
    from generator.site.assemble import assemble, expand_nav, run_check

    bundle = assemble(run_check())
    docs = Path(out) / "docs"
    shutil.copytree(ROOT / "docs", docs)
    for page in bundle.pages:
        target = docs / page.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.content, encoding="utf-8")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    nav_start = config.index("\nnav:\n") + 1
    nav_end = config.index("\n\n", nav_start)
    nav = yaml.safe_load(config[nav_start:nav_end])["nav"]
    nav_yaml = yaml.safe_dump({"nav": expand_nav(nav, bundle.renderer)}, allow_unicode=True, sort_keys=False)
    config = config[:nav_start] + nav_yaml + config[nav_end:]
    for key in ("hooks", "watch"):  # a bare build: no hooks, nothing to watch
        start = config.index(f"\n{key}:\n") + 1
        end = start + len(key) + 2
        while config[end:end + 2] == "  ":
            end = config.index("\n", end) + 1
        config = config[:start] + config[end:]
    config = config.replace("custom_dir: generator/site/theme", f"custom_dir: {ROOT / 'generator/site/theme'}")
    (Path(out) / "mkdocs.yml").write_text(config, encoding="utf-8")
    return {"pages": len(bundle.pages)}


STEPS = {"load": step_load, "check": step_check, "engine": step_engine, "bare-docs": step_bare_docs}


def run_step(name: str, *args: str) -> dict:
    completed = subprocess.run([sys.executable, __file__, "--step", name, *args], capture_output=True, text=True,
                               timeout=1800)
    if completed.returncode:
        raise SystemExit(f"步骤 {name} 失败：\n{completed.stderr[-3000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def timed_build(args: list[str], cwd: Path, env: dict) -> tuple[float, int]:
    """Wall time of a build command, and the peak RSS of the process tree's largest member."""
    start = time.perf_counter()
    wrapper = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]); "
               "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024, file=sys.stderr); "
               "sys.exit(r.returncode)")
    completed = subprocess.run([sys.executable, "-c", wrapper, *args], cwd=cwd, env=env, capture_output=True,
                               text=True, timeout=3600)
    seconds = time.perf_counter() - start
    if completed.returncode:
        raise SystemExit(f"构建失败：{' '.join(args)}\n{completed.stdout[-2000:]}\n{completed.stderr[-3000:]}")
    return seconds, int(completed.stderr.strip().splitlines()[-1])


def _site_env(policy: Path) -> dict:
    return {**os.environ, "QINGDAN_POLICY": str(policy), "QINGDAN_AS_OF": AS_OF, "NO_MKDOCS_2_WARNING": "1"}


def site_builds(policy: Path, work: Path) -> dict:
    """Our build (mkdocs with hooks, from the policy) against a bare mkdocs build of the same generated pages."""
    env = _site_env(policy)
    ours, ours_rss = timed_build([MKDOCS, "build", "--strict", "-q", "-d", str(work / "ours")], ROOT, env)
    bare_dir = work / "bare"
    pages = run_step("bare-docs", str(policy), str(bare_dir))["pages"]
    bare, bare_rss = timed_build([MKDOCS, "build", "-q", "-d", str(work / "bare-site")], bare_dir, env)
    index = work / "ours" / "search" / "search_index.json"
    return {"ours": ours, "bare": bare, "ratio": ours / bare, "pages": pages, "rss": max(ours_rss, bare_rss),
            "index_bytes": index.stat().st_size if index.exists() else 0}


def long_list_build(work: Path, items: int) -> dict:
    """Our build of a city list of ``items`` items: its time, and the size of item 1's page. (No bare mkdocs build
    to compare with: with every item in every item page's sidebar it grows with the square of the item count.)"""
    from national_corpus import long_city_list

    policy = long_city_list(work, items)
    seconds, rss = timed_build([MKDOCS, "build", "--strict", "-q", "-d", str(work / "site")], ROOT,
                               _site_env(policy))
    page = work / "site" / "items" / "employee-basic-pension" / "index.html"
    return {"seconds": seconds, "rss": rss, "item_page": page.stat().st_size}


def main() -> None:
    from national_corpus import generate

    work = Path(tempfile.mkdtemp(prefix="qingdan-bench-"))
    try:
        print("生成合成语料（全国 1 + 省 31 + 市 333 + 县 2,850）…", file=sys.stderr)
        corpus = generate(work / "national")
        policy = str(corpus.root)
        load = run_step("load", policy)
        check = run_step("check", policy)
        found = set(check["failing"])
        weakened = set(corpus.weakened)
        engine = run_step("engine", str(ROOT / "policy"))
        print("构建网站：大同…", file=sys.stderr)
        datong = site_builds(ROOT / "policy", work / "datong")
        print("构建网站：合成 1,000 个清单…", file=sys.stderr)
        sliced = generate(work / "slice", provinces=3, cities=30, counties=966)
        slice_build = site_builds(sliced.root, work / "slice-site")
        print(f"构建网站：合成市级清单 22 项、{LONG_LIST:,} 项…", file=sys.stderr)
        short_list = long_list_build(work / "items-22", 22)
        long_list = long_list_build(work / f"items-{LONG_LIST}", LONG_LIST)
        peak = max(peak_rss(), load["rss"], check["rss"], engine["rss"], datong["rss"], slice_build["rss"],
                   short_list["rss"], long_list["rss"])
    finally:
        shutil.rmtree(work, ignore_errors=True)

    def mark(ok: bool) -> str:
        return "达标" if ok else "**未达标**"

    rows = [
        ("读取 + 结构校验（全国 3,215 个清单文件）", f"{load['seconds']:.1f} s", "—", ""),
        ("完整合规检查（读取、推导、逐边对照，全链条）", f"{check['seconds']:.1f} s", "≤ 10 s", mark(check["seconds"] <= 10)),
        ("　其中读取（同一次运行中计时）", f"{check['read_seconds']:.1f} s", "", ""),
        ("　其中推导与对照（读取之后，同一次运行中计时）", f"{check['compare_seconds']:.1f} s", "", ""),
        ("故意弱化的清单被检出", f"{len(found & weakened)}/{len(weakened)}，误报 {len(found - weakened)}",
         "全部检出、无误报", mark(found == weakened)),
        ("引擎评估（每次 22 项）", f"{engine['per_second']:,.0f} 次/秒", "—", ""),
        (f"网站构建：大同（{datong['pages']} 个生成页面）", f"{datong['ours']:.1f} s（裸 mkdocs {datong['bare']:.1f} s，"
         f"{datong['ratio']:.2f}×）", "≤ 1.5×", mark(datong["ratio"] <= 1.5)),
        (f"网站构建：合成 {sliced.lists:,} 个清单（{slice_build['pages']:,} 个生成页面）",
         f"{slice_build['ours']:.1f} s（裸 mkdocs {slice_build['bare']:.1f} s，{slice_build['ratio']:.2f}×）",
         "≤ 1.5×", mark(slice_build["ratio"] <= 1.5)),
        (f"网站构建：合成市级清单 {LONG_LIST:,} 项", f"{long_list['seconds']:.1f} s；项目页 "
         f"{long_list['item_page'] / 1024:.1f} KiB（22 项时 {short_list['item_page'] / 1024:.1f} KiB）",
         "项目页不随项目数增大（≤ 1.05×）", mark(long_list["item_page"] <= 1.05 * short_list["item_page"])),
        (f"搜索索引：合成 {sliced.lists:,} 个清单", f"{slice_build['index_bytes'] / 1024 / 1024:.1f} MiB", "—", ""),
        ("峰值内存（各步骤中最大者）", f"{peak / 1024 / 1024:.0f} MiB", "≤ 1 GiB", mark(peak <= GIB)),
    ]
    print(f"| 指标 | 结果 | 目标 | 结论 |\n|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    if found != weakened:
        raise SystemExit(f"检出与弱化不一致：漏检 {sorted(weakened - found)}，误报 {sorted(found - weakened)}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--step", choices=sorted(STEPS))
    parser.add_argument("args", nargs="*")
    options = parser.parse_args()
    if options.step:
        result = STEPS[options.step](*options.args)
        result["rss"] = peak_rss()
        print(json.dumps(result))
    else:
        main()
