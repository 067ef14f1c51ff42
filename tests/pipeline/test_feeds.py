from datetime import UTC, datetime

import pytest

from newsdesk.pipeline.errors import FeedParseError, Reason
from newsdesk.pipeline.feeds import Enclosure, parse_feed

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>The  Harbour Gazette</title><link>https://harbour.example/</link>
<item><title>Bridge reopens</title><link>/news/bridge.html</link><pubDate>Mon, 23 Nov 2026 09:15:00 +0100</pubDate>
<description>Short.</description><content:encoded><![CDATA[<p>Full text.</p>]]></content:encoded></item>
<item><title>No link but permalink guid</title><guid isPermaLink="true">https://harbour.example/news/guid.html</guid></item>
<item><title>Nothing to fetch</title></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Ledger</title><link href="https://ledger.example/"/>
<updated>2026-11-22T10:00:00Z</updated><id>urn:x</id>
<entry><title>Storm</title><link href="https://ledger.example/storm"/><id>urn:1</id>
<updated>2026-11-22T10:00:00Z</updated><author><name>A. Writer</name></author></entry>
</feed>"""

JSON_FEED = b"""{"version": "https://jsonfeed.org/version/1.1", "title": "Metro Wire",
"home_page_url": "https://metro.example/", "items": [
{"id": "1", "url": "https://metro.example/a", "title": "A", "date_published": "2026-11-21T08:00:00+00:00",
 "authors": [{"name": "Desk"}], "content_html": "<p>x</p>"},
{"id": "https://metro.example/b", "title": "B"}, {"id": "no-url"}]}"""


def test_rss_entries_resolve_relative_links_and_keep_dates_and_content():
    feed = parse_feed(RSS, url="https://harbour.example/feed.xml")
    assert feed.title == "The Harbour Gazette"
    assert feed.site_url == "https://harbour.example/"
    assert [e.url for e in feed.entries] == [
        "https://harbour.example/news/bridge.html",
        "https://harbour.example/news/guid.html",
    ]
    first = feed.entries[0]
    assert first.published == datetime(2026, 11, 23, 8, 15, tzinfo=UTC)
    assert "Full text." in first.content
    assert not feed.warning


def test_atom_entries():
    feed = parse_feed(ATOM, url="https://ledger.example/atom.xml")
    (entry,) = feed.entries
    assert (entry.url, entry.title, entry.author) == ("https://ledger.example/storm", "Storm", "A. Writer")
    assert entry.published == datetime(2026, 11, 22, 10, 0, tzinfo=UTC)


def test_json_feed_items_with_url_or_url_id():
    feed = parse_feed(JSON_FEED, url="https://metro.example/feed.json")
    assert feed.title == "Metro Wire"
    assert [e.url for e in feed.entries] == ["https://metro.example/a", "https://metro.example/b"]
    assert feed.entries[0].author == "Desk"
    assert feed.entries[0].published == datetime(2026, 11, 21, 8, 0, tzinfo=UTC)


def test_ill_formed_feed_is_recovered_with_a_warning():
    broken = RSS.replace(b"Bridge reopens", b"Bridge & tunnel reopen")
    feed = parse_feed(broken, url="https://harbour.example/feed.xml")
    assert feed.entries and feed.entries[0].title == "Bridge & tunnel reopen"
    assert feed.warning


@pytest.mark.parametrize(
    "body",
    [
        b"<html><body><p>Just a page</p></body></html>",
        b"",
        b"\x89PNG\r\n\x1a\n\x00\x00",
        b'{"not": "a feed"}',
        b"{broken json",
    ],
)
def test_non_feeds_raise_a_parse_error_with_a_reason(body):
    with pytest.raises(FeedParseError) as caught:
        parse_feed(body, url="https://example.com/feed")
    assert caught.value.reason is Reason.FEED_PARSE_ERROR
    assert caught.value.url == "https://example.com/feed"


def _rss(item: str, *, declaration: str = '<?xml version="1.0" encoding="utf-8"?>') -> str:
    return f"""{declaration}<rss version="2.0"><channel><title>Wire</title><link>https://wire.example/</link>
{item}</channel></rss>"""


def test_encoding_comes_from_the_xml_declaration():
    body = _rss(
        "<item><title>Caf\u00e9 \u201cquoted\u201d</title><link>https://wire.example/a</link></item>",
        declaration='<?xml version="1.0" encoding="windows-1252"?>',
    ).encode("windows-1252")
    feed = parse_feed(body, url="https://wire.example/feed", headers={"Content-Type": "application/rss+xml"})
    assert feed.entries[0].title == "Caf\u00e9 \u201cquoted\u201d"
    assert not feed.warning


def test_a_charset_in_the_http_header_overrides_the_declaration():
    body = _rss(
        "<item><title>\u0141\u00f3d\u017a</title><link>https://wire.example/a</link></item>",
        declaration='<?xml version="1.0" encoding="utf-8"?>',
    ).encode("iso-8859-2")
    feed = parse_feed(body, url="https://wire.example/feed", headers={"content-type": "text/xml; charset=ISO-8859-2"})
    assert feed.entries[0].title == "\u0141\u00f3d\u017a"


def test_a_byte_order_mark_gives_utf_16():
    body = "\ufeff" + _rss(
        "<item><title>\u65e5\u672c</title><link>https://wire.example/a</link></item>",
        declaration='<?xml version="1.0" encoding="utf-16"?>',
    )
    feed = parse_feed(body.encode("utf-16-le"), url="https://wire.example/feed")
    assert feed.entries[0].title == "\u65e5\u672c"


def test_text_xml_without_a_charset_is_read_by_its_declaration_and_not_flagged():
    body = _rss("<item><title>Na\u00efve</title><link>https://wire.example/a</link></item>").encode()
    feed = parse_feed(body, url="https://wire.example/feed", headers={"content-type": "text/xml"})
    assert feed.entries[0].title == "Na\u00efve"
    assert feed.warning == ""  # RFC 3023's US-ASCII default for text/xml is not the operator's problem


def test_missing_closing_tags_are_recovered_and_noted():
    body = b"""<rss version="2.0"><channel><title>Wire</title>
