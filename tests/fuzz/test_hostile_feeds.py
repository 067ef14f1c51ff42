"""Feed items that once stopped every source, each as a plain test: the feed is read, the bad entry
is left out (and counted in the feed's warning) or its bad field dropped, and nothing but a typed error escapes.
"""

import json
import time

import pytest

from newsdesk.pipeline.errors import FeedParseError
from newsdesk.pipeline.feeds import feed_from_document, parse_feed
from newsdesk.pipeline.urls import canonicalize, is_web_url

FEED_URL = "http://feeds.example/feed"
JSON_VERSION = "https://jsonfeed.org/version/1.1"


def json_feed(*items, **fields) -> bytes:
    return json.dumps({"version": JSON_VERSION, "title": "Wire", **fields, "items": list(items)}).encode()


def rss(*links: str) -> bytes:
    items = "".join(f"<item><title>Item {n}</title><link>{link}</link></item>" for n, link in enumerate(links))
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>{items}</channel></rss>'.encode()


def test_an_item_whose_link_has_port_99999_is_left_out_and_counted():
    feed = parse_feed(rss("http://wire.example:99999/a", "http://wire.example/b"), url=FEED_URL)
    assert [entry.url for entry in feed.entries] == ["http://wire.example/b"]
    assert "1 entry" in feed.warning
    assert all(canonicalize(entry.url) for entry in feed.entries)


@pytest.mark.parametrize("port", ["99999", "-1", "http", "65536"])
def test_links_with_impossible_ports_are_never_returned(port):
    feed = parse_feed(rss(f"https://wire.example:{port}/a", "https://wire.example/ok"), url=FEED_URL)
    assert [entry.url for entry in feed.entries] == ["https://wire.example/ok"]


def test_a_json_attachment_whose_url_is_a_number_is_dropped_not_the_item():
    feed = parse_feed(
        json_feed(
            {
                "id": "1",
                "url": "https://wire.example/a",
                "title": "A",
                "attachments": [{"url": 5}, {"url": "https://wire.example/a.mp3"}],
            }
        ),
        url=FEED_URL,
    )
    [entry] = feed.entries
    assert [enclosure.url for enclosure in entry.enclosures] == ["https://wire.example/a.mp3"]


def test_a_json_author_whose_url_is_a_number_keeps_the_name():
    feed = parse_feed(
        json_feed({"id": "1", "url": "https://wire.example/a", "authors": [{"name": "Ann", "url": 5}]}), url=FEED_URL
    )
    assert feed.entries[0].author == "Ann"


def test_a_lone_surrogate_in_a_json_url_leaves_that_item_out():
    body = json_feed({"id": "1", "url": "https://wire.example/\ud800"}, {"id": "2", "url": "https://wire.example/b"})
    feed = parse_feed(body, url=FEED_URL)
    assert [entry.url for entry in feed.entries] == ["https://wire.example/b"]
    assert "1 entry" in feed.warning


def test_lone_surrogates_in_json_text_are_removed():
    feed = parse_feed(
        json_feed(
            {
                "id": "\udfff7",
                "url": "https://wire.example/a",
                "title": "Bad \ud800title",
                "content_html": "<p>x\udc00y</p>",
                "authors": [{"name": "An\ud801n"}],
            }
        ),
        url=FEED_URL,
    )
    [entry] = feed.entries
    assert (entry.title, entry.guid, entry.author) == ("Bad title", "7", "Ann")
    assert "xy" in entry.content
    for value in (entry.title, entry.guid, entry.author, entry.content, entry.summary):
        value.encode("utf-8")


def test_json_nested_100000_deep_is_a_typed_error():
    body = b'{"version": "' + JSON_VERSION.encode() + b'", "items": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    with pytest.raises(FeedParseError, match="nested"):
        parse_feed(body, url=FEED_URL)


def test_a_json_integer_of_5000_digits_is_a_typed_error():
    body = b'{"version": "' + JSON_VERSION.encode() + b'", "items": [{"id": ' + b"9" * 5000 + b"}]}"
    with pytest.raises(FeedParseError):
        parse_feed(body, url=FEED_URL)


