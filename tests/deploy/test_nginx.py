"""Issue 14 (acceptance 3): the documented nginx configuration (deploy/nginx.conf) serves the calculator.

Debian's nginx (installed by ``bash scripts/bootstrap.sh test`` with libnginx-mod-http-brotli-static) runs on
127.0.0.1 with exactly that file, only its ``root`` and ``listen`` lines replaced, inside a minimal main
configuration of the test's own (pid, logs and temporary files in a temporary folder, the Brotli module loaded as
Debian's modules-enabled/ does). Chromium then runs the calculator through it: no request leaves the host, the
precompressed copies are served (Content-Encoding br, and gzip to a client without Brotli), the wasm is
application/wasm, the runtime may be kept for good, and the CSP header is sent.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import load_sitebuild

sitebuild = load_sitebuild()
ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "deploy" / "nginx.conf"
NGINX = "/usr/sbin/nginx"
BROTLI = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")
BOOT_TIMEOUT_MS = 120_000


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def site_config(site: Path, port: int) -> str:
    """deploy/nginx.conf with its root and listen lines pointed at the test's site and port, nothing else."""
    text = CONFIG.read_text(encoding="utf-8")
    assert text.count("    root /srv/qingdan/site;\n") == 1 and text.count("    listen 80;\n") == 1
    return text.replace("    root /srv/qingdan/site;\n", f"    root {site};\n").replace(
        "    listen 80;\n", f"    listen 127.0.0.1:{port};\n")


@pytest.fixture(scope="module")
def nginx(tmp_path_factory):
    assert Path(NGINX).exists() and BROTLI.exists(), "run bash scripts/bootstrap.sh test (nginx, brotli_static)"
    site = sitebuild.shared_build(tmp_path_factory, "real").require()
    work = tmp_path_factory.mktemp("nginx")
    port = _free_port()
    (work / "site.conf").write_text(site_config(site, port), encoding="utf-8")
    shutil.copy("/etc/nginx/mime.types", work / "mime.types")  # the config includes mime.types beside itself
    (work / "nginx.conf").write_text(f"""
{"user root;" if os.geteuid() == 0 else ""}
pid {work}/nginx.pid;
error_log {work}/error.log;
load_module {BROTLI};
events {{ worker_connections 128; }}
http {{
    access_log {work}/access.log;
    client_body_temp_path {work}/body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    include {work}/site.conf;
}}
""", encoding="utf-8")
    process = subprocess.Popen([NGINX, "-c", str(work / "nginx.conf"), "-p", str(work), "-g", "daemon off;"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(url, timeout=1).close()
                break
            except OSError:
                assert process.poll() is None, process.stdout.read().decode()
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def _get(url: str, encoding: str) -> tuple[dict, bytes]:
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept-Encoding": encoding})) as response:
        return {k.lower(): v for k, v in response.headers.items()}, response.read()


def test_the_calculator_runs_through_nginx_on_this_host_with_precompressed_files(browser, nginx):
    context = browser.new_context(locale="zh-CN")
    responses: dict[str, dict] = {}
    requests: list[str] = []
    try:
        context.on("request", lambda request: requests.append(request.url))
        context.on("response", lambda response: responses.setdefault(response.url, response.all_headers()))
        page = context.new_page()
        page.goto(nginx + "calculator/#region=140200&age=85&economic_status=dibao&living_alone=1")
        page.wait_for_selector("#qc-results[data-seq='1']", state="attached", timeout=BOOT_TIMEOUT_MS)
        assert page.get_attribute("#qc", "data-state") == "ready"
        page.wait_for_load_state("networkidle")
    finally:
        context.close()
    host = urlsplit(nginx).netloc
    assert not [url for url in requests if not url.startswith(("data:", "blob:")) and urlsplit(url).netloc != host]

    def headers(ending: str) -> dict:
        (found,) = [h for url, h in responses.items() if urlsplit(url).path.endswith(ending)]
        return found

    wasm = headers("/pyodide.asm.wasm")
    assert (wasm["content-encoding"], wasm["content-type"]) == ("br", "application/wasm")
    assert "immutable" in wasm["cache-control"]
    for ending in ("/python_stdlib.zip", "/calculator/", "/data/140200.json", "/calculator/answers/140200.json"):
        assert headers(ending)["content-encoding"] == "br", ending
    page_headers = headers("/calculator/")
    assert page_headers["content-security-policy"] == "frame-ancestors 'none'"
    assert page_headers["cache-control"] == "no-cache" and page_headers["x-content-type-options"] == "nosniff"


def test_a_client_without_brotli_gets_the_gzip_copy(nginx, tmp_path_factory):
    site = sitebuild.shared_build(tmp_path_factory, "real").require()
    head, body = _get(nginx + "data/140200.json", "gzip")
    assert head["content-encoding"] == "gzip" and head["vary"] == "Accept-Encoding"
    assert body == (site / "data" / "140200.json.gz").read_bytes()
    head, body = _get(nginx + "data/140200.json", "identity")
    assert "content-encoding" not in head and body == (site / "data" / "140200.json").read_bytes()
