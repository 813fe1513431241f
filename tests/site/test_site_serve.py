"""``mkdocs serve`` takes a change to the generator's own code (issue 13: no ``sys.modules`` purge): the hook restarts
the server process, so the new code runs in a fresh interpreter (generator/site/hooks.py)."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import qingdan_sitebuild as sitebuild

MKDOCS = Path(sys.executable).parent / "mkdocs"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(log: Path, text: str, count: int, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if log.read_text(encoding="utf-8", errors="replace").count(text) >= count:
            return
        time.sleep(1)
    raise AssertionError(f"not {count}× “{text}” within {timeout} s:\n{log.read_text(errors='replace')[-3000:]}")


def test_a_change_to_the_generator_restarts_the_server_with_the_new_code(tmp_path):
    project = tmp_path / "project"
    for part in ("generator", "docs", "policy"):
        shutil.copytree(sitebuild.ROOT / part, project / part, ignore=shutil.ignore_patterns("__pycache__"))
    for part in ("mkdocs.yml", "pyproject.toml", "requirements-browser.lock.txt"):
        shutil.copy2(sitebuild.ROOT / part, project / part)
    (project / "node_modules").symlink_to(sitebuild.ROOT / "node_modules")
    (sitebuild.ROOT / "build").mkdir(exist_ok=True)
    (project / "build").symlink_to(sitebuild.ROOT / "build")  # the build cache (generator/site/buildcache.py)
    port, log = _free_port(), tmp_path / "serve.log"
    env = sitebuild.env(PYTHONPATH=str(project))
    with log.open("w", encoding="utf-8") as output:
        server = subprocess.Popen([str(MKDOCS), "serve", "--dev-addr", f"127.0.0.1:{port}"], cwd=project, env=env,
                                  stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        _wait_for(log, "Serving on", 1)
        first = server.pid
        text = project / "generator" / "site" / "text.py"
        text.write_text(text.read_text(encoding="utf-8") + "\n# changed while serving\n", encoding="utf-8")
        _wait_for(log, "生成器的代码有改动", 1)
        _wait_for(log, "Serving on", 2)
        assert server.poll() is None and server.pid == first, "the same process, its image replaced (exec)"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as response:
            assert response.status == 200 and "大同市基本养老服务清单" in response.read().decode("utf-8")
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=60)
