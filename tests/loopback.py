"""A real HTTP server on loopback for the `links` and `archive` tests, started by the tests
in a thread: routes that answer 200, 301, 404, 410, 429 and slowly, plus a small stand-in
for the Internet Archive's availability API and Save Page Now."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

SLOW = 3.0  # seconds /slow waits before answering


@dataclass
class Server:
    base: str  # http://127.0.0.1:PORT
    requests: list[tuple[float, str]] = field(default_factory=list)  # (time, path)
    snapshots: dict[str, str] = field(default_factory=dict)  # url → 14-digit timestamp
    saved: list[str] = field(default_factory=list)  # URLs sent to Save Page Now
    busy_saves: bool = False  # Save Page Now answers 429

    def hits(self, prefix: str) -> list[float]:
        return [t for t, path in self.requests if path.startswith(prefix)]


def _handler(server: Server) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:  # quiet
            pass

        def answer(self, code: int, body: bytes = b"", **headers: str) -> None:
            self.send_response(code)
            for name, value in headers.items():
                self.send_header(name.replace("_", "-"), value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            server.requests.append((time.monotonic(), self.path))
            path = urlsplit(self.path).path
            if path.startswith("/ok"):
                self.answer(200, b"<p>fine</p>", Content_Type="text/html")
            elif path == "/moved":
                self.answer(301, Location="/ok/after-move")
            elif path == "/moved-to-gone":
                self.answer(302, Location=f"{server.base}/gone-404")
            elif path == "/loop":
                self.answer(302, Location="/loop")
            elif path.startswith("/gone-404"):
                self.answer(404, b"not here")
            elif path.startswith("/gone-410"):
                self.answer(410, b"gone")
            elif path == "/busy":
                self.answer(429, Retry_After="1")
            elif path == "/slow":
                time.sleep(SLOW)
                self.answer(200, b"late")
            elif path == "/wayback/available":
                self.available()
            elif path.startswith("/save/"):
                self.save(self.path.removeprefix("/save/"))
            elif path.startswith("/web/"):
                self.answer(200, b"an archived page")
            else:
                self.answer(500)

        def available(self) -> None:
            query = parse_qs(urlsplit(self.path).query)
            url = query.get("url", [""])[0]
            stamp = server.snapshots.get(url)
            closest = {} if stamp is None else {"closest": {
                "available": True, "status": "200", "timestamp": stamp,
                "url": f"http://web.archive.org/web/{stamp}/{url}"}}
            self.answer(200, json.dumps({"url": url, "archived_snapshots": closest}).encode(),
                        Content_Type="application/json")

        def save(self, url: str) -> None:
            if server.busy_saves:
                self.answer(429, Retry_After="60")
                return
            server.saved.append(url)
            self.answer(200, b"saved", Content_Location=f"/web/20261125093000/{url}")

    return Handler


@contextmanager
def serve() -> Iterator[Server]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), None)  # type: ignore[arg-type]
    server = Server(f"http://127.0.0.1:{httpd.server_address[1]}")
    httpd.RequestHandlerClass = _handler(server)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        httpd.shutdown()
        httpd.server_close()
