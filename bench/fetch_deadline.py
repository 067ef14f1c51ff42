"""What the per-request deadline costs: N small GETs from a local server, with and without it, in one run.

    .venv/bin/python bench/fetch_deadline.py                   # 2000 GETs a variant, best of 5 rounds
    .venv/bin/python bench/fetch_deadline.py --requests 5000 --rounds 7 --body 1024

The server is a keep-alive HTTP/1.1 server on 127.0.0.1 in its own process (so it does not share the
client's interpreter), answering every path with ``--body`` bytes. Variants, each on one connection reused:

- ``httpx``: a plain ``httpx.Client`` with httpx's own transport (``client.get``).
- ``httpx+deadline``: the same client on ``deadlines.transport()``, each GET inside ``deadlines.deadline``:
  the cost of the socket-level deadline alone.
- ``Fetcher, plain transport``: ``Fetcher.get`` with its transport swapped for httpx's own (the fetcher as
  it was before the deadline), and ``Fetcher``: ``Fetcher.get`` as shipped (loopback allowed, as in tests).

Rounds alternate the variants so machine noise falls on all of them alike; each figure is the best round.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx  # noqa: E402

from newsdesk.pipeline import deadlines  # noqa: E402
from newsdesk.pipeline.fetch import FetchConfig, Fetcher  # noqa: E402


def serve(port_out, body_size: int) -> None:
    body = b"<html><body>" + b"x" * max(0, body_size - 26) + b"</body></html>"

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body go out in two writes: no 40 ms delayed-ACK stall

        def log_message(self, *args):
            pass

        def do_GET(self):  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    port_out.send(server.server_address[1])
    server.serve_forever()


def timed(get, url: str, n: int) -> float:
    get(url)  # open the connection outside the timing
    started = time.perf_counter()
    for _ in range(n):
        get(url)
    return (time.perf_counter() - started) / n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--body", type=int, default=1024, help="body size in bytes")
    args = parser.parse_args()

    receive, send = multiprocessing.Pipe(duplex=False)
    server = multiprocessing.Process(target=serve, args=(send, args.body), daemon=True)
    server.start()
    url = f"http://127.0.0.1:{receive.recv()}/page.html"

    plain = httpx.Client(trust_env=False)
    held = httpx.Client(trust_env=False, transport=deadlines.transport())
    config = FetchConfig(allow_private_networks=True)
    old_fetcher, fetcher = Fetcher(config), Fetcher(config)
    old_fetcher._client._transport = httpx.HTTPTransport(trust_env=False)  # the fetcher without the deadline

    def with_deadline(target: str) -> httpx.Response:
        with deadlines.deadline(time.monotonic() + 60):
            return held.get(target)

    variants = {
        "httpx": plain.get,
        "httpx+deadline": with_deadline,
        "Fetcher, plain transport": old_fetcher.get,
        "Fetcher": fetcher.get,
    }
    best = {name: float("inf") for name in variants}
    for _ in range(args.rounds):
        for name, get in variants.items():
            best[name] = min(best[name], timed(get, url, args.requests))
    server.terminate()

    print(f"{args.requests} GETs of {args.body} bytes from 127.0.0.1, best of {args.rounds} rounds")
    print(f"{'variant':26} {'us/GET':>8} {'GET/s':>8}")
    for name, seconds in best.items():
        print(f"{name:26} {seconds * 1e6:8.1f} {1 / seconds:8.0f}")
    print(f"deadline cost, httpx alone:   {best['httpx+deadline'] / best['httpx']:.3f}x")
    print(f"deadline cost, Fetcher.get:   {best['Fetcher'] / best['Fetcher, plain transport']:.3f}x")


if __name__ == "__main__":
    main()
