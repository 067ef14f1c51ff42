"""A source is what it serves (issue 15): an OPML file lists every outlet as type="rss", sitemaps included;
`sources import-opml` then `ingest --once` stores every outlet's articles and corrects each source's kind."""

import gzip
import json
from datetime import timedelta
from email.utils import format_datetime
from html import escape

import pytest
from django.core.management import call_command
from django.utils import timezone

from newsdesk.articles.models import Article
from newsdesk.sources.models import Source
from tests.support.shared_data import shared_path

pytestmark = pytest.mark.django_db

SITEMAP_NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
NEWS_NS = 'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'


@pytest.fixture(scope="module")
def texts():
    """Real, distinct article texts (CNN/DailyMail), so that no page is taken for a copy of another."""
    with shared_path("cnndm", "dev.jsonl").open(encoding="utf-8") as rows:
        return [json.loads(line)["article"] for _, line in zip(range(20), rows, strict=False)]


def article_page(title: str, text: str) -> str:
    return (
        f"<!DOCTYPE html><html><head><title>{escape(title)}</title></head><body><article>"
        f"<h1>{escape(title)}</h1><p>{escape(text)}</p></article></body></html>"
    )


class Newsroom:
    """Outlets on one local server, each listing two articles in its own format."""

    def __init__(self, server, texts):
        self.server, self.texts, self.listed = server, iter(texts), {}
        self.now = timezone.now()

    def articles(self, outlet: str) -> list[tuple[str, str]]:
        pairs = []
        for n in range(2):
            path, title = f"/{outlet}/story-{n}.html", f"{outlet} story {n}"
            self.server.route(path, article_page(title, next(self.texts)))
            pairs.append((self.server.url(path), title))
        self.listed[outlet] = [url for url, _ in pairs]
        return pairs

    def route(self, path: str, body: str, content_type: str) -> str:
        self.server.route(path, body, content_type=content_type)
        return self.server.url(path)

    def rss(self) -> str:
        when = format_datetime(self.now - timedelta(hours=1))
        items = "".join(
            f"<item><title>{t}</title><link>{u}</link><pubDate>{when}</pubDate></item>" for u, t in self.articles("rss")
        )
        body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>RSS outlet</title>{items}</channel></rss>'
        return self.route("/rss.xml", body, "application/rss+xml")

    def atom(self) -> str:
        when = (self.now - timedelta(hours=1)).isoformat()
        entries = "".join(
            f'<entry><title>{t}</title><link rel="alternate" href="{u}"/><id>{u}</id><updated>{when}</updated></entry>'
            for u, t in self.articles("atom")
        )
        body = f'<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom outlet</title>{entries}</feed>'
        return self.route("/atom.xml", body, "application/atom+xml")

    def rdf(self) -> str:
        items = "".join(
            f'<item rdf:about="{u}"><title>{t}</title><link>{u}</link></item>' for u, t in self.articles("rdf")
        )
        body = (
            '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
            f'xmlns="http://purl.org/rss/1.0/"><channel rdf:about="{self.server.url("/")}"><title>RDF outlet</title>'
            f"</channel>{items}</rdf:RDF>"
        )
        return self.route("/rdf.xml", body, "application/rdf+xml")

    def json_feed(self) -> str:
        items = [{"id": u, "url": u, "title": t} for u, t in self.articles("json")]
        body = json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "JSON outlet", "items": items})
        return self.route("/feed.json", body, "application/feed+json")

    def news_sitemap_body(self, outlet: str, *, old: bool = False) -> str:
        fresh = [(u, t, self.now - timedelta(hours=2)) for u, t in self.articles(outlet)]
        stale = [(self.server.url(f"/{outlet}/archive.html"), "Archive", self.now - timedelta(days=30))] if old else []
        urls = "".join(
            f"<url><loc>{u}</loc><news:news><news:publication><news:name>{outlet} news</news:name>"
            f"<news:language>en</news:language></news:publication>"
            f"<news:publication_date>{when.isoformat()}</news:publication_date><news:title>{t}</news:title>"
            f"</news:news></url>"
            for u, t, when in fresh + stale
        )
        return f'<?xml version="1.0" encoding="UTF-8"?><urlset {SITEMAP_NS} {NEWS_NS}>{urls}</urlset>'

    def news_sitemap(self) -> str:
        return self.route("/news-sitemap.xml", self.news_sitemap_body("news", old=True), "application/xml")

    def sitemap_index(self) -> str:
        child = self.route("/index/news-1.xml", self.news_sitemap_body("index"), "application/xml")
        body = f"<sitemapindex {SITEMAP_NS}><sitemap><loc>{child}</loc></sitemap></sitemapindex>"
        return self.route("/sitemap-index.xml", body, "text/xml")


def opml(urls: dict[str, str]) -> bytes:
    outlines = "".join(f'<outline type="rss" text="{name}" xmlUrl="{escape(url)}"/>' for name, url in urls.items())
    return f'<?xml version="1.0"?><opml version="2.0"><head/><body>{outlines}</body></opml>'.encode()


