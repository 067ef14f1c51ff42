"""JSON Feed HTML through nh3's allow-list and its dates through the standard library; HTTP dates likewise."""

import json
import time
from datetime import UTC, datetime

import pytest

from newsdesk.pipeline.feeds import parse_feed, parse_with_feedparser
from newsdesk.pipeline.feeds.jsonfeed import parse_json_feed


def _json_feed(**item) -> bytes:
    return json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": "J",
            "items": [{"id": "1", "url": "https://j.example/1", **item}],
        }
    ).encode()


def _content(html: str) -> str:
    (entry,) = parse_feed(_json_feed(content_html=html), url="https://j.example/feed.json").entries
    return entry.content


@pytest.mark.parametrize(
    "html, kept",
    [
        ("<p>a<script>alert(1)</script>b</p>", "<p>ab</p>"),
        ("<style>p { color: red }</style><p>a</p>", "<p>a</p>"),
        ('<p>a</p><iframe src="https://evil.example/"></iframe>', "<p>a</p>"),
        ('<object data="https://evil.example/x.swf"></object><p>a</p>', "<p>a</p>"),
        ('<form action="https://evil.example/"><input name="q"></form><p>a</p>', "<p>a</p>"),
        ('<img src="https://j.example/a.png" onerror="steal()">', '<img src="https://j.example/a.png">'),
        ('<a href="javascript:alert(1)">x</a>', "<a>x</a>"),
        ('<a href="JaVaScRiPt:alert(1)">x</a>', "<a>x</a>"),
        ('<img src="data:image/png;base64,iVBORw0KGgo=">', "<img>"),
        ('<a href="data:text/html,<script>x()</script>">x</a>', "<a>x</a>"),
        ('<p style="background: url(https://evil.example/t.gif)">a</p>', "<p>a</p>"),
        ('<p class="x" id="y">a</p>', "<p>a</p>"),
        ('<svg><circle onload="x()"/></svg><p>a</p>', "<p>a</p>"),
    ],
)
def test_json_feed_html_loses_everything_unsafe(html, kept):
    assert _content(html) == kept


def test_json_feed_html_keeps_ordinary_markup():
    html = (
        "<h2>Head</h2><p>Some <em>stressed</em> and <strong>strong</strong> text, <code>x = 1</code>, "
        '<a href="https://j.example/more" title="More">a link</a>, <a href="mailto:desk@j.example">mail</a>.'
        "</p><ul><li>one</li></ul><ol><li>two</li></ol><blockquote>quoted</blockquote><pre>pre</pre>"
        '<figure><img alt="A picture" src="https://j.example/a.png"><figcaption>Cap</figcaption></figure>'
        '<table><thead><tr><th>h</th></tr></thead><tbody><tr><td colspan="2">c</td></tr></tbody></table>'
    )
    assert _content(html) == html


def test_json_feed_relative_links_and_pictures_point_at_the_outlet():
    assert _content('<a href="/b">b</a><img src="pic.jpg">') == (
        '<a href="https://j.example/b">b</a><img src="https://j.example/pic.jpg">'
    )


def test_the_allow_list_passes_no_scheme_but_http_https_and_mailto_anywhere():
    assert _content('<a href="ftp://j.example/f">f</a><img src="mailto:x@j.example">') == "<a>f</a><img>"


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2026-11-21T08:00:00Z", datetime(2026, 11, 21, 8, 0, tzinfo=UTC)),
        ("2026-11-21t08:00:00z", datetime(2026, 11, 21, 8, 0, tzinfo=UTC)),  # RFC 3339 allows lower case
        ("2026-11-21T10:30:00+02:30", datetime(2026, 11, 21, 8, 0, tzinfo=UTC)),
        ("2026-11-21T03:00:00-05:00", datetime(2026, 11, 21, 8, 0, tzinfo=UTC)),
        ("2026-11-21T08:00:00.123456789Z", datetime(2026, 11, 21, 8, 0, tzinfo=UTC)),  # nanoseconds
        ("2026-11-21T08:00:00.5+00:00", datetime(2026, 11, 21, 8, 0, tzinfo=UTC)),
        ("Sat, 21 Nov 2026 09:00:00 +0100", datetime(2026, 11, 21, 8, 0, tzinfo=UTC)),  # RFC 822
        ("Sat, 21 Nov 2026 08:00:00 GMT", datetime(2026, 11, 21, 8, 0, tzinfo=UTC)),
        ("yesterday", None),
        ("", None),
        ("2026-13-45T99:00:00Z", None),
        ("9999-12-31T23:00:00-05:00", None),  # past year 9999 once in UTC
        ("0001-01-01T00:30:00+01:00", None),  # before year 1 once in UTC
        ("Fri, 31 Dec 9999 23:00:00 -0500", None),
    ],
)
def test_json_feed_dates(value, expected):
    (entry,) = parse_feed(_json_feed(date_published=value), url="https://j.example/feed.json").entries
    assert entry.published == expected


def test_json_feed_parsed_dates_keep_feedparsers_shape():
    raw = parse_json_feed(_json_feed(date_modified="2026-11-21T09:00:00+01:00"), url="https://j.example/f.json")
    parsed = raw["entries"][0]["updated_parsed"]
    assert isinstance(parsed, time.struct_time)
    assert tuple(parsed)[:6] == (2026, 11, 21, 8, 0, 0)


RSS = b"""<rss version="2.0"><channel><title>T</title><link>https://w.example/</link></channel></rss>"""


@pytest.mark.parametrize(
    "header, expected",
    [
        ("Wed, 21 Oct 2015 07:28:00 GMT", (2015, 10, 21, 7, 28, 0)),  # RFC 9110 IMF-fixdate
        ("Wed, 21 Oct 2015 09:28:00 +0200", (2015, 10, 21, 7, 28, 0)),
        ("not a date", None),
        ("Fri, 31 Dec 9999 23:00:00 -0500", None),
    ],
)
def test_last_modified_header_is_read_as_an_http_date(header, expected):
    result = parse_with_feedparser(RSS, url="https://w.example/feed", headers={"Last-Modified": header})
    assert result["modified"] == header
    parsed = result["modified_parsed"]
    assert (tuple(parsed)[:6] if parsed else None) == expected
    assert parsed is None or isinstance(parsed, time.struct_time)
