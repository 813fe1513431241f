"""A local static server for the built site, used by the calculator's browser tests and its benchmark.

It serves a folder on 127.0.0.1 from a background thread, can mount more folders under fixed prefixes (the
benchmark's bare-Pyodide page lives beside the site, not in it) and counts the bytes it sends per path. Like the
production configuration (deploy/nginx.conf: ``brotli_static``, ``gzip_static``) it sends a file's precompressed copy
(``X.br``, ``X.gz``, written by the build: generator/site/precompress.py) to a browser that accepts it; optionally it
also gzips other files on the fly, as a server with ``gzip on`` would. Like that configuration, too, it lets browsers
keep the content-hashed runtime for good and has them revalidate everything else.
"""
from __future__ import annotations

import email.utils
import gzip
import http.server
import io
import threading
from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Already-compressed formats are sent as they are (gzip would only cost time).
_INCOMPRESSIBLE = {".whl", ".png", ".jpg", ".jpeg", ".gif", ".woff", ".woff2", ".gz", ".br"}
_PRECOMPRESSED = (("br", ".br"), ("gzip", ".gz"))  # preferred first
IMMUTABLE_PREFIX = ("/calculator/runtime/", "/editors/draft/runtime/")
"""Content-hashed folders (generator/site/calculator/runtime.py, generator/site/draft/runtime.py)."""


def _accepted(header: str) -> set[str]:
    """The encodings an Accept-Encoding header allows (q=0 excluded)."""
    accepted = set()
    for part in header.split(","):
        name, _, params = part.strip().partition(";")
        if name and params.replace(" ", "") not in ("q=0", "q=0.0", "q=0.00", "q=0.000"):
            accepted.add(name.strip().lower())
    return accepted


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

    def end_headers(self) -> None:
        immutable = urlsplit(self.path).path.startswith(IMMUTABLE_PREFIX)
        self.send_header("Cache-Control", "public, max-age=31536000, immutable" if immutable else "no-cache")
        super().end_headers()

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
            if not urlsplit(self.path).path.endswith("/"):
                return super().send_head()  # the redirect to the trailing slash
        if not path.is_file():
            return super().send_head()
        accepted = _accepted(self.headers.get("Accept-Encoding", ""))
        encoding = next((name for name, suffix in _PRECOMPRESSED
                         if name in accepted and path.with_name(path.name + suffix).is_file()), None)
        if encoding is not None:
            body = path.with_name(path.name + dict(_PRECOMPRESSED)[encoding]).read_bytes()
        elif self.server.gzip and "gzip" in accepted and path.suffix not in _INCOMPRESSIBLE:
            encoding, body = "gzip", self.server.compressed(path)
        else:
            return super().send_head()
        modified = path.stat().st_mtime
        since = self.headers.get("If-Modified-Since")
        if since:
            try:
                if int(modified) <= email.utils.parsedate_to_datetime(since).timestamp():
                    self.send_response(304)
                    self.send_header("Vary", "Accept-Encoding")
                    self.end_headers()
                    return None
            except (TypeError, ValueError, OverflowError):
                pass
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", encoding)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", self.date_time_string(modified))
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
    """``with StaticServer(site) as server: page.goto(server.url + "calculator/")``.

    ``use_gzip``: also gzip, on the fly, the files that have no precompressed copy."""

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
