"""OPML subscription lists: what other readers export is read, and what we write reads back the same."""

from datetime import UTC, datetime

import pytest
from lxml import etree

from newsdesk.pipeline.errors import FeedParseError
from newsdesk.pipeline.opml import OpmlOutline, parse_opml, write_opml

# Shaped like a Feedly / Inoreader export: folders of feeds, text and title both set, one odd-cased attribute.
READER_EXPORT = b"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0">
  <head><title>Subscriptions in Feedly</title></head>
  <body>
    <outline text="World" title="World">
      <outline type="rss" text="The Harbour Gazette" title="The Harbour Gazette"
               xmlUrl="https://harbour.example/feed/" htmlUrl="https://harbour.example/"/>
      <outline text="Europe">
        <outline type="rss" text="Ledger" xmlurl="https://ledger.example/atom.xml"/>
      </outline>
    </outline>
    <outline type="rss" text="Metro &amp; Wire" xmlUrl="https://metro.example/feed.json?a=1&amp;b=2"/>
    <outline text="A bookmark, not a feed" htmlUrl="https://bookmark.example/"/>
    <outline type="rss" text="Tagged" xmlUrl="https://tagged.example/rss" category="/Science,/Tech"/>
  </body>
</opml>"""


def test_reader_export_gives_one_outline_per_feed_with_its_folder():
    assert parse_opml(READER_EXPORT) == [
        OpmlOutline("https://harbour.example/feed/", "The Harbour Gazette", "https://harbour.example/", "World"),
        OpmlOutline("https://ledger.example/atom.xml", "Ledger", "", "World/Europe"),
        OpmlOutline("https://metro.example/feed.json?a=1&b=2", "Metro & Wire", "", ""),
        OpmlOutline("https://tagged.example/rss", "Tagged", "", "Science"),
    ]


def test_written_opml_reads_back_to_the_same_outlines():
    outlines = [
        OpmlOutline(
            "https://harbour.example/feed/?x=1&y=2", 'The "Harbour" <Gazette> & Co', "https://harbour.example/", "World"
        ),
        OpmlOutline("https://ledger.example/atom.xml", "Ledger"),
        OpmlOutline("https://metro.example/feed.json", "Métro — Wire", "", "World"),
    ]
    written = write_opml(outlines, title="newsdesk sources")
    parsed = parse_opml(written)
    assert sorted(parsed, key=lambda o: o.xml_url) == sorted(outlines, key=lambda o: o.xml_url)


def test_written_opml_is_opml_2_in_utf8_with_head_and_date():
    written = write_opml(
        [OpmlOutline("https://x.example/feed", "Café")],
        title="Mine",
        now=datetime(2026, 11, 23, 9, 15, tzinfo=UTC),
    )
    assert written.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    root = etree.fromstring(written)
    assert root.tag == "opml" and root.get("version") == "2.0"
    assert root.findtext("head/title") == "Mine"
    assert root.findtext("head/dateCreated") == "Mon, 23 Nov 2026 09:15:00 GMT"
    (outline,) = root.findall("body/outline")
    assert (outline.get("type"), outline.get("text"), outline.get("xmlUrl")) == (
        "rss",
        "Café",
        "https://x.example/feed",
    )


def test_control_characters_in_titles_are_dropped_rather_than_failing_the_export():
    written = write_opml([OpmlOutline("https://x.example/feed", "Bad\x0btitle\x00")], title="t\x01")
    assert parse_opml(written)[0].title == "Badtitle"


def test_untitled_feed_is_written_with_its_url_as_text():
    written = write_opml([OpmlOutline("https://x.example/feed")], title="t")
    assert etree.fromstring(written).find("body/outline").get("text") == "https://x.example/feed"


@pytest.mark.parametrize(
    "content, message",
    [
        (b"<html><body>not opml</body></html>", "root element <html>"),
        (b"<opml version='2.0'><head/></opml>", "no <body>"),
        (b"<opml><body><outline", "not well-formed"),
        (b"", "OPML file"),
    ],
)
def test_files_that_are_not_opml_are_refused_with_the_reason(content, message):
    with pytest.raises(FeedParseError, match=message):
        parse_opml(content)


@pytest.mark.parametrize("declaration", ['<!ENTITY xxe SYSTEM "{uri}">', '<!ENTITY xxe "https://evil.example/">'])
def test_opml_with_entities_is_refused_and_no_file_is_read(tmp_path, declaration):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    payload = (
        f'<?xml version="1.0"?><!DOCTYPE opml [{declaration.format(uri=secret.as_uri())}]>'
        '<opml><body><outline text="&xxe;" xmlUrl="&xxe;"/></body></opml>'
    ).encode()
    with pytest.raises(FeedParseError, match="entit") as caught:
        parse_opml(payload)
    assert "TOP-SECRET" not in str(caught.value)
