"""资格自测的性能：Pyodide 裸启动、计算器的首个结果、改一个回答后的重新计算，以及传输的字节数。

In one run on localhost (headless /usr/bin/chromium, a fresh browser context — so a cold cache — for every load):

- **Pyodide bare boot**: a page that only loads Pyodide (``loadPyodide()`` and one ``runPython``), generated into a
  temporary folder beside the built site and served from the same server, with the same runtime files and CSP;
- **time to first result**: the calculator page opened with answers in its link, until the results are shown
  (``performance.mark("qc-first-result")``, measured from navigation start like the bare boot);
- **re-evaluation**: changing one answer (half a second after the previous result, as a person would) until the
  new results are shown (the page's ``data-eval-ms``: from the input event to the rendered results);
- **bytes transferred**: the sum of response bodies the server sent for the page load, against the bytes of
  Pyodide's own four files — served both without compression and with gzip (as a production server would).

Targets: first result ≤ 1.2 × bare boot; re-evaluation ≤ 30 ms; bytes ≤ 1.1 × Pyodide's own files.

Usage: .venv/bin/python benchmarks/calculator_bench.py [--runs N] [--site DIR]
  --site: an already built site (default: build one with ``qingdan build`` into a temporary folder)
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.site.calculator.page import CSP  # noqa: E402
from generator.site.calculator.runtime import PYODIDE_FILES, RUNTIME_DIR, Pyodide  # noqa: E402
from generator.site.calculator.serving import StaticServer  # noqa: E402

BARE_PREFIX = "/bare/"
PROFILE_HASH = "#region=140200&age=85&economic_status=dibao&living_alone=1"
CHANGES = ["79", "85", "80", "99", "100", "62"]  # ages typed one after another for the re-evaluation timing
PAUSE_MS = 500
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run"]
TARGET_FIRST_RESULT_RATIO = 1.2
TARGET_REEVALUATION_MS = 30.0
TARGET_BYTES_RATIO = 1.1

BARE_HTML = f"""<!doctype html>
<html lang="zh"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<title>Pyodide bare boot</title><link rel="icon" href="data:,">
<script type="module" src="bare.js"></script></head>
<body><p id="state">loading</p></body></html>
"""

BARE_JS = """import { loadPyodide } from "%(pyodide)spyodide.mjs";
const pyodide = await loadPyodide({ indexURL: new URL("%(pyodide)s", location.href).href,
                                    lockFileContents: %(lock)s });
