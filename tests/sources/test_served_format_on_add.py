"""`newsdesk sources add` records what the URL serves, and the fetcher's "source" accept admits feeds and
sitemaps (gzip files included) while refusing what can be neither."""

import gzip
from io import StringIO

import pytest
from django.core.management import call_command

from newsdesk.pipeline.errors import UnexpectedContentType
from newsdesk.pipeline.fetch import FetchConfig, Fetcher
from newsdesk.sources.models import Source
from tests.sources.test_add_command import NEWS_SITEMAP, RSS, home

pytestmark = pytest.mark.django_db

RDF = """<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
xmlns="http://purl.org/rss/1.0/"><channel rdf:about="https://outlet.example/"><title>RDF outlet</title></channel>
<item rdf:about="https://outlet.example/a"><title>A</title><link>https://outlet.example/a</link></item></rdf:RDF>"""


def add(*args) -> str:
    out = StringIO()
    call_command("sources", "add", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(
    "body, content_type, kind, served, said",
    [
        (RSS, "text/html", "feed", "rss", "Found RSS feed"),  # the body decides, not the label
        (RDF, "application/rdf+xml", "feed", "rdf", "Found RDF feed (RSS 1.0)"),
        (NEWS_SITEMAP, "text/plain", "sitemap", "news-sitemap", "Found news sitemap"),
    ],
)
def test_adding_a_url_records_what_it_serves(http_server, body, content_type, kind, served, said):
    http_server.route("/listing", body, content_type=content_type)
    out = add(http_server.url("/listing"))
    source = Source.objects.get()
    assert (source.kind, source.served_format) == (kind, served)
    assert said in out


def test_a_feed_found_on_a_home_page_records_its_format(http_server):
    http_server.route("/", home('<link rel="alternate" type="application/rss+xml" href="/feed.xml">'))
    http_server.route("/feed.xml", RSS, content_type="application/rss+xml")
    add(http_server.url("/"))
    assert Source.objects.get().served_format == "rss"


def test_adding_with_a_kind_fetches_nothing_and_leaves_the_format_to_the_first_poll(http_server):
    add(http_server.url("/sitemap.xml"), "--kind", "sitemap")
    assert Source.objects.get().served_format == ""
    assert http_server.requests == []


def fetcher() -> Fetcher:
    return Fetcher(FetchConfig(allow_private_networks=True))


@pytest.mark.parametrize("content_type", ["application/x-gzip", "application/gzip", "application/octet-stream", ""])
def test_the_source_accept_admits_a_gzip_sitemap_however_labelled(http_server, content_type):
    http_server.route("/sitemap.xml.gz", gzip.compress(NEWS_SITEMAP.encode()), content_type=content_type)
    with fetcher() as client:
        result = client.get(http_server.url("/sitemap.xml.gz"), accept="source")
    assert result.content.startswith(b"\x1f\x8b")
    assert "application/rss+xml" in {k.lower(): v for k, v in http_server.requests[0].headers.items()}["accept"]


def test_the_source_accept_refuses_what_is_neither_feed_nor_sitemap(http_server):
    http_server.route("/logo.png", b"\x89PNG\r\n\x1a\n", content_type="image/png")
    with fetcher() as client, pytest.raises(UnexpectedContentType, match="expected a feed or a sitemap"):
        client.get(http_server.url("/logo.png"), accept="source")
