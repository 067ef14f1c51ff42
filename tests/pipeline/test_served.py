"""``served.recognise``: what a listing is, told from its body (the Content-Type only words the error)."""

import gzip
import json

import pytest

from newsdesk.pipeline.errors import FeedParseError, Reason, WebPageNotFeed
from newsdesk.pipeline.served import ServedFormat, recognise

URL = "https://outlet.example/listing"
RSS_091 = b"""<?xml version="1.0" encoding="ISO-8859-1"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"
  "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel><title>Caf\xe9 &eacute;dition</title><link>https://outlet.example/</link>
<item><title>One</title><link>https://outlet.example/1</link></item></channel></rss>"""
RDF = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
<channel rdf:about="https://outlet.example/"><title>Outlet</title></channel></rdf:RDF>"""
ATOM = b'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title></feed>'
NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://outlet.example/a</loc><news:news><news:title>A</news:title></news:news></url></urlset>"""
SITEMAP_INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://outlet.example/news.xml</loc></sitemap></sitemapindex>"""


@pytest.mark.parametrize(
    "body, expected",
    [
        (b'<?xml version="1.0"?><rss version="2.0"><channel/></rss>', ServedFormat.RSS),
        (RSS_091, ServedFormat.RSS),  # a DOCTYPE naming a DTD on the network, never loaded
        (b'<rss version="0.92"><channel><title>No declaration</title></channel></rss>', ServedFormat.RSS),
        (RDF, ServedFormat.RDF),
        (
            b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
            b'xmlns="http://my.netscape.com/rdf/simple/0.9/"><channel/></rdf:RDF>',
            ServedFormat.RDF,
        ),  # RSS 0.90
        (ATOM, ServedFormat.ATOM),
        (b'<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>Atom 0.3</title></feed>', ServedFormat.ATOM),
        (b'{"version": "https://jsonfeed.org/version/1.1", "title": "T", "items": []}', ServedFormat.JSON),
        (b'{"title": "no version, but items", "items": [{"id": "1"}]}', ServedFormat.JSON),
        (NEWS_SITEMAP, ServedFormat.NEWS_SITEMAP),
        (b"<urlset><url><loc>https://outlet.example/about</loc></url></urlset>", ServedFormat.SITEMAP),
        (SITEMAP_INDEX, ServedFormat.SITEMAP_INDEX),
    ],
)
def test_each_format_is_told_by_its_root_element_or_json_keys(body, expected):
    assert recognise(body, url=URL) == expected


@pytest.mark.parametrize(
    "prefix",
    [
        b"\xef\xbb\xbf",  # a UTF-8 byte order mark
        b"\n\n   \t",  # whitespace before the XML declaration (ill-formed XML, common in the wild)
        b"\xef\xbb\xbf\r\n ",
    ],
)
def test_a_byte_order_mark_or_leading_whitespace_does_not_hide_the_root(prefix):
    assert recognise(prefix + ATOM, url=URL) == ServedFormat.ATOM
    assert recognise(prefix + NEWS_SITEMAP, url=URL) == ServedFormat.NEWS_SITEMAP
    assert recognise(prefix + b'{"version": "https://jsonfeed.org/version/1", "items": []}', url=URL) == (
        ServedFormat.JSON
    )


def test_comments_and_processing_instructions_before_the_root_are_skipped_however_long():
    # Longer than the 4 KiB the autodiscovery sniffer looks at: a publisher's licence block before the root.
    licence = b"<!-- " + b"Copyright notice. " * 400 + b"-->\n"
    body = b'<?xml version="1.0"?>\n<?xml-stylesheet type="text/xsl" href="/rss.xsl"?>\n' + licence + RDF[22:]
    assert recognise(body, url=URL) == ServedFormat.RDF


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_feed_in_utf16_with_its_declaration_is_recognised(encoding):
    text = '<?xml version="1.0" encoding="UTF-16"?><rss version="2.0"><channel><title>Zürich</title></channel></rss>'
    # "utf-16" writes a BOM; the -le and -be forms do not, and the declaration's shape must then be enough.
    assert recognise(text.encode(encoding), url=URL) == ServedFormat.RSS


def test_an_xml_declaration_with_a_legacy_encoding_is_read():
    body = '<?xml version="1.0" encoding="windows-1252"?><feed xmlns="http://www.w3.org/2005/Atom"><title>“Q”</title></feed>'
    assert recognise(body.encode("windows-1252"), url=URL) == ServedFormat.ATOM