pyodide.runPython("1 + 1");
performance.mark("bare-ready");
document.getElementById("state").dataset.ready = "1";
"""


def build_site(out: Path) -> Path:
    subprocess.run([str(ROOT / ".venv" / "bin" / "qingdan"), "build", "--out", str(out)], cwd=ROOT, check=True,
                   env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    return out


def write_bare_page(folder: Path, site: Path) -> None:
    pyodide = Pyodide.from_node_modules(ROOT)
    runtime = f"/{RUNTIME_DIR}/pyodide-{pyodide.version}/"
    assert (site / runtime.lstrip("/") / "pyodide.mjs").is_file(), f"no Pyodide runtime in {site}"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.html").write_text(BARE_HTML, encoding="utf-8")
    (folder / "bare.js").write_text(BARE_JS % {"pyodide": runtime, "lock": json.dumps(pyodide.lock)},
                                    encoding="utf-8")


def pyodide_bytes(sent: dict[str, int]) -> int:
    return sum(size for path, size in sent.items() if path.rsplit("/", 1)[-1] in PYODIDE_FILES)


def measure(browser, server: StaticServer, runs: int) -> dict[str, float]:
    bare, first, reeval, total, own = [], [], [], [], []
    for _ in range(runs):
        context = browser.new_context()
        page = context.new_page()
        server.reset()
        page.goto(server.url + BARE_PREFIX.lstrip("/"))
        page.wait_for_selector("#state[data-ready]", state="attached", timeout=120_000)
        bare.append(page.evaluate("performance.getEntriesByName('bare-ready')[0].startTime"))
        context.close()

        context = browser.new_context()
        page = context.new_page()
        server.reset()
        page.goto(server.url + "calculator/" + PROFILE_HASH)
        page.wait_for_selector("#qc-results[data-seq='1']", state="attached", timeout=120_000)
        first.append(page.evaluate("performance.getEntriesByName('qc-first-result')[0].startTime"))
        page.wait_for_load_state("networkidle")
        total.append(sum(server.sent.values()))
        own.append(pyodide_bytes(server.sent))
        for seq, age in enumerate(CHANGES, start=2):
            page.wait_for_timeout(PAUSE_MS)  # a person reads before changing the next answer
            page.fill("#f-age", age)
            page.wait_for_selector(f"#qc-results[data-seq='{seq}']", state="attached")
            reeval.append(float(page.get_attribute("#qc-results", "data-eval-ms")))
        context.close()
    median = statistics.median
    # Bare boot and first result are measured in pairs, one right after the other: the ratio is taken per pair
    # (a busy machine slows both alike), then the median.
    return {"bare": median(bare), "first": median(first), "ratio": median(f / b for f, b in zip(first, bare)),
            "reeval": median(reeval), "reeval_max": max(reeval), "bytes": median(total), "pyodide_bytes": median(own)}


def _mb(n: float) -> str:
    return f"{n / 1e6:.2f} MB"


def table(results: dict[str, dict[str, float]]) -> str:
    modes = list(results)
    head = "| 指标 | " + " | ".join(modes) + " | 目标 |"
    rule = "|---" * (len(modes) + 2) + "|"

    def row(label, fmt, target=""):
        return f"| {label} | " + " | ".join(fmt(results[m]) for m in modes) + f" | {target} |"

    def ok(value, limit):
        return "✅" if value <= limit else "❌"

    return "\n".join([
        head, rule,
        row("Pyodide 裸启动（中位数）", lambda r: f"{r['bare']:.0f} ms"),
        row("计算器首个结果（中位数）", lambda r: f"{r['first']:.0f} ms"),
        row("首个结果 ÷ 裸启动（逐对比值的中位数）", lambda r: f"{r['ratio']:.2f} {ok(r['ratio'], TARGET_FIRST_RESULT_RATIO)}",
            f"≤ {TARGET_FIRST_RESULT_RATIO}"),
        row("改一个回答后重新计算（中位数 / 最大）",
            lambda r: f"{r['reeval']:.1f} / {r['reeval_max']:.1f} ms {ok(r['reeval'], TARGET_REEVALUATION_MS)}",
            f"≤ {TARGET_REEVALUATION_MS:.0f} ms"),
        row("传输字节（整页）", lambda r: _mb(r["bytes"])),
        row("其中 Pyodide 自身的 4 个文件", lambda r: _mb(r["pyodide_bytes"])),
        row("整页 ÷ Pyodide 自身", lambda r: f"{r['bytes'] / r['pyodide_bytes']:.3f} {ok(r['bytes'] / r['pyodide_bytes'], TARGET_BYTES_RATIO)}",
            f"≤ {TARGET_BYTES_RATIO}"),
    ])


def _gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def data_table(site: Path) -> str:
    """One compiled list per region (what the page loads) against one bundle of every region's list."""
    index = (site / "data" / "regions.json").read_bytes()
    regions = json.loads(index)
    files = [(site / region["url"]).read_bytes() for region in regions]
    lists = {region["code"]: json.loads(data) for region, data in zip(regions, files)}
    bundles = {"紧凑": json.dumps(lists, ensure_ascii=False, separators=(",", ":")).encode(),
               "缩进（同 data/*.json）": json.dumps(lists, ensure_ascii=False, indent=1).encode()}
    largest = max(files, key=len)

    def kb(n: float) -> str:
        return f"{n / 1024:.1f} KB"

    rows = [
        "| 方案（{} 个地区） | 不压缩 | gzip |".format(len(regions)), "|---|---|---|",
        f"| 每个地区一个文件：首次打开（regions.json + 一个地区） | {kb(len(index) + len(largest))} "
        f"| {kb(_gzip_size(index) + _gzip_size(largest))} |",
        f"| 每个地区一个文件：每换一个地区再加 | {kb(len(largest))} | {kb(_gzip_size(largest))} |",
    ]
    rows += [f"| 一个合集（{label}）：首次打开 | {kb(len(data))} | {kb(_gzip_size(data))} |"
             for label, data in bundles.items()]
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="page loads per measurement (median reported)")
    parser.add_argument("--site", type=Path, help="an already built site")
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="qingdan-bench-") as tmp:
        site = args.site or build_site(Path(tmp) / "site")
        bare = Path(tmp) / "bare"
        write_bare_page(bare, site)
        results = {}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for label, use_gzip in (("gzip", True), ("不压缩", False)):
                with StaticServer(site, {BARE_PREFIX: bare}, use_gzip=use_gzip) as server:
                    results[label] = measure(browser, server, args.runs)
            browser.close()
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        print(f"资格自测性能（{args.runs} 次冷启动的中位数；本机 127.0.0.1，headless Chromium，"
              f"{os.cpu_count()} 核，测量时负载 {load}）\n")
        print(table(results))
        print("\n清单数据：每个地区一个文件 vs 所有地区一个合集\n")
        print(data_table(site))
    return 0


if __name__ == "__main__":
    sys.exit(main())
