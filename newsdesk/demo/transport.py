"""Serve the bundled demo newsroom to httpx, so the demo runs on a machine with no network.

The newsroom is a folder of static files with one sub-folder per fictional outlet, named after the outlet's
host (``newsroom/www.harbour-gazette.example/feed.xml``). Mounting :class:`NewsroomTransport` for those hosts
lets the real pipeline (fetch feed -> parse -> fetch article -> extract -> summarise) run unchanged:

    client = httpx.Client(mounts=mounts())          # what FetchConfig(mounts=mounts()) does
    client.get("https://www.metro-wire.example/feed.json")

The hosts live under ``.example``, a TLD reserved by RFC 2606, so a demo URL can never reach a real server
and a mounted demo host can never shadow a real one.

The transport behaves like a small, strict static file server, so the fetch stage sees what it would see
from a well-behaved publisher: GET and HEAD only (405 otherwise), the query string ignored, 404 for any
missing file or any path that would leave the outlet's folder, and ETag / Last-Modified validators that
answer conditional re-fetches with 304.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from email.utils import formatdate, parsedate_to_datetime
from pathlib import Path

import httpx

NEWSROOM_ROOT = Path(__file__).resolve().parent / "newsroom"
RESERVED_TLD = ".example"

# Feeds get the specific types real publishers send, so content-type checks in the fetch stage are exercised.
_TYPES_BY_NAME = {
    "feed.xml": "application/rss+xml; charset=utf-8",
    "atom.xml": "application/atom+xml; charset=utf-8",
    "feed.json": "application/feed+json; charset=utf-8",
}
_TYPES_BY_SUFFIX = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}


@dataclass(frozen=True)
class Outlet:
    """One fictional outlet of the demo newsroom, as listed in ``newsroom/outlets.json``."""

    name: str
    feed_url: str
    site_url: str
    republish_full_text: bool  # True only where the outlet's footer dedicates its text to the public domain


@dataclass(frozen=True)
class DemoEvent:
    """One event the demo newsroom reports, as listed in ``newsroom/events.json``: the story its articles
    were written to make, so a test can hold the desk's stories against it."""

    event: str
    articles: tuple[str, ...]  # canonical article URLs (no tracking query), one outlet's report each


def _root(root: str | Path | None) -> Path:
    return Path(root) if root is not None else NEWSROOM_ROOT


def newsroom_hosts(root: str | Path | None = None) -> list[str]:
    """The host names the newsroom serves: one per sub-folder of ``root``."""
    return sorted(p.name for p in _root(root).iterdir() if p.is_dir() and not p.name.startswith((".", "_")))


def load_outlets(root: str | Path | None = None) -> list[Outlet]:
    """The outlets listed in ``outlets.json``, in file order."""
    with open(_root(root) / "outlets.json", encoding="utf-8") as f:
        return [Outlet(**entry) for entry in json.load(f)]


def load_events(root: str | Path | None = None) -> list[DemoEvent]:
    """The events listed in ``events.json``, in file order: every article page belongs to exactly one."""
    with open(_root(root) / "events.json", encoding="utf-8") as f:
        return [DemoEvent(entry["event"], tuple(entry["articles"])) for entry in json.load(f)]


def mounts() -> dict[str, httpx.BaseTransport]:
    """Every newsroom host name mapped to one shared transport, for ``FetchConfig(mounts=...)``."""
    transport = NewsroomTransport()
    return {host: transport for host in newsroom_hosts(transport.root)}


class NewsroomTransport(httpx.BaseTransport):
    """A read-only static file server for the newsroom folder, keyed by request host and path."""

    def __init__(self, root: str | Path | None = None) -> None:
        self.root = _root(root).resolve()
        self.hosts = frozenset(newsroom_hosts(self.root))
        # Refuse to mount anything that could be a real site: the demo must never stand in for the web.
        if real := sorted(h for h in self.hosts if not h.endswith(RESERVED_TLD)):
            raise ValueError(
                f"newsroom folders {real} are not under {RESERVED_TLD!r}; rename them to e.g. "
                f"'www.my-outlet{RESERVED_TLD}' so they can never shadow a real host"
            )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        host = request.url.host
        if host not in self.hosts:
            # What an unknown name does on the real network; a 404 would hide a wrongly built client.
            raise httpx.ConnectError(f"{host!r} is not a demo newsroom host", request=request)
        if request.method not in ("GET", "HEAD"):
            return httpx.Response(405, headers={"Allow": "GET, HEAD"}, request=request)
        path = self._locate(host, request.url.path)
        if path is None:
            return httpx.Response(
                404, headers={"Content-Type": "text/plain; charset=utf-8"}, content=b"Not found\n", request=request
            )
        body = path.read_bytes()
        validators = {
            # A hash of the bytes, not the mtime, so the tag survives a reinstall or a fresh checkout.
            "ETag": '"' + hashlib.sha256(body).hexdigest()[:32] + '"',
            "Last-Modified": formatdate(int(path.stat().st_mtime), usegmt=True),
        }
        if _not_modified(request.headers, validators["ETag"], int(path.stat().st_mtime)):
            return httpx.Response(304, headers=validators, request=request)
        headers = {**validators, "Content-Type": _content_type(path), "Content-Length": str(len(body))}
        return httpx.Response(200, headers=headers, content=b"" if request.method == "HEAD" else body, request=request)

    def _locate(self, host: str, url_path: str) -> Path | None:
        """The file for a decoded URL path inside the host's folder, or None when there is none."""
        # url.path is already percent-decoded, so "%2e%2e" arrives here as ".." and is refused with it.
        segments = [s for s in url_path.split("/") if s]  # empty segments ("//etc") cannot make it absolute
        if any(s in (".", "..") or "\\" in s or "\x00" in s for s in segments):
            return None
        site = self.root / host
        target = site.joinpath(*segments)
        if not segments or url_path.endswith("/") or target.is_dir():
            target = target / "index.html"
        try:
            target = target.resolve(strict=True)
        except OSError:
            return None
        # Checked after resolving, so a symlink pointing outside the folder is refused too.
        if not target.is_file() or not target.is_relative_to(site.resolve()):
            return None
        return target


def _content_type(path: Path) -> str:
    return _TYPES_BY_NAME.get(path.name) or _TYPES_BY_SUFFIX.get(path.suffix, "application/octet-stream")


def _not_modified(headers: httpx.Headers, etag: str, mtime: int) -> bool:
    """RFC 9110 conditional GET: If-None-Match (weak comparison) wins over If-Modified-Since."""
    if "If-None-Match" in headers:
        tags = {tag.strip().removeprefix("W/") for tag in headers["If-None-Match"].split(",")}
        return "*" in tags or etag in tags
    if "If-Modified-Since" in headers:
        try:
            return mtime <= parsedate_to_datetime(headers["If-Modified-Since"]).timestamp()
        except (TypeError, ValueError):  # an unparseable date is ignored, as the RFC says
            return False
    return False
