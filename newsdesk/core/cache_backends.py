"""Cache backends that never fail a request: a cache that breaks is skipped, and the page is still served.

The server-side cache only saves work (``pagecache``); every page can be rendered without it. So an
exception from the store itself (a full disk or an unwritable folder under the file cache, Redis gone away,
a stored value that no longer unpickles) is turned into what the caller already handles: ``get`` misses,
``set`` stores nothing, ``add`` and ``delete`` answer False. The error is logged, at most once a minute per
cache and kind of error, so a full disk does not write a line per request to the same full disk.

``newsdesk.config.cache`` chooses these classes for every ``NEWSDESK_CACHE_URL``, so no caller can forget.
Only the primitive operations are guarded; ``get_or_set`` and the like are built on them by Django, so a
failure of the *callable* a caller passes (a database query) is never mistaken for a cache failure.
"""

from __future__ import annotations

import functools
import logging
import os
import threading
import time

from django.core.cache.backends import filebased, locmem, redis

logger = logging.getLogger(__name__)

LOG_EVERY_SECONDS = 60.0
# What each guarded operation answers instead of raising: a miss, or "nothing stored / deleted".
_FALLBACKS = {
    "get": lambda args, kwargs: kwargs.get("default", args[1] if len(args) > 1 else None),
    "get_many": lambda args, kwargs: {},
    "has_key": lambda args, kwargs: False,
    "add": lambda args, kwargs: False,
    "set": lambda args, kwargs: None,
    "set_many": lambda args, kwargs: list(args[0]) if args else [],  # Django's answer: the keys not stored
    "touch": lambda args, kwargs: False,
    "delete": lambda args, kwargs: False,
    "delete_many": lambda args, kwargs: None,
    "clear": lambda args, kwargs: None,
}

_last_logged: dict[tuple[str, str], float] = {}
_suppressed: dict[tuple[str, str], int] = {}
_log_lock = threading.Lock()


def log_failure(where: str, operation: str, exc: BaseException, *, clock=time.monotonic) -> bool:
    """Log a cache failure unless this cache logged the same kind of error in the last minute.

    Returns whether a line was written. The first line after a quiet minute says how many were left out.
    """
    key = (where, type(exc).__name__)
    now = clock()
    with _log_lock:
        last = _last_logged.get(key)
        if last is not None and now - last < LOG_EVERY_SECONDS:
            _suppressed[key] = _suppressed.get(key, 0) + 1
            return False
        _last_logged[key] = now
        left_out = _suppressed.pop(key, 0)
    logger.warning(
        "cache failed, skipped: cache=%s operation=%s error=%s: %s left_out=%d",
        where,
        operation,
        type(exc).__name__,
        exc,
        left_out,
    )
    return True


def _guarded(name: str, method):
    fallback = _FALLBACKS[name]

    @functools.wraps(method)
    def guarded(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - any failure of a store that only saves work is a miss
            log_failure(self.where, name, exc)
            return fallback(args, kwargs)

    return guarded


def fail_safe(cls):
    """The class with every primitive cache operation guarded (see the module docstring)."""
    for name in _FALLBACKS:
        setattr(cls, name, _guarded(name, getattr(cls, name)))
    return cls


@fail_safe
class FileBasedCache(filebased.FileBasedCache):
    def __init__(self, dir, params):
        try:
            super().__init__(dir, params)  # creates the folder, which a full or read-only disk refuses
        except OSError as exc:
            log_failure(str(dir), "create folder", exc)
            # Set up as Django would have; each store tries to create the folder again.
            filebased.BaseCache.__init__(self, params)
            self._dir = os.path.abspath(dir)

    @property
    def where(self) -> str:
        return self._dir


@fail_safe
class RedisCache(redis.RedisCache):
    @property
    def where(self) -> str:
        return ",".join(self._servers)


@fail_safe
class LocMemCache(locmem.LocMemCache):
    # Only a value that does not pickle can fail here; still a miss rather than a 500.
    where = "locmem"
