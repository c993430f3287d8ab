"""A real HTTP server on 127.0.0.1 for the links tests and bench (never any other address).

Routes answer what real sites answer: statuses, redirects and loops, slow pages, 429 with and
without Retry-After, HEAD refused with 405, dropped connections, bot challenges, HTML pages
with ids, pages with a modification date. Every request is counted, so a test can assert how
many were sent.
"""

from __future__ import annotations

import datetime
import email.utils
import functools
import gzip
import socket
import ssl
import struct
import sys
import threading
import time
from collections import Counter, defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable
from urllib.parse import parse_qs, urlsplit

PAGE = (
    "<!doctype html><html><body><h1 id='top-title'>Title</h1>"
    "<h2 id=\"intro\">Intro</h2><a name=\"legacy\"></a><h2 id='user-content-readme'>Readme</h2>"
    "</body></html>"
)


class LinkServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 256

    def __init__(self, latency: float = 0.0, tls: ssl.SSLContext | None = None) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        if tls is not None:
            self.socket = tls.wrap_socket(self.socket, server_side=True)
        self.scheme = "https" if tls is not None else "http"
        self.latency = latency
        self.hits: Counter[tuple[str, str]] = Counter()
        #: path → the request headers of each request to it (what a client sent).
        self.received: dict[str, list[dict[str, str]]] = defaultdict(list)
        self.times: dict[str, list[float]] = defaultdict(list)
        #: (time.monotonic(), method, path with its query) of every request, in arrival order.
        self.log: list[tuple[float, str, str]] = []
        self.lock = threading.Lock()
        #: TCP connections accepted (a client that keeps its connections opens few).
        self.connections = 0
        self.thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def base(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def count(self, path: str, method: str | None = None) -> int:
        return sum(n for (m, p), n in self.hits.items() if p == path and method in (None, m))

    def total(self) -> int:
        return sum(self.hits.values())

    def process_request(self, request: object, client_address: object) -> None:
        self.connections += 1
        super().process_request(request, client_address)

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that hung up (what a deadline does) is not the test server's error."""
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)

    def __enter__(self) -> "LinkServer":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
        self.server_close()


@functools.cache
def gzip_bomb() -> bytes:
    """A page followed by 64 MB of spaces, gzip-compressed to 64 kB (made once per run)."""
    return gzip.compress((PAGE + " " * (64 << 20)).encode("utf-8"))


def closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens (connection refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    #: Headers and body are two writes; without this, Nagle and delayed ACKs add 40 ms each.
    disable_nagle_algorithm = True
    server: LinkServer

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet tests
        pass

    def do_HEAD(self) -> None:  # noqa: N802
        self._route(head=True)

    def do_GET(self) -> None:  # noqa: N802
        self._route(head=False)

    def _route(self, head: bool) -> None:
        parts = urlsplit(self.path)
        path, query = parts.path, parse_qs(parts.query)
        with self.server.lock:
            self.server.hits[(self.command, path)] += 1
            seen = self.server.count(path)
            self.server.times[path].append(time.monotonic())
            self.server.log.append((self.server.times[path][-1], self.command, self.path))
            self.server.received[path].append(dict(self.headers.items()))
        if self.server.latency:
            time.sleep(self.server.latency)
        first, _, rest = path.strip("/").partition("/")
        if first == "status":
            self._send(int(rest.split("/")[0] or 200), head)
        elif first in ("ok", "page"):
            self._send(200, head, PAGE)
        elif first == "pdf":
            self._send(200, head, "%PDF-1.4", content_type="application/pdf")
        elif first == "moved":
            self._send(301, head, location="/page")
        elif first == "moved308":
            self._send(308, head, location=self.server.url("/ok"))
        elif first == "temporary":
            self._send(302, head, location="/page")
        elif first == "chain":
            self._send(301, head, location="/temporary")
        elif first == "redirect-to-localhost":
            self._send(302, head, location=f"http://localhost:{closed_port()}/admin")
        elif first == "loop":
            self._send(302, head, location="/loop-back")
        elif first == "loop-back":
            self._send(302, head, location="/loop")
        elif first == "slow":
            time.sleep(float(query.get("s", ["1"])[0]))
            self._send(200, head, PAGE)
        elif first == "flaky":
            self._send(503 if seen <= int(query.get("fail", ["1"])[0]) else 200, head, PAGE)
        elif first == "rate":
            headers = {} if "no-header" in query else {"Retry-After": query.get("after", ["1"])[0]}
            self._send(429 if seen == 1 else 200, head, PAGE, headers=headers)
        elif first == "always429":
            self._send(429, head, headers={"Retry-After": "1"})
        elif first == "gzipped":  # whatever the request accepts, as some servers do
            self._send(200, head, PAGE, headers={"Content-Encoding": "gzip"}, encode=gzip.compress)
        elif first == "gzip-bomb":  # see gzip_bomb()
            self._send(200, head, headers={"Content-Encoding": "gzip"}, encode=lambda _: gzip_bomb())
        elif first == "bad-gzip":  # says gzip, sends plain text
            self._send(200, head, PAGE, headers={"Content-Encoding": "gzip"})
        elif first == "then-close":
            self._send(200, head, PAGE)
            self.close_connection = True  # without saying so (no Connection: close)
        elif first == "head405":
            self._send(405 if head else 200, head, PAGE)
        elif first == "challenge":
            self._send(403, head, "Just a moment...", headers={"cf-mitigated": "challenge"})
        elif first == "token":
            self._send(200 if self.headers.get("X-Token") == "s3cret" else 401, head)
        elif first == "agent":
            self._send(200 if "postcheck-test" in (self.headers.get("User-Agent") or "") else 403, head)
        elif first == "reset":
            self._reset()
        elif first == "redirect":
            self._send(302, head, location=query["to"][0])
        elif first == "trickle":
            self._trickle(float(query.get("every", ["0.5"])[0]), head)
        elif first == "trickle-headers":
            self._trickle_headers(float(query.get("every", ["0.5"])[0]))
        elif first == "dated":
            self._dated(rest, query.get("day", ["2020-01-15"])[0], head)
        else:
            self._send(404, head, "not found")

    def _send(
        self,
        status: int,
        head: bool,
        body: str = "",
        content_type: str = "text/html; charset=utf-8",
        location: str | None = None,
        headers: dict[str, str] | None = None,
        encode: Callable[[bytes], bytes] = bytes,
    ) -> None:
        data = encode(body.encode("utf-8"))
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        if location:
            self.send_header("Location", location)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if not head:
            self.wfile.write(data)

    def _trickle(self, every: float, head: bool) -> None:
        """Headers at once, then a body of one byte every ``every`` seconds for a minute:
        each read is quick, the whole answer is not."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", "60")
        self.end_headers()
        if not head:
            self._drip(b"x", every)

    def _trickle_headers(self, every: float) -> None:
        """The status line, then one header byte every ``every`` seconds."""
        self.wfile.write(b"HTTP/1.1 200 OK\r\n")
        self._drip(b"X", every)
        self.close_connection = True

    def _drip(self, byte: bytes, every: float) -> None:
        for _ in range(60):
            try:
                self.wfile.write(byte)
                self.wfile.flush()
            except OSError:
                return
            time.sleep(every)

    def _dated(self, how: str, day: str, head: bool) -> None:
        """A page last modified on ``day``, said the way ``how`` names: the ``Last-Modified``
        header (``header``, also for ``pdf``), or in the page (``meta``: article:modified_time,
        ``jsonld``: schema.org dateModified) with a fresh header beside it."""
        stamp = email.utils.format_datetime(datetime.datetime.fromisoformat(day).replace(tzinfo=datetime.timezone.utc), usegmt=True)
        now = email.utils.formatdate(usegmt=True)
        if how in ("header", "pdf"):
            kind = "application/pdf" if how == "pdf" else "text/html; charset=utf-8"
            self._send(200, head, PAGE, content_type=kind, headers={"Last-Modified": stamp})
        elif how == "meta":
            page = PAGE.replace("<body>", f'<head><meta property="article:modified_time" content="{day}T09:30:00+00:00"></head><body>')
            self._send(200, head, page, headers={"Last-Modified": now})
        else:
            script = f'<script type="application/ld+json">{{"@type": "WebPage", "dateModified": "{day}"}}</script>'
            self._send(200, head, PAGE.replace("</body>", script + "</body>"), headers={"Last-Modified": now})

    def _reset(self) -> None:
        """Drop the connection with a TCP reset, before any response."""
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True
