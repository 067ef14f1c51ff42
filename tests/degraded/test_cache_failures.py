"""A page cache that fails is skipped: the page is still rendered and served, and the failure is logged.

Each failure is made where the operating system or the network would make it (a folder that cannot be
created, a write that finds the disk full, a Redis port nobody listens on, a stored file that no longer
unpickles), never inside our wrapper, and the cache is built by ``newsdesk.config.cache`` as in production.
"""

from __future__ import annotations

import errno
import logging
import os
import socket

import pytest
from django.core.cache import cache

from newsdesk import config
from newsdesk.core import cache_backends

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_failure_log():
    """The one-line-a-minute limit is process-wide; each test starts with nothing logged yet."""
    cache_backends._last_logged.clear()
    cache_backends._suppressed.clear()


def use_cache(settings, monkeypatch, folder, url: str = "") -> None:
    monkeypatch.setenv("NEWSDESK_CACHE_URL", url)
    settings.CACHES = {"default": config.cache(folder)}


def pages(story, article) -> list[str]:
    return [article.get_absolute_url(), story.get_absolute_url(), "/", "/api/v1/stories"]


def assert_every_page_served_twice(client, story, article) -> None:
    # Twice: the first visit stores (set), the second reads what the first stored (get).
    for _ in range(2):
        for url in pages(story, article):
            response = client.get(url)
            assert response.status_code == 200, url
            assert "Flood report" in response.content.decode(), url


def cache_warnings(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == cache_backends.__name__]


def test_pages_are_served_when_the_cache_folder_cannot_be_created(
    client, settings, monkeypatch, tmp_path, story, article, caplog
):
    # A file where the cache folder should be: no user, root included, can create a folder under it.
    (tmp_path / "not-a-folder").write_text("")
    use_cache(settings, monkeypatch, tmp_path / "not-a-folder")

    with caplog.at_level(logging.WARNING, logger=cache_backends.__name__):
        assert_every_page_served_twice(client, story, article)

    warnings = cache_warnings(caplog)
    assert warnings and "cache failed, skipped" in warnings[0] and str(tmp_path) in warnings[0]
    assert len(warnings) == 1, "one line a minute, not one a request"


def test_pages_are_served_when_the_disk_is_full(client, settings, monkeypatch, tmp_path, story, article, caplog):
    use_cache(settings, monkeypatch, tmp_path)
    cache_folder = str(tmp_path / "cache")
    real_open = os.open

    def open_on_a_full_disk(path, flags, *args, **kwargs):
        # What the kernel answers when a new file is created on a full disk.
        if str(path).startswith(cache_folder) and flags & os.O_CREAT:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), path)
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", open_on_a_full_disk)
    with caplog.at_level(logging.WARNING, logger=cache_backends.__name__):
        assert_every_page_served_twice(client, story, article)

    warnings = cache_warnings(caplog)
    assert len(warnings) == 1 and "No space left on device" in warnings[0]


def test_pages_are_served_when_stored_copies_no_longer_unpickle(
    client, settings, monkeypatch, tmp_path, story, article, caplog
):
    use_cache(settings, monkeypatch, tmp_path)
    for url in pages(story, article):
        assert client.get(url).status_code == 200
    stored = list((tmp_path / "cache").iterdir())
    assert stored, "the first visits stored pages"
    for path in stored:
        path.write_bytes(b"\x80\x05not a pickle at all")

    with caplog.at_level(logging.WARNING, logger=cache_backends.__name__):
        for url in pages(story, article):
            response = client.get(url)
            assert response.status_code == 200 and "Flood report" in response.content.decode(), url
    assert cache_warnings(caplog)


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens once the socket is closed


def test_pages_are_served_when_redis_is_gone(client, settings, monkeypatch, tmp_path, story, article, caplog):
    use_cache(settings, monkeypatch, tmp_path, url=f"redis://127.0.0.1:{closed_port()}/1")

    with caplog.at_level(logging.WARNING, logger=cache_backends.__name__):
        assert_every_page_served_twice(client, story, article)

    warnings = cache_warnings(caplog)
    assert len(warnings) == 1 and "ConnectionError" in warnings[0]
    assert cache.get("anything", "missed") == "missed"


def test_a_failure_is_logged_once_a_minute_with_a_count_of_those_left_out():
    clock = iter([0.0, 10.0, 59.0, 61.0]).__next__
    error = OSError(errno.ENOSPC, "No space left on device")
    logged = [cache_backends.log_failure("/data/cache", "set", error, clock=clock) for _ in range(4)]
    assert logged == [True, False, False, True]
    assert cache_backends._suppressed == {}, "the count of lines left out is reported with the next line"