def test_entity_declarations_before_the_root_are_not_expanded():
    laughs = b"""<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><rss version="2.0"><channel><title>&c;&c;&c;</title></channel></rss>"""
    assert recognise(laughs, url=URL) == ServedFormat.RSS  # the sitemap and feed parsers refuse it later


def test_a_gzip_sitemap_served_as_a_file_is_recognised():
    assert recognise(gzip.compress(NEWS_SITEMAP), url=URL) == ServedFormat.NEWS_SITEMAP
    assert recognise(gzip.compress(SITEMAP_INDEX), url=URL) == ServedFormat.SITEMAP_INDEX


def test_a_news_namespace_declared_on_each_entry_still_makes_a_news_sitemap():
    body = b"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://outlet.example/a</loc>
    <news:news xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><news:title>A</news:title></news:news>
    </url></urlset>"""
    assert recognise(body, url=URL) == ServedFormat.NEWS_SITEMAP


def test_the_body_wins_over_a_wrong_content_type():
    assert recognise(NEWS_SITEMAP, content_type="text/html", url=URL) == ServedFormat.NEWS_SITEMAP
    assert recognise(ATOM, content_type="text/plain", url=URL) == ServedFormat.ATOM
    assert recognise(b'{"items": []}', content_type="text/html", url=URL) == ServedFormat.JSON


@pytest.mark.parametrize(
    "body",
    [
        b"<!doctype html><html><head><title>Home</title></head><body><p>News</p></body></html>",
        b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body/></html>',
        b"<html lang=en><body><p>unquoted attributes, not XML</p></body></html>",
    ],
)
def test_an_html_page_is_a_web_page_not_a_feed(body):
    with pytest.raises(WebPageNotFeed) as raised:
        recognise(body, content_type="text/html", url=URL)
    assert raised.value.reason == Reason.WEB_PAGE
    assert "web page (HTML), not a feed or a sitemap" in raised.value.message
    assert isinstance(raised.value, FeedParseError)  # callers that catch parse errors catch it too


def test_a_web_page_error_names_the_feed_the_page_links_to():
    body = b"""<!DOCTYPE html><html><head>
    <link rel="alternate" type="application/rss+xml" title="Comments" href="/comments/feed/">
    <link rel="alternate" type="application/rss+xml" title="Main" href="/feed/">
    </head><body></body></html>"""
    with pytest.raises(WebPageNotFeed, match="it links to the feed https://outlet.example/feed/: add that address"):
        recognise(body, content_type="text/html", url="https://outlet.example/")


def test_a_fragment_served_as_html_is_a_web_page():
    with pytest.raises(WebPageNotFeed):
        recognise(b"<div><p>Latest news</p></div>", content_type="text/html", url=URL)


@pytest.mark.parametrize(
    "body, content_type, says",
    [
        (b'{"data": [1, 2], "status": "ok"}', "application/json", "JSON, but not a JSON Feed"),
        (b'{"version": "1.0", "entries": []}', "application/json", "has entries, version"),
        (b"[1, 2, 3]", "application/json", "neither XML nor JSON"),
        (b'{"items": [', "application/json", "does not parse"),
        (b'<?xml version="1.0"?><opml version="2.0"><body/></opml>', "text/xml", "root element is <opml>"),
        (b"", "", "an empty body"),
        (b"   \r\n", "text/plain", "an empty body"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "image/png", "neither XML nor JSON (image/png)"),
        (b"Service temporarily unavailable", "text/plain", "neither XML nor JSON (text/plain)"),
    ],
)
def test_what_is_neither_feed_nor_sitemap_is_refused_saying_what_it_is(body, content_type, says):
    with pytest.raises(FeedParseError, match="not a feed or a sitemap") as raised:
        recognise(body, content_type=content_type, url=URL)
    assert not isinstance(raised.value, WebPageNotFeed)
    assert says in raised.value.message
    assert raised.value.url == URL


def test_a_json_feed_in_utf16_is_recognised():
    body = json.dumps({"version": "https://jsonfeed.org/version/1.1", "items": []}).encode("utf-16")
    assert recognise(body, url=URL) == ServedFormat.JSON


def test_formats_know_whether_they_are_sitemaps():
    assert {f for f in ServedFormat if f.is_sitemap} == {
        ServedFormat.SITEMAP,
        ServedFormat.NEWS_SITEMAP,
        ServedFormat.SITEMAP_INDEX,
    }
    assert ServedFormat.NEWS_SITEMAP.label == "news sitemap" and ServedFormat.RDF.label == "RDF feed (RSS 1.0)"