<item><title>One</title><link>https://wire.example/1</link>
<item><title>Two</title><link>https://wire.example/2</link></item>"""
    feed = parse_feed(body, url="https://wire.example/feed")
    assert [e.url for e in feed.entries] == ["https://wire.example/1", "https://wire.example/2"]
    assert feed.warning


def test_relative_links_resolve_against_the_content_location_else_the_feed_address():
    body = _rss("""<item><title>A</title><link>a.html</link>
<description>&lt;a href="/about"&gt;about&lt;/a&gt; &lt;img src="pic.jpg"&gt;</description></item>""").encode()
    feed = parse_feed(body, url="https://wire.example/feeds/main.xml")
    entry = feed.entries[0]
    assert entry.url == "https://wire.example/feeds/a.html"
    assert 'href="https://wire.example/about"' in entry.summary
    assert entry.image == "https://wire.example/feeds/pic.jpg"
    moved = parse_feed(body, url="https://wire.example/feeds/main.xml", headers={"Content-Location": "/news/"})
    assert moved.entries[0].url == "https://wire.example/news/a.html"
    unsafe = parse_feed(
        body, url="https://wire.example/feeds/main.xml", headers={"Content-Location": "javascript:alert(1)"}
    )
    assert unsafe.entries[0].url == "https://wire.example/feeds/a.html"


def test_html_from_xml_and_json_feeds_is_sanitised():
    xml = _rss("""<item><title>A</title><link>https://wire.example/a</link>
<description><![CDATA[<p onclick="steal()">Hi<script>steal()</script></p>]]></description></item>""").encode()
    (entry,) = parse_feed(xml, url="https://wire.example/feed").entries
    assert entry.summary == "<p>Hi</p>"
    json_feed = b"""{"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": [{"id": "1",
      "url": "https://j.example/1",
      "content_html": "<p onclick=\\"x()\\">Hi<script>x()</script> <a href=\\"/b\\">b</a></p>"}]}"""
    (entry,) = parse_feed(json_feed, url="https://j.example/feed.json").entries
    assert entry.content == '<p>Hi <a href="https://j.example/b">b</a></p>'


def test_authors_are_names_never_addresses():
    body = _rss("""<item><title>A</title><link>https://wire.example/a</link>
<author>ann@wire.example (Ann Lee)</author></item>
<item><title>B</title><link>https://wire.example/b</link><author>desk@wire.example</author></item>
<item><title>C</title><link>https://wire.example/c</link><author>Cy Ode &lt;cy@wire.example&gt;</author></item>
<item><title>D</title><link>https://wire.example/d</link><author>Di (Reuters)</author></item>""").encode()
    authors = [e.author for e in parse_feed(body, url="https://wire.example/feed").entries]
    assert authors == ["Ann Lee", "", "Cy Ode", "Di (Reuters)"]


def test_atom_entries_inherit_the_feed_author_and_prefer_the_alternate_link():
    body = b"""<feed xmlns="http://www.w3.org/2005/Atom"><title>Blog</title><author><name>Bo Kim</name></author>
<entry><title>Own</title><id>tag:blog.example,2026:1</id><author><name>Guest</name></author>
  <link rel="alternate" href="https://blog.example/1"/></entry>
<entry><title>Inherited</title><id>tag:blog.example,2026:2</id>
  <link rel="alternate">https://blog.example/2</link>
  <link rel="enclosure" type="audio/mpeg">https://cdn.example/2.mp3</link></entry>
<entry><title>No link</title><id>tag:blog.example,2026:3</id></entry>
</feed>"""
    feed = parse_feed(body, url="https://blog.example/atom.xml")
    assert [(e.title, e.url, e.author) for e in feed.entries] == [
        ("Own", "https://blog.example/1", "Guest"),
        ("Inherited", "https://blog.example/2", "Bo Kim"),
    ]


