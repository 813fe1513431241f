"""Long runs show progress on a terminal and stay quiet when output is not a terminal (issue order 7)."""
from __future__ import annotations

import fcntl
import os
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from tests.conftest import QINGDAN, ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from national_corpus import generate  # noqa: E402


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    generate(out, provinces=2, cities=10, counties=240)
    return out


def run_on_terminal(args: list[str], cwd: Path) -> tuple[int, str]:
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    process = subprocess.Popen(args, cwd=cwd, stdin=slave, stdout=slave, stderr=slave)
    os.close(slave)
    output = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    os.close(master)
    return process.wait(timeout=120), output.decode("utf-8", "replace")


def test_a_large_check_shows_progress_on_a_terminal(corpus):
    code, output = run_on_terminal([*QINGDAN, "check", "policy", "--as-of", "2024-06-01"], corpus)
    assert "读取政策文件" in output and "检查下级清单" in output and "%" in output
    assert code in (0, 1)


def test_the_same_check_is_quiet_when_piped(corpus):
    result = subprocess.run([*QINGDAN, "check", "policy", "--as-of", "2024-06-01"], cwd=corpus, capture_output=True,
                            text=True, timeout=120)
    assert "读取政策文件" not in result.stderr and "%|" not in result.stderr
    assert "检查" in result.stderr + result.stdout
