"""robots.txt, fetched once per host and cached, obeyed for article pages.

The rules are read by protego (Scrapy's parser), which follows RFC 9309: the group naming our product
token, matched case-insensitively, replaces the ``*`` group; within a group the longest matching path
wins and Allow wins a tie; ``*`` matches any run of characters and ``$`` anchors the end of the path.
One deviation is protego's: a group's token also matches when it is a prefix of ours (``news`` takes
``newsdesk``), so such a group binds us too; that errs on the side of crawling less.

Fetching follows RFC 9309 and the major crawlers: a robots.txt that is missing (any 4xx) allows
everything; one that cannot be fetched because of a server error or the network makes us wait
(the transient FetchError propagates, so the page is retried later instead of fetched). Only the first
ROBOTS_MAX_BYTES are read. A ``Crawl-delay`` is reported, capped, so the caller can slow down for that host.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from protego import Protego

from newsdesk.pipeline.errors import HTTPStatusError, RobotsForbidden, TooLarge
from newsdesk.pipeline.fetch import Fetcher

logger = logging.getLogger(__name__)

ROBOTS_MAX_BYTES = 500 * 1024  # RFC 9309 asks crawlers to read at least 500 KiB; we read no more


@dataclass(frozen=True)
class RobotsConfig:
    user_agent_token: str = "newsdesk"  # the product token that robots.txt groups match against
    ttl: float = 3600.0  # seconds a fetched robots.txt is trusted (RFC 9309: should not exceed 24 h)
    max_crawl_delay: float = 30.0


class _Rules:
    def __init__(self, parser: Protego | None, fetched_at: float) -> None:
        self.parser = parser  # None: no robots.txt, everything allowed
        self.fetched_at = fetched_at


class RobotsCache:
    def __init__(
        self, fetcher: Fetcher, config: RobotsConfig | None = None, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.fetcher = fetcher
        self.config = config or RobotsConfig()
        self._clock = clock
        self._rules: dict[str, _Rules] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def check(self, url: str) -> None:
        """Return if ``url`` may be fetched; raise RobotsForbidden if not, or a transient FetchError."""
        rules = self._rules_for(url)
        if rules.parser is not None and not rules.parser.can_fetch(url, self.config.user_agent_token):
            raise RobotsForbidden(
                f"{_origin(url)}/robots.txt disallows this page for {self.config.user_agent_token}", url=url
            )

    def crawl_delay(self, url: str) -> float:
        rules = self._rules_for(url)
        if rules.parser is None:
            return 0.0
        delay = rules.parser.crawl_delay(self.config.user_agent_token) or 0
        return min(float(delay), self.config.max_crawl_delay)

    def _rules_for(self, url: str) -> _Rules:
        origin = _origin(url)
        with self._guard:
            lock = self._locks.setdefault(origin, threading.Lock())
        with lock:  # one fetch per host, however many threads ask at once
            rules = self._rules.get(origin)
            if rules is None or self._clock() - rules.fetched_at > self.config.ttl:
                rules = self._rules[origin] = self._fetch(origin)
            return rules

    def _fetch(self, origin: str) -> _Rules:
        robots_url = f"{origin}/robots.txt"
        now = self._clock()
        try:
            result = self.fetcher.get(robots_url, accept="any")
        except HTTPStatusError as exc:
            if not exc.transient:  # 4xx: no robots.txt, no restrictions
                return _Rules(None, now)
            raise
        except TooLarge:
            logger.info("robots.txt over the limit, treated as allowing url=%s", robots_url)
            return _Rules(None, now)
        text = result.content[:ROBOTS_MAX_BYTES].decode("utf-8", errors="replace")
        return _Rules(Protego.parse(text), now)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()
