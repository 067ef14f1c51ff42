"""News sitemaps, sitemap indexes, gzip, robots.txt Sitemap lines, and XML that tries to attack the parser."""

import gzip
import time
from datetime import UTC, datetime

import pytest

from newsdesk.pipeline.errors import BadResponse, FeedParseError, Reason, TooLarge
from newsdesk.pipeline.sitemap_reader import parse_sitemap, parse_w3c_datetime, sitemaps_from_robots

# Shaped like Google's documented news sitemap example, with the extras real outlets add (image:image).
NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"
        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
  <url>
    <loc>https://harbour.example/business/article55.html</loc>
    <image:image><image:loc>https://harbour.example/i/55.jpg</image:loc><image:title>Quay at dawn</image:title></image:image>
    <news:news>
      <news:publication><news:name>The Harbour Gazette</news:name><news:language>en</news:language></news:publication>
      <news:publication_date>2026-11-23T09:15:00+01:00</news:publication_date>
      <news:title>Companies A, B in   Merger Talks</news:title>
    </news:news>
  </url>
  <url>
    <loc>https://harbour.example/news/bridge.html</loc>
    <lastmod>2026-11-22</lastmod>
    <news:news><news:publication><news:name>The Harbour Gazette</news:name></news:publication>
      <news:publication_date>2026-11-22T18:00:00Z</news:publication_date><news:title>Bridge reopens</news:title></news:news>
  </url>
  <url><loc>https://harbour.example/news/bridge.html</loc></url>
</urlset>"""

INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://harbour.example/sitemap-news.xml</loc><lastmod>2026-11-23T09:00:00+00:00</lastmod></sitemap>
  <sitemap><loc>/sitemap-posts.xml.gz</loc></sitemap>
  <sitemap><loc>https://harbour.example/sitemap-news.xml</loc></sitemap>
</sitemapindex>"""

PLAIN = b"""<urlset><url><loc>https://ledger.example/a</loc><lastmod>2026-11-20T10:00+02:00</lastmod></url>
<url><loc>https://ledger.example/b?x=1&amp;y=2</loc></url></urlset>"""


def test_news_sitemap_gives_entries_with_news_title_and_publication_date():
    sitemap = parse_sitemap(NEWS_SITEMAP, url="https://harbour.example/sitemap-news.xml")
    assert not sitemap.is_index and sitemap.sitemaps == []
    assert sitemap.publication == "The Harbour Gazette" and sitemap.is_news
    assert [(e.url, e.title) for e in sitemap.entries] == [
        ("https://harbour.example/business/article55.html", "Companies A, B in Merger Talks"),
        ("https://harbour.example/news/bridge.html", "Bridge reopens"),
    ], "image:title is not taken for the headline, and the repeated URL is listed once"
    assert sitemap.entries[0].published == datetime(2026, 11, 23, 8, 15, tzinfo=UTC)
    assert sitemap.entries[1].published == datetime(2026, 11, 22, 18, 0, tzinfo=UTC)


def test_sitemap_index_lists_absolute_child_sitemaps_once():
    sitemap = parse_sitemap(INDEX, url="https://harbour.example/sitemap.xml")
    assert sitemap.is_index and sitemap.entries == []
    assert sitemap.sitemaps == [
        "https://harbour.example/sitemap-news.xml",
        "https://harbour.example/sitemap-posts.xml.gz",
    ]


def test_plain_unnamespaced_sitemap_uses_lastmod_as_the_date():
    sitemap = parse_sitemap(PLAIN, url="https://ledger.example/sitemap.xml")
    assert [e.url for e in sitemap.entries] == ["https://ledger.example/a", "https://ledger.example/b?x=1&y=2"]
    assert sitemap.entries[0].published == datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
    assert sitemap.entries[1].published is None and sitemap.entries[0].title == ""
    assert not sitemap.is_news and not sitemap.warning


def test_gzip_sitemap_is_decompressed():
    sitemap = parse_sitemap(gzip.compress(NEWS_SITEMAP), url="https://harbour.example/sitemap-news.xml.gz")
    assert len(sitemap.entries) == 2


def test_gzip_bomb_stops_at_the_decompressed_size_cap():
    bomb = gzip.compress(b"<urlset>" + b" " * 5_000_000 + b"</urlset>")
    assert len(bomb) < 10_000
    with pytest.raises(TooLarge, match="once decompressed") as caught:
        parse_sitemap(bomb, url="https://x.example/s.xml.gz", max_bytes=1_000_000)
    assert caught.value.reason is Reason.TOO_LARGE and caught.value.url == "https://x.example/s.xml.gz"


