"""Sitemaps and robots.txt from strangers: a <loc> or Sitemap: line that is no usable URL is left out, a
date past the last datetime once in UTC is no date, and neither raises."""

from newsdesk.pipeline.sitemap_reader import parse_sitemap, parse_w3c_datetime, sitemaps_from_robots

SITEMAP_URL = "https://gazette.example/sitemap.xml"


def urlset(*locs: str) -> bytes:
    urls = "".join(f"<url><loc>{loc}</loc><lastmod>9999-12-31T23:59:59-12:00</lastmod></url>" for loc in locs)
    return f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'.encode()


def test_locs_that_are_not_usable_urls_are_left_out():
    sitemap = parse_sitemap(
        urlset("https://gazette.example:99999/a", "http:///a", "http://[::1/a", "https://gazette.example/b"),
        url=SITEMAP_URL,
    )
    assert [entry.url for entry in sitemap.entries] == ["https://gazette.example/b"]
    assert sitemap.entries[0].published is None


def test_a_date_past_year_9999_in_utc_is_no_date():
    assert parse_w3c_datetime("9999-12-31T23:59:59-12:00") is None
    assert parse_w3c_datetime("0001-01-01T00:00:00+14:00") is None


def test_robots_sitemap_lines_that_are_not_usable_urls_are_left_out():
    robots = "Sitemap: http://[::1/s.xml\nSitemap: https://gazette.example:99999/s.xml\nSitemap: /news.xml\n"
    assert sitemaps_from_robots(robots, base_url="https://gazette.example/robots.txt") == [
        "https://gazette.example/news.xml"
    ]