def ingest() -> None:
    call_command("ingest", "--once", "--no-entities")


def test_an_opml_of_feeds_and_sitemaps_all_typed_rss_is_ingested_as_what_each_serves(http_server, texts, tmp_path):
    room = Newsroom(http_server, texts)
    urls = {
        "rss": room.rss(),
        "atom": room.atom(),
        "rdf": room.rdf(),
        "json": room.json_feed(),
        "news": room.news_sitemap(),
        "index": room.sitemap_index(),
    }
    path = tmp_path / "reading-list.opml"
    path.write_bytes(opml(urls))

    call_command("sources", "import-opml", str(path))
    assert set(Source.objects.values_list("kind", flat=True)) == {Source.Kind.FEED}  # as the file says
    ingest()

    expected = {
        "rss": ("feed", "rss"),
        "atom": ("feed", "atom"),
        "rdf": ("feed", "rdf"),
        "json": ("feed", "json"),
        "news": ("sitemap", "news-sitemap"),
        "index": ("sitemap", "sitemap-index"),
    }
    for name, url in urls.items():
        source = Source.objects.get(url=url)
        assert source.health == Source.Health.OK, (name, source.last_error_message)
        assert (source.kind, source.served_format) == expected[name], name
        stored = Article.objects.filter(source=source)
        assert sorted(stored.values_list("url", flat=True)) == sorted(room.listed[name]), name
        assert set(stored.values_list("status", flat=True)) == {Article.Status.READY}, name
    # The corrected ones say so to the operator; the sitemap's 30-day-old URL is archive, as for any sitemap.
    assert "added as a feed but serves a news sitemap: kind corrected to sitemap" in (
        Source.objects.get(url=urls["news"]).last_error_message
    )
    assert not Article.objects.filter(url__endswith="/archive.html").exists()
    assert Source.objects.get(url=urls["rss"]).last_error_message == ""


def test_a_source_added_as_a_sitemap_that_serves_a_feed_is_read_as_a_feed(http_server, texts):
    room = Newsroom(http_server, texts)
    url = room.atom()
    call_command("sources", "add", url, "--kind", "sitemap")

    ingest()

    source = Source.objects.get()
    assert (source.health, source.kind, source.served_format) == (Source.Health.OK, "feed", "atom")
    assert Article.objects.filter(status=Article.Status.READY).count() == 2
    ingest()  # the next poll needs no correction, and says nothing
    source.refresh_from_db()
    assert (source.kind, source.last_error_message) == ("feed", "")


def test_a_gzip_sitemap_served_as_a_file_is_polled(http_server, texts):
    room = Newsroom(http_server, texts)
    body = gzip.compress(room.news_sitemap_body("gz").encode())
    http_server.route("/sitemap-news.xml.gz", body, content_type="application/x-gzip")
    Source.objects.create(url=http_server.url("/sitemap-news.xml.gz"))

    ingest()

    source = Source.objects.get()
    assert (source.health, source.kind, source.served_format) == (Source.Health.OK, "sitemap", "news-sitemap")
    assert Article.objects.count() == 2


def test_a_web_page_polled_as_a_source_fails_naming_the_feed_it_links_to(http_server):
    http_server.route(
        "/",
        '<!DOCTYPE html><html><head><link rel="alternate" type="application/rss+xml" href="/feed/"></head>'
        "<body><h1>Home</h1></body></html>",
    )
    source = Source.objects.create(url=http_server.url("/"))

    ingest()

    source.refresh_from_db()
    assert source.health == Source.Health.FAILING
    assert source.get_last_error_reason_display() == "A web page, not a feed"
    assert source.last_error_message == (
        "this address serves a web page (HTML), not a feed or a sitemap; "
        f"it links to the feed {http_server.url('/feed/')}: add that address instead"
    )
    assert (source.kind, source.served_format) == ("feed", "")


def test_the_admin_shows_what_each_source_serves(admin_client, http_server, texts):
    room = Newsroom(http_server, texts)
    sitemap = Source.objects.create(url=room.news_sitemap(), title="Sitemap outlet")  # added as a feed
    ingest()

    listing = admin_client.get("/admin/sources/source/").content.decode()
    assert "<th" in listing and "Serves" in listing  # the column
    assert '<td class="field-served_format">news sitemap</td>' in listing
    detail = admin_client.get(f"/admin/sources/source/{sitemap.pk}/change/").content.decode()
    assert "news sitemap" in detail
    filtered = admin_client.get("/admin/sources/source/?served_format__exact=news-sitemap").content.decode()
    assert "Sitemap outlet" in filtered


def test_the_api_says_what_a_source_is_polled_as_and_serves(client, http_server, texts):
    room = Newsroom(http_server, texts)
    source = Source.objects.create(url=room.sitemap_index())
    ingest()

    body = client.get(f"/api/v1/sources/{source.pk}").json()
    assert (body["kind"], body["served_format"]) == ("sitemap", "sitemap-index")