def test_uncompressed_sitemap_over_the_cap_is_too_large():
    with pytest.raises(TooLarge):
        parse_sitemap(PLAIN, url="https://ledger.example/sitemap.xml", max_bytes=50)


def test_corrupt_gzip_is_a_bad_response():
    with pytest.raises(BadResponse, match="gzip"):
        parse_sitemap(gzip.compress(NEWS_SITEMAP)[:200], url="https://x.example/s.xml.gz")


def test_entity_expansion_payload_is_refused_quickly():
    laughs = "".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 10))
    payload = (
        f'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY l0 "lol">{laughs}]>'
        "<urlset><url><loc>https://x.example/&l9;</loc></url></urlset>"
    ).encode()
    started = time.monotonic()
    with pytest.raises(FeedParseError):
        parse_sitemap(payload, url="https://x.example/sitemap.xml")
    assert time.monotonic() - started < 1


def test_even_a_small_internal_entity_is_refused():
    payload = (
        b'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY path "a/b">]>'
        b"<urlset><url><loc>https://x.example/&path;</loc></url></urlset>"
    )
    with pytest.raises(FeedParseError, match="declares XML entities"):
        parse_sitemap(payload, url="https://x.example/sitemap.xml")


def test_external_entity_is_never_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    payload = (
        f'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
        "<urlset><url><loc>https://x.example/&xxe;</loc></url></urlset>"
    ).encode()
    with pytest.raises(FeedParseError, match="entities") as caught:
        parse_sitemap(payload, url="https://x.example/sitemap.xml")
    assert "TOP-SECRET" not in str(caught.value)


def test_html_page_is_not_a_sitemap():
    with pytest.raises(FeedParseError, match="root element <html>"):
        parse_sitemap(b"<html><body><p>Hello</p></body></html>", url="https://x.example/")


def test_broken_xml_is_a_parse_error_with_the_reason():
    with pytest.raises(FeedParseError, match="not well-formed") as caught:
        parse_sitemap(b"<urlset><url><loc>https://x.example/a</url>", url="https://x.example/s.xml")
    assert caught.value.reason is Reason.FEED_PARSE_ERROR


def test_bare_ampersand_in_urls_is_read_as_meant_with_a_warning():
    sitemap = parse_sitemap(
        b"<urlset><url><loc>https://x.example/a?p=1&q=2</loc></url></urlset>", url="https://x.example/s.xml"
    )
    assert [e.url for e in sitemap.entries] == ["https://x.example/a?p=1&q=2"]
    assert "&" in sitemap.warning


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2026", datetime(2026, 1, 1, tzinfo=UTC)),
        ("2026-11", datetime(2026, 11, 1, tzinfo=UTC)),
        ("2026-11-23", datetime(2026, 11, 23, tzinfo=UTC)),
        ("2026-11-23T09:15+01:00", datetime(2026, 11, 23, 8, 15, tzinfo=UTC)),
        ("2026-11-23T09:15:30.5Z", datetime(2026, 11, 23, 9, 15, 30, 500000, tzinfo=UTC)),
        ("Mon, 23 Nov 2026 09:15:00 +0100", datetime(2026, 11, 23, 8, 15, tzinfo=UTC)),
        ("yesterday", None),
        ("", None),
    ],
)
def test_w3c_datetimes_become_aware_utc(value, expected):
    assert parse_w3c_datetime(value) == expected


def test_sitemaps_from_robots_reads_sitemap_lines_in_any_case_and_group():
    robots = """# robots for harbour.example
User-agent: *
Disallow: /admin/
SITEMAP: https://harbour.example/sitemap_index.xml
User-agent: GPTBot
Disallow: /
sitemap:/news-sitemap.xml   # relative, which Google tolerates
Sitemap: https://harbour.example/sitemap_index.xml
Sitemap:
Sitemap: ftp://harbour.example/nope.xml
"""
    assert sitemaps_from_robots(robots, base_url="https://harbour.example/robots.txt") == [
        "https://harbour.example/sitemap_index.xml",
        "https://harbour.example/news-sitemap.xml",
    ]


def test_robots_without_sitemaps_gives_none():
    assert sitemaps_from_robots("User-agent: *\nDisallow:\n", base_url="https://x.example/robots.txt") == []
