"""Feed autodiscovery from a home page, and telling feeds and sitemaps from pages by their first bytes."""

import gzip

import pytest

from newsdesk.pipeline.autodiscovery import (
    DiscoveredFeed,
    discover_feeds,
    looks_like_feed,
    looks_like_sitemap,
    sniff_feed_kind,
)

# A WordPress-style head: main feed, comments feed, REST API link, oEmbed, hreflang alternates, stylesheet.
WORDPRESS_HOME = """<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="UTF-8">
<title>The Harbour Gazette – News from the quay</title>
<link rel="stylesheet" href="/wp-content/themes/gazette/style.css" type="text/css">
<link rel="alternate" type="application/rss+xml" title="The Harbour Gazette &raquo; Comments Feed"
      href="https://harbour.example/comments/feed/">
<link rel="alternate" type="application/rss+xml" title="The Harbour Gazette &raquo; Feed"
      href="https://harbour.example/feed/">
<link rel="alternate" title="JSON" type="application/json" href="https://harbour.example/wp-json/wp/v2/pages/2">
<link rel="alternate" type="application/json+oembed" href="https://harbour.example/wp-json/oembed/1.0/embed">
<link rel="alternate" hreflang="fr" href="https://harbour.example/fr/">
<link rel="https://api.w.org/" href="https://harbour.example/wp-json/">
</head><body><h1>The Harbour Gazette</h1></body></html>"""


def test_wordpress_home_page_gives_the_main_feed_first():
    feeds = discover_feeds(WORDPRESS_HOME, base_url="https://harbour.example/")
    assert feeds == [
        DiscoveredFeed("https://harbour.example/feed/", "rss", "The Harbour Gazette » Feed"),
        DiscoveredFeed("https://harbour.example/wp-json/wp/v2/pages/2", "json", "JSON"),
        DiscoveredFeed("https://harbour.example/comments/feed/", "rss", "The Harbour Gazette » Comments Feed"),
    ]


def test_relative_hrefs_resolve_against_base_href_and_duplicates_are_dropped():
    html = b"""<html><head><base href="/edition/">
    <LINK REL="Alternate Home" TYPE="Application/Atom+XML; charset=utf-8" href="atom.xml" title=" Ledger ">
    <link rel="alternate" type="application/feed+json" href="/feed.json">
    <link rel="alternate" type="application/atom+xml" href="https://ledger.example/edition/atom.xml">
    <link rel="alternate" type="application/rss+xml" href="javascript:void(0)">
    <link rel="alternate" type="application/rss+xml" href="">
    </head><body></body></html>"""
    assert discover_feeds(html, base_url="https://ledger.example/index.html") == [
        DiscoveredFeed("https://ledger.example/edition/atom.xml", "atom", "Ledger"),
        DiscoveredFeed("https://ledger.example/feed.json", "json", ""),
    ]


def test_relative_hrefs_resolve_against_the_page_url_without_base():
    html = '<link rel="alternate" type="application/rss+xml" href="rss.xml">'
    assert [f.url for f in discover_feeds(html, base_url="https://metro.example/news/")] == [
        "https://metro.example/news/rss.xml"
    ]


def test_rel_feed_link_is_found_with_unknown_kind():
    html = '<html><head><link rel="feed" href="/updates"></head></html>'
    assert discover_feeds(html, base_url="https://x.example/") == [DiscoveredFeed("https://x.example/updates", "feed")]


def test_str_page_with_an_encoding_declaration_is_read():
    html = (
        '<?xml version="1.0" encoding="iso-8859-1"?><html><head>'
        '<link rel="alternate" type="application/rss+xml" title="Café" href="/f"></head></html>'
    )
    assert discover_feeds(html, base_url="https://x.example/")[0].title == "Café"


@pytest.mark.parametrize("html", ["", "   ", "<html><body><p>No feeds here</p></body></html>"])
def test_page_without_feeds_gives_an_empty_list(html):
    assert discover_feeds(html, base_url="https://x.example/") == []


@pytest.mark.parametrize(
    "body, content_type, kind",
    [
        (b'<?xml version="1.0"?>\n<!-- generator -->\n<rss version="2.0"><channel/></rss>', "text/html", "rss"),
        (
            b'\xef\xbb\xbf<?xml version="1.0"?><?xml-stylesheet href="s.xsl"?><feed xmlns="http://www.w3.org/2005/Atom">',
            "application/xml",
            "atom",
        ),
        (b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">', "", "rss"),
        (
            b'<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "x.dtd">\n<rss version="0.91">',
            "",
            "rss",
        ),
        ('<?xml version="1.0" encoding="utf-16"?><rss version="2.0">'.encode("utf-16"), "text/xml", "rss"),
        (b'{"title": "Metro", "items": [], "version": "https://jsonfeed.org/version/1.1"}', "application/json", "json"),
    ],
)
def test_feeds_are_recognised_by_their_first_bytes(body, content_type, kind):
    assert sniff_feed_kind(body, content_type) == kind
    assert looks_like_feed(body, content_type)


@pytest.mark.parametrize(
    "body, content_type",
    [
        (b"<!DOCTYPE html><html><head><title>x</title></head></html>", "text/html"),
        (b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>', "application/xml"),
        (b'{"posts": []}', "application/json"),
        (b"\x89PNG\r\n\x1a\n", "image/png"),
        (b"", ""),
    ],
)
def test_pages_sitemaps_and_other_json_are_not_feeds(body, content_type):
    assert not looks_like_feed(body, content_type)


def test_sitemaps_are_recognised_plain_and_gzipped():
    index = (
        b'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    )
    urlset = b"<urlset><url><loc>https://x.example/a</loc></url></urlset>"
    assert looks_like_sitemap(index) and looks_like_sitemap(urlset)
    assert looks_like_sitemap(gzip.compress(urlset))
    assert not looks_like_sitemap(b'<rss version="2.0"></rss>')
    assert not looks_like_sitemap(b"<html><body>sitemap</body></html>")
    assert not looks_like_sitemap(b"\x1f\x8bnot really gzip")