@pytest.mark.parametrize("wrong", [5, 2.5, True, None, [], {}, [1, [2]], {"a": {"b": 1}}, "text"])
def test_every_json_feed_field_of_the_wrong_type_is_dropped(wrong):
    fields = [
        "id",
        "url",
        "external_url",
        "title",
        "content_html",
        "content_text",
        "summary",
        "image",
        "banner_image",
        "date_published",
        "date_modified",
        "author",
        "authors",
        "tags",
        "attachments",
        "language",
    ]
    for field in fields:
        item = {"id": "1", "url": "https://wire.example/a", field: wrong}
        feed = parse_feed(
            json_feed(
                item, home_page_url=wrong, feed_url=wrong, icon=wrong, favicon=wrong, description=wrong, authors=wrong
            ),
            url=FEED_URL,
        )
        for entry in feed.entries:
            assert is_web_url(entry.url)
            assert all(isinstance(getattr(entry, name), str) for name in ("title", "guid", "author", "summary"))
    for items in (wrong, [wrong]):
        try:
            feed = parse_feed(json.dumps({"version": JSON_VERSION, "items": items}).encode(), url=FEED_URL)
        except FeedParseError:
            continue
        assert feed.entries == []


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(1)",
        "data:text/html,<b>x</b>",
        "file:///etc/passwd",
        "http://[::1",
        "https://wire.example:99999/",
    ],
)
def test_unusable_json_links_leave_the_item_out(link):
    feed = parse_feed(
        json_feed(
            {"id": "1", "url": link, "image": link, "attachments": [{"url": link}]},
            {"id": "2", "url": "https://wire.example/b", "image": link},
        ),
        url=FEED_URL,
    )
    assert [(entry.url, entry.image) for entry in feed.entries] == [("https://wire.example/b", "")]


def test_a_long_rss_author_without_an_address_is_read_in_linear_time():
    # Quadratic before: the address pattern restarted inside the run at every letter (found by the fuzzer).
    author = "x" * 300_000
    started = time.perf_counter()
    feed = feed_from_document(
        {
            "version": "rss20",
            "feed": {},
            "entries": [{"link": "https://wire.example/a", "author": author, "authors": [{"name": author}]}],
        },
        url=FEED_URL,
    )
    assert feed.entries[0].author == author
    assert time.perf_counter() - started < 5  # about 0.01 s; the quadratic search took minutes


@pytest.mark.parametrize(
    "element", ["author", "managingEditor", "webMaster", "dc:creator", "itunes:author", "dc:publisher"]
)
def test_a_megabyte_run_in_an_author_element_is_cut_before_feedparser_reads_it(element):
    # feedparser's own address pattern is quadratic on such a run: 8 s at 40,000 letters, an hour at 1 MB.
    run = "a" * 1_000_000
    body = (
        f'<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        f'xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel><title>t</title>'
        f"<item><title>a</title><link>https://wire.example/a</link><{element}>{run}</{element}></item>"
        f"<item><title>b</title><link>https://wire.example/b</link>"
        f"<author>jane@wire.example (Jane Roe)</author></item></channel></rss>"
    ).encode()
    started = time.perf_counter()
    feed = parse_feed(body, url=FEED_URL)
    assert time.perf_counter() - started < 10  # about 0.1 s; uncut, over an hour
    assert [entry.url for entry in feed.entries] == ["https://wire.example/a", "https://wire.example/b"]
    assert feed.entries[1].author == "Jane Roe"


def test_feeds_of_5000_items_and_xml_nested_100000_deep_are_read():
    items = "".join(f"<item><link>https://wire.example/{n}</link></item>" for n in range(5000))
    feed = parse_feed(f'<rss version="2.0"><channel><title>t</title>{items}</channel></rss>'.encode(), url=FEED_URL)
    assert len(feed.entries) == 5000
    deep = b"<x>" * 100_000 + b"</x>" * 100_000
    body = (
        b'<rss version="2.0"><channel><title>t</title>'
        + deep
        + b"<item><link>https://wire.example/a</link></item></channel></rss>"
    )
    try:
        feed = parse_feed(body, url=FEED_URL)
    except FeedParseError:
        return
    assert all(is_web_url(entry.url) for entry in feed.entries)


@pytest.mark.parametrize(
    "reference", [b"&#0;", b"&#xD800;", b"&#x110000;", b"&#99999999999;", b"&#" + b"9" * 5000 + b";"]
)
def test_character_references_to_no_character_do_not_lose_the_feed(reference):
    body = (
        b'<rss version="2.0"><channel><title>t '
        + reference
        + b" &amp</title><item><title>A "
        + reference
        + b"</title><link>https://wire.example/a</link></item></channel></rss>"
    )
    feed = parse_feed(body, url=FEED_URL)
    assert [entry.url for entry in feed.entries] == ["https://wire.example/a"]
    feed.entries[0].title.encode("utf-8")


def test_a_document_that_crashes_feedparser_is_a_typed_error():
    body = b'<?xml version="1.0" encoding="utf\x00-8"?><rss version="2.0"><channel><title>t</title></channel></rss>'
    with pytest.raises(FeedParseError):
        parse_feed(body, url=FEED_URL, headers={"Content-Type": "text/xml; charset=utf\x00-8"})
