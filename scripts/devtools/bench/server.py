"""A local static server that gzips text responses, as a static host (GitHub Pages) would.

It also counts the body bytes it sends per request, including requests from the search web
worker, which the browser's own per-request sizes do not always report.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/xml",
                "image/svg+xml", "application/manifest+json")
GZIP_LEVEL = 6  # what nginx-style static hosts typically use


def compressible(content_type: str) -> bool:
    """Whether a host would gzip a response of this type (text, JSON, JS, SVG)."""
    return content_type.split(";")[0].strip().startswith(COMPRESSIBLE)


def accepts_gzip(header: str | None) -> bool:
    """Whether an Accept-Encoding header allows gzip."""
    return any(part.split(";")[0].strip() == "gzip" for part in (header or "").split(","))


@dataclass
class Served:
    """The running server's address and the (path, body bytes) of every response so far."""

    url: str
    sent: list[tuple[str, int]] = field(default_factory=list)

    def take(self) -> list[tuple[str, int]]:
        """The responses since the last call."""
        taken, self.sent[:] = list(self.sent), []
        return taken


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files from ``directory``; compresses compressible ones when the client asks."""

    protocol_version = "HTTP/1.1"  # keep-alive, like a real host
    served: Served

    def send_head(self) -> io.BytesIO | BinaryIO | None:
        """Headers and body of a GET or HEAD, gzipped when allowed; counts the body bytes."""
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        content_type = self.guess_type(str(path))
        if path.is_file() and compressible(content_type) and accepts_gzip(
                self.headers.get("Accept-Encoding")):
            body = _gzipped(path, path.stat().st_mtime_ns)
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Vary", "Accept-Encoding")
            self.end_headers()
            self.served.sent.append((self.path, len(body)))
            return io.BytesIO(body)
        handle = super().send_head()
        size = os.fstat(handle.fileno()).st_size if hasattr(handle, "fileno") and handle else 0
        self.served.sent.append((self.path, size))
        return handle

    def log_message(self, format: str, *args: object) -> None:
        """Log nothing: the benchmark prints its own tables."""


@functools.lru_cache(maxsize=1024)
def _gzipped(path: Path, mtime: int) -> bytes:
    return gzip.compress(path.read_bytes(), compresslevel=GZIP_LEVEL, mtime=0)


def gzip_size(data: bytes) -> int:
    """Size of ``data`` gzipped as the server sends it."""
    return len(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))


@contextmanager
def serve(directory: Path) -> Iterator[Served]:
    """Serve ``directory`` on 127.0.0.1 (a free port) for the ``with`` block."""
    served = Served("")
    handler = type("Handler", (GzipHandler,), {"served": served})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                            functools.partial(handler, directory=str(directory)))
    served.url = f"http://127.0.0.1:{httpd.server_address[1]}/"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield served
    finally:
        httpd.shutdown()
        httpd.server_close()