def test_json_feed_1_0_author_and_1_1_authors():
    v10 = b"""{"version": "https://jsonfeed.org/version/1", "title": "Old", "author": {"name": "Feed Person"},
      "items": [{"id": "1", "url": "https://j.example/1", "author": {"name": "Item Person"}},
                {"id": "2", "url": "https://j.example/2"}]}"""
    assert [e.author for e in parse_feed(v10, url="https://j.example/f.json").entries] == ["Item Person", "Feed Person"]
    v11 = b"""{"version": "https://jsonfeed.org/version/1.1", "title": "New", "language": "de",
      "authors": [{"name": "A"}, {"name": "B"}], "items": [{"id": "1", "url": "https://j.example/1",
      "summary": "x < y", "date_modified": "2026-01-02T03:04:05Z", "tags": ["t"],
      "attachments": [{"url": "/1.mp3", "mime_type": "audio/mpeg", "size_in_bytes": 42}]}]}"""
    feed = parse_feed(v11, url="https://j.example/f.json")
    (entry,) = feed.entries
    assert (feed.language, entry.author, entry.summary, entry.categories) == ("de", "A, B", "x &lt; y", ("t",))
    assert entry.enclosures == (Enclosure("https://j.example/1.mp3", "audio/mpeg", 42),)
    assert entry.updated == entry.published == feed.updated == datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def test_rss_090_rdf_and_atom_03_are_read():
    rdf = b"""<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
  xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://rdf.example/"><title>RDF</title><link>https://rdf.example/</link></channel>
<item rdf:about="https://rdf.example/1"><title>One</title><link>https://rdf.example/1</link>
<dc:date>2026-03-04T05:06:07Z</dc:date><dc:creator>Cy</dc:creator></item></rdf:RDF>"""
    feed = parse_feed(rdf, url="https://rdf.example/index.rdf")
    assert (feed.version, feed.entries[0].url, feed.entries[0].author) == ("rss10", "https://rdf.example/1", "Cy")
    assert feed.entries[0].published == datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)
    atom03 = b"""<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>Old Atom</title>
<entry><title>E</title><link rel="alternate" type="text/html" href="https://a03.example/e"/>
<issued>2004-06-02T19:07:55-04:00</issued><modified>2004-06-03T00:00:00Z</modified></entry></feed>"""
    feed = parse_feed(atom03, url="https://a03.example/atom.xml")
    (entry,) = feed.entries
    assert feed.version == "atom03"
    assert entry.published == datetime(2004, 6, 2, 23, 7, 55, tzinfo=UTC)
    assert entry.updated == datetime(2004, 6, 3, tzinfo=UTC)


def test_titles_are_plain_text_without_control_characters():
    body = _rss("""<item><title>Ben &amp;amp; Jerry\x08s &lt;b&gt;new&lt;/b&gt;</title>
<link>https://wire.example/a</link></item>""").encode()
    assert parse_feed(body, url="https://wire.example/feed").entries[0].title == "Ben & Jerrys new"


def test_media_thumbnail_and_categories():
    body = b"""<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>W</title>
<item><title>A</title><link>https://wire.example/a</link><category>Politics</category><category>Politics</category>
<category>World</category><media:thumbnail url="https://img.example/a.jpg"/></item></channel></rss>"""
    (entry,) = parse_feed(body, url="https://wire.example/feed").entries
    assert (entry.categories, entry.image) == (("Politics", "World"), "https://img.example/a.jpg")


def test_a_byte_order_mark_beats_the_http_charset():
    body = "\ufeff" + _rss(
        "<item><title>Caf\u00e9</title><link>https://wire.example/a</link></item>",
        declaration='<?xml version="1.0" encoding="utf-16"?>',
    )
    feed = parse_feed(
        body.encode("utf-16-le"),
        url="https://wire.example/feed",
        headers={"content-type": "text/xml; charset=iso-8859-1"},
    )
    assert feed.entries[0].title == "Caf\u00e9"


def test_a_server_default_windows_1252_label_on_a_utf_8_body_is_ignored():
    body = _rss("<item><title>Caf\u00e9 \u2013 Z\u00fcrich</title><link>https://wire.example/a</link></item>").encode()
    feed = parse_feed(body, url="https://wire.example/feed", headers={"content-type": "text/xml; charset=windows-1252"})
    assert feed.entries[0].title == "Caf\u00e9 \u2013 Z\u00fcrich"
    latin = _rss(
        "<item><title>Caf\u00e9</title><link>https://wire.example/a</link></item>",
        declaration='<?xml version="1.0" encoding="iso-8859-1"?>',
    ).encode("iso-8859-1")
    feed = parse_feed(latin, url="https://wire.example/feed", headers={"content-type": "text/xml; charset=ISO-8859-1"})
    assert feed.entries[0].title == "Caf\u00e9"
