import pytest

from newsdesk.pipeline.errors import HTTPStatusError, Reason, RobotsForbidden
from newsdesk.pipeline.fetch import FetchConfig, Fetcher
from newsdesk.pipeline.robots import RobotsCache, RobotsConfig

ROBOTS = """User-agent: *
Disallow: /private/

User-agent: newsdesk
Disallow: /no-newsdesk/
Crawl-delay: 2
"""


@pytest.fixture
def fetcher():
    with Fetcher(FetchConfig(allow_private_networks=True)) as f:
        yield f


def test_disallowed_pages_are_forbidden_with_a_reason(http_server, fetcher):
    http_server.route("/robots.txt", ROBOTS, content_type="text/plain")
    robots = RobotsCache(fetcher)
    robots.check(http_server.url("/news/story.html"))
    robots.check(http_server.url("/private/x.html"))  # our own group replaces the * group
    with pytest.raises(RobotsForbidden) as caught:
        robots.check(http_server.url("/no-newsdesk/story.html"))
    assert caught.value.reason is Reason.ROBOTS_FORBIDDEN and not caught.value.transient
    assert robots.crawl_delay(http_server.url("/")) == 2


def test_robots_txt_is_fetched_once_per_host_and_cached(http_server, fetcher):
    http_server.route("/robots.txt", ROBOTS, content_type="text/plain")
    robots = RobotsCache(fetcher)
    for path in ("/a", "/b", "/c"):
        robots.check(http_server.url(path))
    assert [r.path for r in http_server.requests] == ["/robots.txt"]


def test_cached_rules_expire(http_server, fetcher):
    http_server.route("/robots.txt", ROBOTS, content_type="text/plain")
    now = [0.0]
    robots = RobotsCache(fetcher, RobotsConfig(ttl=60), clock=lambda: now[0])
    robots.check(http_server.url("/a"))
    now[0] = 61
    robots.check(http_server.url("/a"))
    assert len(http_server.requests) == 2


def test_missing_robots_txt_allows_everything(http_server, fetcher):
    RobotsCache(fetcher).check(http_server.url("/anything"))


def test_server_error_on_robots_txt_means_try_later(http_server, fetcher):
    http_server.route("/robots.txt", "down", status=503, content_type="text/plain")
    with pytest.raises(HTTPStatusError) as caught:
        RobotsCache(fetcher).check(http_server.url("/a"))
    assert caught.value.transient


def test_crawl_delay_is_capped(http_server, fetcher):
    http_server.route("/robots.txt", "User-agent: *\nCrawl-delay: 3600\n", content_type="text/plain")
    assert RobotsCache(fetcher, RobotsConfig(max_crawl_delay=30)).crawl_delay(http_server.url("/")) == 30
