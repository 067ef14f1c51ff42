"""A hostile HTTP server on 127.0.0.1 that answers one byte at a time (a "slow loris"), on raw sockets.

    server = SlowServer(fast=b"HTTP/1.1 200 OK\\r\\n", slow=b"X-Pad: aaaa...\\r\\n", interval=0.2).start()
    server.url("/feed.xml")   # every path gets the same answer
    server.wait_closed(1, within=2.0)   # the client hung up (no leaked connection)

Each connection reads the request head, sends ``fast`` at once, then ``slow`` one byte every ``interval``
seconds, then holds the connection open without a word until the client goes or the server stops. With
``fast`` and ``slow`` both empty it accepts and never answers. The server notices a client that hangs up
(its socket becomes readable with nothing to read) and counts it in ``closed``.
"""

from __future__ import annotations

import select
import socket
import threading


class SlowServer:
    def __init__(self, *, fast: bytes = b"", slow: bytes = b"", interval: float = 0.2) -> None:
        self.fast, self.slow, self.interval = fast, slow, interval
        self.accepted = 0
        self.closed = 0  # connections the client closed
        self._changed = threading.Condition()
        self._stopping = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._threads: list[threading.Thread] = []

    def start(self) -> SlowServer:
        thread = threading.Thread(target=self._accept, daemon=True)
        thread.start()
        self._threads.append(thread)
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._listener.close()
        for thread in self._threads:
            thread.join(timeout=5)

    @property
    def port(self) -> int:
        return self._listener.getsockname()[1]

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def wait_closed(self, count: int, *, within: float) -> bool:
        """True once ``count`` connections have been closed by the client, False if ``within`` passes first."""
        with self._changed:
            return self._changed.wait_for(lambda: self.closed >= count, timeout=within)

    def _accept(self) -> None:
        self._listener.settimeout(0.05)  # so stop() is noticed
        while not self._stopping.is_set():
            try:
                conn, _ = self._listener.accept()
            except (TimeoutError, OSError):
                continue
            with self._changed:
                self.accepted += 1
            thread = threading.Thread(target=self._answer, args=(conn,), daemon=True)
            thread.start()
            self._threads.append(thread)

    def _answer(self, conn: socket.socket) -> None:
        with conn:
            try:
                self._converse(conn)
            except (BrokenPipeError, ConnectionResetError):
                self._client_closed()
            except _Stopped:
                pass

    def _converse(self, conn: socket.socket) -> None:
        head = b""
        while b"\r\n\r\n" not in head:
            if not self._readable(conn, 1.0):
                continue
            data = conn.recv(4096)
            if not data:
                return self._client_closed()
            head += data
        if self.fast:
            conn.sendall(self.fast)
        for i in range(len(self.slow)):
            if self._readable(conn, self.interval) and not conn.recv(4096):
                return self._client_closed()
            conn.sendall(self.slow[i : i + 1])
        while True:  # everything sent: stay silent until the client hangs up or the server stops
            if self._readable(conn, 0.05) and not conn.recv(4096):
                return self._client_closed()

    def _readable(self, conn: socket.socket, wait: float) -> bool:
        """Wait up to ``wait`` seconds for ``conn`` to be readable (data, or the client's hang-up)."""
        if self._stopping.is_set():
            raise _Stopped
        return bool(select.select([conn], [], [], wait)[0])

    def _client_closed(self) -> None:
        with self._changed:
            self.closed += 1
            self._changed.notify_all()


class _Stopped(Exception):
    pass
