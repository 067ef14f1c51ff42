"""Static sites on loopback addresses (127.0.0.2, ...), each a {path: bytes} map, for the fixture newsrooms
of the scale-out tests (``tests/scaleout/newsroom.py``) and the benchmarks (``bench/newsroom_server.py``).
No pytest here: the benchmarks import it too."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def content_type(path: str) -> str:
    if path.endswith(".xml"):
        return "application/rss+xml"
    return "text/plain" if path.endswith(".txt") else "text/html; charset=utf-8"


def handler_for(files: dict[str, bytes]) -> type[BaseHTTPRequestHandler]:
    """A request handler answering GET with the file at the path (query string ignored), else 404."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):  # noqa: N802
            path = self.path.split("?")[0]
            body = files.get(path)
            self.send_response(200 if body is not None else 404)
            body = body if body is not None else b"not found"
            self.send_header("Content-Type", content_type(path))
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    return Handler


def serve_sites(site: dict[str, dict[str, bytes]], port: int) -> list[ThreadingHTTPServer]:
    """One threaded server per host, all on ``port``, serving until ``stop_sites``."""
    servers = []
    try:
        for host, files in site.items():
            server = ThreadingHTTPServer((host, port), handler_for(files))
            server.daemon_threads = True
            threading.Thread(target=server.serve_forever, daemon=True).start()
            servers.append(server)
    except OSError:
        stop_sites(servers)
        raise
    return servers


def stop_sites(servers: list[ThreadingHTTPServer]) -> None:
    for server in servers:
        server.shutdown()
        server.server_close()
