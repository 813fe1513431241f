"""A local static server for the built site, used by the calculator's browser tests and its benchmark.

It serves a folder on 127.0.0.1 from a background thread, can mount more folders under fixed prefixes (the
benchmark's bare-Pyodide page lives beside the site, not in it), can compress responses with gzip the way a
production web server would, and counts the bytes it sends per path.
"""
from __future__ import annotations

import gzip
import http.server
import io
import threading
from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Already-compressed formats are sent as they are (gzip would only cost time).
_INCOMPRESSIBLE = {".zip", ".whl", ".png", ".jpg", ".jpeg", ".gif", ".woff", ".woff2", ".gz"}


class _Handler(http.server.SimpleHTTPRequestHandler):
    server: "_Server"
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".mjs": "text/javascript", ".js": "text/javascript", ".wasm": "application/wasm",
                      ".json": "application/json", ".whl": "application/zip"}

    def log_message(self, *args) -> None:  # keep test output clean
        pass

    def translate_path(self, path: str) -> str:
        route = unquote(urlsplit(path).path)
        for prefix, folder in self.server.mounts.items():
            if route.startswith(prefix):
                return str(folder / route[len(prefix):].lstrip("/"))
        return super().translate_path(path)

    def send_head(self):
        if not self.server.gzip or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the redirect to the trailing slash
        if not path.is_file() or path.suffix in _INCOMPRESSIBLE:
            return super().send_head()
        body = self.server.compressed(path)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)

    def copyfile(self, source, outputfile) -> None:
        data = source.read()
        self.server.count(urlsplit(self.path).path, len(data))
        outputfile.write(data)


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, root: Path, mounts: dict[str, Path], use_gzip: bool):
        self.root, self.mounts, self.gzip = root, mounts, use_gzip
        self.sent: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._gzipped: dict[Path, bytes] = {}
        super().__init__(("127.0.0.1", 0), lambda *a: _Handler(*a, directory=str(root)))

    def compressed(self, path: Path) -> bytes:
        with self._lock:
            if path not in self._gzipped:
                self._gzipped[path] = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
            return self._gzipped[path]

    def count(self, path: str, size: int) -> None:
        with self._lock:
            self.sent[path] += size


class StaticServer:
    """``with StaticServer(site) as server: page.goto(server.url + "calculator/")``."""

    def __init__(self, root: Path, mounts: dict[str, Path] | None = None, use_gzip: bool = False):
        self._server = _Server(Path(root), {k: Path(v) for k, v in (mounts or {}).items()}, use_gzip)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}/"

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self._server.server_port}"

    @property
    def sent(self) -> Counter[str]:
        """Response body bytes sent per path since the last ``reset()``."""
        return self._server.sent

    def reset(self) -> None:
        self._server.sent = Counter()

    def __enter__(self) -> "StaticServer":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()
