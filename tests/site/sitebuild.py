"""Builds the site once per test run (shared by all xdist workers).

Two sites are built (served in the browser tests by generator/site/calculator/serving.py):

- the real one: ``mkdocs build --strict`` at the repository root, from policy/ (acceptance 1);
- the fixture one: ``qingdan build`` (counting its policy checks: :data:`CHECKS_COUNTED`) from a copy of policy/
  with a fictitious, superseding city revision whose texts
  carry HTML and Markdown (``<script>alert(1)</script>`` …) — escaping, revision pages and diffs are checked on it.

Used by tests/site/conftest.py and tests/browser/conftest.py (imported by path: the test folders are not packages).
"""
from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from tests.revisions.fixture import replace_once, superseding

ROOT = Path(__file__).resolve().parents[2]
POLICY = ROOT / "policy"
MKDOCS = Path(sys.executable).parent / "mkdocs"
QINGDAN = [sys.executable, "-c", "from generator.cli import main; main()"]
CHECKS_COUNTED = """
import atexit, sys
reads = []

def loader_reads(event, args):
    if event == "open" and str(args[0]).endswith("vocabulary.yaml"):
        frame = sys._getframe(1)
        while frame is not None and not frame.f_code.co_filename.endswith("generator/loading/yamlsafe.py"):
            frame = frame.f_back
        if frame is not None:
            reads.append(args[0])

sys.addaudithook(loader_reads)
atexit.register(lambda: print(f"policy checks: {len(reads)}", file=sys.stderr))
from generator.cli import main
main()
"""
"""The command line, counting the policy checks it runs: each check reads the policy's vocabulary.yaml once through
the policy loader (generator/loading/yamlsafe.py; an audit hook sees every file opened, and who opened it; nothing of
the program is replaced). The 县区清单编制 page's bundle copies the file as it is, without reading it as policy. The
count is the last line on stderr."""

CITY = "140200"
CITY_FILE = "lists/140200/2024-02-06.yaml"
FIXTURE_REVISION = "2024-06-01"
FIXTURE_AS_OF = "2024-07-01"
INJECTED = "<script>alert(1)</script>"
INJECTED_IMG = '<img src=x onerror="alert(2)">'
MARKDOWN_TEXT = "*星号* _下划线_ [链接](javascript:alert(3)) `代码` {#x}"
INJECTED_ITEM = "homeless-relief"  # item 22, 社会救助


def env(**extra: str) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("QINGDAN_")}
    environment.update(NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1", **extra)
    return environment


def write_fixture_policy(target: Path) -> Path:
    """A copy of policy/ plus a fictitious city revision (fixture: true) that supersedes the real one.

    Only official *texts* change (no value moves), so every county list still passes the check against it; item 22
    carries HTML and Markdown in its name, content and a term label, and a definition text closes tags.
    """
    shutil.copytree(POLICY, target)
    text = superseding((target / CITY_FILE).read_text(encoding="utf-8"), FIXTURE_REVISION)
    text = replace_once(text, "      name: 社会救助\n", f"      name: '社会救助{INJECTED}'\n")
    text = replace_once(text, "      content: 依照有关规定给予救助\n",
                         f"      content: '依照有关规定给予救助{INJECTED_IMG} {MARKDOWN_TEXT}'\n")
    text = replace_once(text, "label: 临时性救助服务,", f"label: '临时性救助服务{INJECTED}',")
    text = replace_once(text, "    text: 经民政部门认定的最低生活保障对象。\n",
                         f"    text: '经民政部门认定的最低生活保障对象。</dd></dl>{INJECTED}'\n")
    (target / f"lists/{CITY}/{FIXTURE_REVISION}.yaml").write_text(text, encoding="utf-8")
    return target


class BuildResult:
    def __init__(self, site: Path, returncode: int, output: str, seconds: float):
        self.site, self.returncode, self.output, self.seconds = site, returncode, output, seconds

    def require(self) -> Path:
        assert self.returncode == 0, f"site build failed (exit {self.returncode}):\n{self.output[-6000:]}"
        return self.site


def _build_real(work: Path) -> tuple[int, str]:
    run = subprocess.run([str(MKDOCS), "build", "--strict", "--site-dir", str(work / "site")], cwd=ROOT,
                         env=env(), capture_output=True, text=True, timeout=600)
    return run.returncode, run.stdout + run.stderr


def _build_fixture(work: Path) -> tuple[int, str]:
    policy = write_fixture_policy(work / "policy")
    run = subprocess.run([sys.executable, "-c", CHECKS_COUNTED, "build", "--out", str(work / "site")], cwd=ROOT,
                         env=env(QINGDAN_POLICY=str(policy), QINGDAN_AS_OF=FIXTURE_AS_OF),
                         capture_output=True, text=True, timeout=600)
    return run.returncode, run.stdout + run.stderr


BUILDERS = {"real": _build_real, "fixture": _build_fixture}


def shared_build(tmp_path_factory, name: str) -> BuildResult:
    """Build ``name`` once per test run, whichever xdist worker asks first; the others wait and reuse it."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # shared by the workers of this run only
    work = base / f"qingdan-site-{name}"
    with open(base / f"qingdan-site-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        record = work / "build.json"
        if not record.exists():
            work.mkdir(parents=True, exist_ok=True)
            start = time.monotonic()
            code, output = BUILDERS[name](work)
            record.write_text(json.dumps({"returncode": code, "output": output,
                                          "seconds": round(time.monotonic() - start, 2)}), encoding="utf-8")
        data = json.loads(record.read_text(encoding="utf-8"))
    return BuildResult(work / "site", data["returncode"], data["output"], data["seconds"])


# ---------------------------------------------------------------------------------------------- reading built pages
from html.parser import HTMLParser  # noqa: E402


class Element:
    def __init__(self, tag: str, attrs: dict, parent: "Element | None"):
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list = []  # Element or str

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self, tag: str | None = None):
        for child in self.children:
            if isinstance(child, Element):
                if tag is None or child.tag == tag:
                    yield child
                yield from child.iter(tag)

    def find(self, tag: str | None = None, **attrs) -> "Element | None":
        return next(self.find_all(tag, **attrs), None)

    def find_all(self, tag: str | None = None, **attrs):
        for element in self.iter(tag):
            if all(_matches(element, key.rstrip("_"), value) for key, value in attrs.items()):
                yield element

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())


def _matches(element: Element, key: str, value: str) -> bool:
    if key == "class":
        return value in element.classes
    return element.attrs.get(key) == value


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#root", {}, None)
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {k: v or "" for k, v in attrs}, self.current)
        self.current.children.append(element)
        if tag not in _VOID:
            self.current = element

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Element(tag, {k: v or "" for k, v in attrs}, self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse_html(text: str) -> Element:
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    return builder.root


def read_page(site: Path, url_path: str) -> Element:
    """The parsed page at a site URL path such as ``lists/140200/``."""
    path = site / url_path
    if url_path.endswith("/") or url_path == "":
        path = path / "index.html"
    return parse_html(path.read_text(encoding="utf-8"))


def squeeze(text: str) -> str:
    return "".join(text.split())
