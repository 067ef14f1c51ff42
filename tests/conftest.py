import pytest

from tests.support.clock import FakeClock
from tests.support.httpserver import LocalServer


@pytest.fixture
def http_server():
    """A real HTTP server on 127.0.0.1 serving the routes a test gives it."""
    server = LocalServer().start()
    yield server
    server.stop()


# The fuzz tests' summary line, gathered from every test's report (so from every pytest-xdist worker too).
from tests.fuzz.report import pytest_runtest_logreport, pytest_terminal_summary  # noqa: E402,F401

# ORM factories (make_source, make_article, make_story, outlets, now), shared by every test folder.
from tests.support.factories import make_article, make_source, make_story, now, outlets  # noqa: E402,F401


@pytest.fixture(autouse=True)
def _empty_page_cache():
    """Each test starts with an empty server-side cache: a page stored by one test never answers another."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def comment_clock(monkeypatch):
    """The clock the comment form's spam checks read (issued-at tokens, minimum time), standing still until
    the test advances it."""
    from newsdesk.comments import spam

    clock = FakeClock()
    monkeypatch.setattr(spam, "clock", clock)
    return clock
