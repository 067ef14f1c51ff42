from datetime import datetime, timezone

import pytest

from newsdesk.pipeline.errors import FeedParseError, Reason
from newsdesk.pipeline.feeds import parse_feed

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
    assert [e.url for e in feed.entries] == ["https://harbour.example/news/bridge.html",
                                             "https://harbour.example/news/guid.html"]
    first = feed.entries[0]
    assert first.published == datetime(2026, 11, 23, 8, 15, tzinfo=timezone.utc)
    assert "Full text." in first.content
    assert not feed.warning


def test_atom_entries():
    feed = parse_feed(ATOM, url="https://ledger.example/atom.xml")
    (entry,) = feed.entries
    assert (entry.url, entry.title, entry.author) == ("https://ledger.example/storm", "Storm", "A. Writer")
    assert entry.published == datetime(2026, 11, 22, 10, 0, tzinfo=timezone.utc)


def test_json_feed_items_with_url_or_url_id():
    feed = parse_feed(JSON_FEED, url="https://metro.example/feed.json")
    assert feed.title == "Metro Wire"
    assert [e.url for e in feed.entries] == ["https://metro.example/a", "https://metro.example/b"]
    assert feed.entries[0].author == "Desk"
    assert feed.entries[0].published == datetime(2026, 11, 21, 8, 0, tzinfo=timezone.utc)


def test_ill_formed_feed_is_recovered_with_a_warning():
    broken = RSS.replace(b"Bridge reopens", b"Bridge & tunnel reopen")
    feed = parse_feed(broken, url="https://harbour.example/feed.xml")
    assert feed.entries and feed.entries[0].title == "Bridge & tunnel reopen"
    assert feed.warning


@pytest.mark.parametrize("body", [b"<html><body><p>Just a page</p></body></html>", b"", b"\x89PNG\r\n\x1a\n\x00\x00",
                                  b'{"not": "a feed"}', b"{broken json"])
def test_non_feeds_raise_a_parse_error_with_a_reason(body):
    with pytest.raises(FeedParseError) as caught:
        parse_feed(body, url="https://example.com/feed")
    assert caught.value.reason is Reason.FEED_PARSE_ERROR
    assert caught.value.url == "https://example.com/feed"
