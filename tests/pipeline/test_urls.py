import pytest

from newsdesk.pipeline.urls import canonicalize, declared_canonical, is_tracking_parameter, same_site


@pytest.mark.parametrize(
    "given, expected",
    [
        ("https://Example.COM/a?utm_source=rss&utm_medium=feed", "https://example.com/a"),
        ("https://example.com/a?fbclid=abc&id=3", "https://example.com/a?id=3"),
        ("https://example.com/a?gclid=1#section-2", "https://example.com/a"),
        ("http://example.com:80/a", "http://example.com/a"),
        ("https://example.com:8443/a", "https://example.com:8443/a"),
        ("https://example.com", "https://example.com/"),
        ("https://example.com/a?b=2&a=1", "https://example.com/a?a=1&b=2"),
        ("https://example.com./story", "https://example.com/story"),
    ],
)
def test_canonicalize(given, expected):
    assert canonicalize(given) == expected


def test_same_article_with_different_tracking_tags_has_one_canonical_url():
    a = canonicalize("https://news.example/story/42?utm_source=twitter")
    b = canonicalize("https://news.example/story/42?utm_campaign=x&fbclid=y#comments")
    assert a == b == "https://news.example/story/42"


def test_ordinary_parameters_are_not_tracking():
    assert not is_tracking_parameter("id")
    assert not is_tracking_parameter("page")
    assert is_tracking_parameter("UTM_Content")


@pytest.mark.parametrize(
    "claimed, expected",
    [
        ("https://news.example/story/42?utm_source=x", "https://news.example/story/42"),
        ("https://other.example/story/42", "https://other.example/story/42"),  # syndication: credit the original
        ("https://news.example/", None),  # a site-wide og:url, not this page
        ("https://news.example", None),
        ("/story/42", None),
        ("", None),
    ],
)
def test_declared_canonical(claimed, expected):
    assert declared_canonical(claimed) == expected


def test_same_site_ignores_www_and_mobile_hosts():
    assert same_site("https://www.news.example/a", "https://m.news.example/b")
    assert not same_site("https://news.example/a", "https://other.example/a")
