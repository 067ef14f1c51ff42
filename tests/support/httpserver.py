"""A real HTTP server on 127.0.0.1 for behaviour tests: routes map a path to a canned response.

    server = LocalServer(); server.start()
    server.route("/feed.xml", body=b"<rss>...", content_type="application/rss+xml")
    server.url("/feed.xml")  ->  "http://127.0.0.1:PORT/feed.xml"

Every request is recorded in ``server.requests`` (method, path, headers, and the body of a POST) so tests
can assert on what the client sent (User-Agent, If-None-Match, a JSON request, ...). GET and POST are
answered from the same routes.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Response:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    # Optional hook for dynamic behaviour (slow bodies, conditional answers, redirects): it gets the
    # request handler and writes the whole response itself; status/body/headers are then unused.
    handler: Callable[[_Handler], None] | None = None


@dataclass
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes = b""


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # noqa: A002 - silence the default stderr log
        pass

    def do_GET(self):  # noqa: N802
        self._answer("GET", b"")

    def do_POST(self):  # noqa: N802
        self._answer("POST", self.rfile.read(int(self.headers.get("Content-Length") or 0)))

    def _answer(self, method: str, body: bytes) -> None:
        owner = self.server.owner
        owner.requests.append(RecordedRequest(method, self.path, {k.lower(): v for k, v in self.headers.items()}, body))
        path = self.path.split("?", 1)[0]
        response = owner.routes.get(self.path) or owner.routes.get(path)
        if response is None:
            response = Response(status=404, body=b"not found", headers={"Content-Type": "text/plain"})
        if response.handler is not None:
            response.handler(self)
            return
        self.send_response(response.status)
        headers = {"Content-Length": str(len(response.body)), **response.headers}
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(response.body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # socketserver's backlog of 5 drops the SYNs of a burst of clients (8 threads in test_fetch); the kernel
    # retries them only after 1 s, which the tests' 1 s connect timeout reads as a dead server.
    request_queue_size = 64
    owner: LocalServer

    def handle_error(self, request, client_address):
        # Tests hang up on purpose (size caps, timeouts); only unexpected errors deserve a traceback.
        if not isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            super().handle_error(request, client_address)


class LocalServer:
    def __init__(self, host: str = "127.0.0.1") -> None:
        self.host = host
        self.routes: dict[str, Response] = {}
        self.requests: list[RecordedRequest] = []
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> LocalServer:
        self._server = _Server((self.host, 0), _Handler)
        self._server.owner = self
        # A short poll interval makes stop() quick: serve_forever checks for shutdown this often.
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    @property
    def port(self) -> int:
        assert self._server is not None
        return self._server.server_address[1]

    def url(self, path: str = "/") -> str:
        return f"http://{self.host}:{self.port}{path}"

    def route(
        self,
        path: str,
        body: bytes | str = b"",
        *,
        status: int = 200,
        content_type: str = "text/html; charset=utf-8",
        headers: dict[str, str] | None = None,
        handler=None,
    ) -> None:
        if isinstance(body, str):
            body = body.encode("utf-8")
        all_headers = {"Content-Type": content_type, **(headers or {})}
        self.routes[path] = Response(status=status, body=body, headers=all_headers, handler=handler)
