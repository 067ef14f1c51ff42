"""`newsdesk sources import-opml FILE` and `export-opml`: subscriptions move in and out of other readers."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from newsdesk.pipeline.opml import parse_opml
from newsdesk.sources.models import Source

pytestmark = pytest.mark.django_db

SUBSCRIPTIONS = b"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>From another reader</title></head><body>
  <outline text="News">
    <outline type="rss" text="The Harbour Gazette" xmlUrl="https://harbour.example/feed/" htmlUrl="https://harbour.example/"/>
    <outline type="rss" text="Ledger" xmlUrl="https://ledger.example/atom.xml" htmlUrl="not a url"/>
  </outline>
  <outline type="rss" text="Metro" xmlUrl="https://metro.example/feed.json"/>
  <outline type="rss" text="Metro again" xmlUrl="https://metro.example/feed.json"/>
  <outline type="rss" text="Local file" xmlUrl="file:///etc/passwd"/>
  <outline type="rss" text="Nonsense" xmlUrl="feed me"/>
</body></opml>"""


def sources(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("sources", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def opml_file(tmp_path):
    path = tmp_path / "subscriptions.opml"
    path.write_bytes(SUBSCRIPTIONS)
    return path


def test_import_adds_each_valid_feed_once_and_counts_the_rest(opml_file):
    out, _ = sources("import-opml", str(opml_file))

    assert out.strip() == "Imported 3, skipped 1 already present, 2 invalid."
    assert sorted(Source.objects.values_list("url", "title", "site_url", "kind")) == [
        ("https://harbour.example/feed/", "The Harbour Gazette", "https://harbour.example/", "feed"),
        ("https://ledger.example/atom.xml", "Ledger", "", "feed"),
        ("https://metro.example/feed.json", "Metro", "", "feed"),
    ]


def test_importing_the_same_file_again_adds_nothing(opml_file):
    sources("import-opml", str(opml_file))
    out, _ = sources("import-opml", str(opml_file))
    assert out.strip() == "Imported 0, skipped 4 already present, 2 invalid."
    assert Source.objects.count() == 3


def test_import_of_a_file_that_is_not_opml_says_why(tmp_path):
    path = tmp_path / "page.html"
    path.write_text("<html><body>Not OPML</body></html>")
    with pytest.raises(CommandError, match="not an OPML file"):
        sources("import-opml", str(path))


def test_import_of_a_missing_file_says_so(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        sources("import-opml", str(tmp_path / "nope.opml"))


def test_export_writes_opml_that_parses_back_to_the_same_feeds(opml_file):
    sources("import-opml", str(opml_file))
    Source.objects.create(url="https://ledger.example/news-sitemap.xml", kind=Source.Kind.SITEMAP)

    out, err = sources("export-opml")

    exported = parse_opml(out.encode("utf-8"))
    assert sorted(o.xml_url for o in exported) == sorted(
        Source.objects.filter(kind=Source.Kind.FEED).values_list("url", flat=True)
    )
    assert {o.title for o in exported} == {"The Harbour Gazette", "Ledger", "Metro"}
    assert "Left out 1 sitemap source(s)" in err


def test_export_to_a_file_round_trips_through_import(opml_file, tmp_path):
    sources("import-opml", str(opml_file))
    exported = tmp_path / "out.opml"
    sources("export-opml", "--output", str(exported))
    Source.objects.all().delete()

    out, _ = sources("import-opml", str(exported))

    assert out.strip() == "Imported 3, skipped 0 already present, 0 invalid."
