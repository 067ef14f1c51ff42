"""Nothing a stranger sends can stop the desk: every source poll, feed entry and article fails alone, with a
reason on its row, and the rest of the work goes on (``newsdesk.ingest.isolation``)."""

import json
import logging
import os
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from newsdesk.articles.models import Article
from newsdesk.ingest import isolation, polling, runner
from newsdesk.ingest.runner import ingest_once
from newsdesk.sources.models import Source
from tests.ingest.test_failures import page, rss

pytestmark = pytest.mark.django_db


def json_feed(*items) -> bytes:
    return json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": list(items)}).encode()


def serve_hostile_feeds(server) -> dict[str, Source]:
    """Each hostile feed beside good ones; every feed also lists one good entry of its own."""
    good = lambda name: server.url(f"/{name}-good.html")  # noqa: E731
    feeds = {
        "port": (rss("http://127.0.0.1:99999/x", good("port")), "application/rss+xml"),
        "attachment": (
            json_feed(
                {"id": "1", "url": server.url("/a"), "attachments": [{"url": 5, "mime_type": "image/png"}]},
                {"id": "2", "url": good("attachment")},
            ),
            "application/feed+json",
        ),
        "author": (
            json_feed(
                {"id": "1", "url": server.url("/b"), "author": {"name": "x", "url": 7}},
                {"id": "2", "url": good("author")},
            ),
            "application/feed+json",
        ),
        "surrogate": (
            json_feed({"id": "1", "url": server.url("/\ud800")}, {"id": "2", "url": good("surrogate")}),
            "application/feed+json",
        ),
        "deep": (
            b'{"version": "https://jsonfeed.org/version/1", "items": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
            "application/feed+json",
        ),
        "plain": (rss(good("plain")), "application/rss+xml"),
    }
    sources = {}
    for name, (body, kind) in feeds.items():
        server.route(f"/{name}.feed", body, content_type=kind)
        server.route(f"/{name}-good.html", page(f"Good story from {name}"))
        sources[name] = Source.objects.create(url=server.url(f"/{name}.feed"))
    return sources


def test_ingest_once_polls_every_source_beside_hostile_feeds_and_stores_their_good_entries(http_server, capsys):
    sources = serve_hostile_feeds(http_server)

    call_command(
        "ingest", "--once", "--no-entities"
    )  # raises, as `newsdesk ingest --once` exits 1, if anything escapes

    stored = set(Article.objects.published().values_list("title", flat=True))
    for name in ("port", "attachment", "author", "surrogate", "plain"):
        assert f"Good story from {name}" in stored, name
    for source in Source.objects.all():
        assert source.last_fetched_at is not None, source.url  # every source was polled
    deep = Source.objects.get(pk=sources["deep"].pk)
    assert deep.health == Source.Health.FAILING and deep.last_error_reason in {"internal_error", "feed_parse_error"}
    assert deep.next_fetch_at > timezone.now() + timezone.timedelta(minutes=1)
    assert "Polled 6 sources (1 failed)" in capsys.readouterr().out


def test_an_entry_that_fails_is_that_entrys_failure_only(http_server, monkeypatch):
    """The entry boundary holds even when the parsers let a bad entry through: here canonicalize breaks."""
    http_server.route(
        "/feed.xml", rss(*(http_server.url(f"/{i}.html") for i in range(3))), content_type="application/rss+xml"
    )
    real = polling.canonicalize

    def canonicalize(url):
        if url.endswith("/1.html"):
            raise ValueError("Port out of range 0-65535")
        return real(url)

    monkeypatch.setattr(polling, "canonicalize", canonicalize)
    source = Source.objects.create(url=http_server.url("/feed.xml"))

    outcome = polling.poll_source(source, runner.Intake().fetcher)

    source.refresh_from_db()
    assert outcome.error is None and outcome.new_articles == 2
    assert sorted(Article.objects.values_list("url", flat=True)) == [
        http_server.url("/0.html"),
        http_server.url("/2.html"),
    ]
    assert source.health == Source.Health.OK
    assert "skipped 1 of 3 entries" in source.last_error_message
    assert "ValueError" in source.last_error_message


def test_when_the_parser_crashes_on_one_entry_the_feeds_other_entries_are_still_stored(http_server, monkeypatch):
    """The parsers drop bad entries themselves; when one slips through and crashes the whole parse, the feed
    is read again entry by entry, and only that entry is lost."""
    http_server.route(
        "/feed.xml", rss(*(http_server.url(f"/{i}.html") for i in range(3))), content_type="application/rss+xml"
    )
    real = polling.feed_from_document

    def parse_feed(content, *, url, headers=None):
        raise TypeError("Cannot mix str and non-str arguments")

    def feed_from_document(document, *, url):
        if any(str(raw.get("link", "")).endswith("/1.html") for raw in document["entries"]):
            raise TypeError("Cannot mix str and non-str arguments")
        return real(document, url=url)

    monkeypatch.setattr(polling, "parse_feed", parse_feed)
    monkeypatch.setattr(polling, "feed_from_document", feed_from_document)
    source = Source.objects.create(url=http_server.url("/feed.xml"))

    polling.poll_source(source, runner.Intake().fetcher)

    source.refresh_from_db()
    assert sorted(Article.objects.values_list("url", flat=True)) == [
        http_server.url("/0.html"),
        http_server.url("/2.html"),
    ]
    assert source.health == Source.Health.OK and source.title == "Feed"
    assert "skipped 1 of 3 entries" in source.last_error_message and "TypeError" in source.last_error_message


def test_a_poll_crashing_from_a_bug_is_an_internal_error_with_its_class_and_the_desk_moves_on(
    http_server, monkeypatch, caplog
):
    http_server.route("/good.xml", rss(http_server.url("/a.html")), content_type="application/rss+xml")
    http_server.route("/a.html", page("Good article"))
    http_server.route("/crash.xml", rss(http_server.url("/b.html")), content_type="application/rss+xml")
    crashing = Source.objects.create(url=http_server.url("/crash.xml"))
    good = Source.objects.create(url=http_server.url("/good.xml"))
    real = polling.parse_feed

    def parse_feed(content, *, url, headers=None):
        if url.endswith("/crash.xml"):
            raise RuntimeError("a bug in the parser")
        return real(content, url=url, headers=headers)

    monkeypatch.setattr(polling, "parse_feed", parse_feed)
    monkeypatch.setattr(polling, "read_feed_document", parse_feed)  # and reading it entry by entry

    with caplog.at_level(logging.ERROR, logger="newsdesk.ingest"):
        report = ingest_once()

    crashing.refresh_from_db()
    good.refresh_from_db()
    assert crashing.health == Source.Health.FAILING and crashing.last_error_reason == "internal_error"
    assert "RuntimeError" in crashing.last_error_message and "a bug in the parser" in crashing.last_error_message
    assert crashing.consecutive_failures == 1 and crashing.next_fetch_at > timezone.now()
    logged = [r for r in caplog.records if r.exc_info and f"source_id={crashing.pk}" in r.getMessage()]
    assert len(logged) == 1 and "url=" in logged[0].getMessage()
    assert good.health == Source.Health.OK and Article.objects.get().title == "Good article"
    assert report.sources_failed == 1 and report.sources_polled == 2


def test_a_second_crash_backs_off_further(http_server, monkeypatch):
    http_server.route("/crash.xml", rss(http_server.url("/b.html")), content_type="application/rss+xml")
    monkeypatch.setattr(polling, "parse_feed", lambda *a, **k: 1 / 0)
    monkeypatch.setattr(polling, "read_feed_document", lambda *a, **k: 1 / 0)
    source = Source.objects.create(url=http_server.url("/crash.xml"))
    fetcher = runner.Intake().fetcher
    polling.poll_source(source, fetcher)
    first = source.next_fetch_at - source.last_fetched_at
    polling.poll_source(source, fetcher)
    source.refresh_from_db()
    assert source.consecutive_failures == 2 and "ZeroDivisionError" in source.last_error_message
    assert source.next_fetch_at - source.last_fetched_at > first


def test_an_article_whose_storing_crashes_is_recorded_and_the_others_are_stored(http_server, monkeypatch):
    http_server.route(
        "/feed.xml", rss(http_server.url("/a.html"), http_server.url("/b.html")), content_type="application/rss+xml"
    )
    http_server.route("/a.html", page("Article A"))
    http_server.route("/b.html", page("Article B"))
    Source.objects.create(url=http_server.url("/feed.xml"))
    real = isolation.store_article

    def store_article(article, prepared, **kwargs):
        if article.url.endswith("/a.html"):
            raise TypeError("a bug in storing")
        return real(article, prepared, **kwargs)

    monkeypatch.setattr(isolation, "store_article", store_article)

    report = ingest_once()

    a = Article.objects.get(url=http_server.url("/a.html"))
    b = Article.objects.get(url=http_server.url("/b.html"))
    assert b.status == Article.Status.READY
    assert a.status == Article.Status.FAILED and a.error_reason == "internal_error"
    assert "TypeError" in a.error_message and a.attempts == 1
    assert report.outcomes["stored"] == 1 and report.outcomes["failed"] == 1


def test_an_article_that_cannot_even_be_recorded_does_not_make_the_drain_spin(http_server, monkeypatch):
    """If recording the failure fails too, the article is still pushed back, and ``--once`` ends."""
    http_server.route("/feed.xml", rss(http_server.url("/a.html")), content_type="application/rss+xml")
    http_server.route("/a.html", page("Article A"))
    Source.objects.create(url=http_server.url("/feed.xml"))
    calls = []

    def store_article(*args, **kwargs):
        calls.append(1)
        if len(calls) > 3:  # pytest.fail is not an Exception: the boundary lets it through
            pytest.fail("the drain hands the same article out again and again")
        raise ZeroDivisionError

    monkeypatch.setattr(isolation, "store_article", store_article)
    monkeypatch.setattr(isolation, "record_article_failure", lambda *a, **k: 1 / 0)

    ingest_once()  # returns: before, the article stayed due and next_batch handed it out forever

    article = Article.objects.get()
    assert article.status == Article.Status.PENDING and article.next_attempt_at > timezone.now()


def test_a_feed_entry_whose_own_text_crashes_falls_back_to_its_page_and_nothing_is_duplicated(http_server, monkeypatch):
    """A crash in the middle of a batch loses nothing (the entry is pending, its page fetched later) and a
    second poll stores nothing twice."""
    http_server.route(
        "/feed.xml", rss(*(http_server.url(f"/{i}.html") for i in range(3))), content_type="application/rss+xml"
    )
    source = Source.objects.create(url=http_server.url("/feed.xml"), content_mode=Source.ContentMode.FEED)
    real = polling.prepared_from_feed
    monkeypatch.setattr(
        polling,
        "prepared_from_feed",
        lambda entry, *a, **k: 1 / 0 if entry.url.endswith("/1.html") else real(entry, *a, **k),
    )
    fetcher = runner.Intake().fetcher

    polling.poll_source(source, fetcher)
    polling.poll_source(source, fetcher)

    assert Article.objects.count() == 3
    assert Article.objects.get(url=http_server.url("/1.html")).status == Article.Status.PENDING


def test_fetch_says_in_one_line_why_a_bad_url_is_not_stored_and_stores_the_others(http_server, capsys):
    http_server.route("/story.html", page("A single story"))
    with pytest.raises(CommandError, match="2 of 3 URL"):
        call_command("fetch", "http://127.0.0.1:99999/x", http_server.url("/story.html"), "http://[::1/x")
    err = capsys.readouterr().err.splitlines()
    assert [line.split(": ")[0] for line in err] == ["Not stored"] * 2
    assert "http://127.0.0.1:99999/x: Invalid URL" in err[0] and "http://[::1/x: Invalid URL" in err[1]
    assert Article.objects.get().title == "A single story"


def test_fetch_of_one_bad_url_is_one_line():
    with pytest.raises(CommandError, match=r"^1 of 1 URL could not be stored: http://127.0.0.1:99999/x: Invalid URL"):
        call_command("fetch", "http://127.0.0.1:99999/x")


def test_the_newsdesk_command_ends_a_bad_url_with_one_line_and_no_traceback(tmp_path):
    env = {**os.environ, "NEWSDESK_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "tests.settings"}
    run = subprocess.run(
        [sys.executable, "-m", "newsdesk", "fetch", "http://127.0.0.1:99999/x"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode != 0
    assert "Traceback" not in run.stderr and "Invalid URL" in run.stderr
    run = subprocess.run(
        [sys.executable, "-m", "newsdesk", "sources", "add", "http://127.0.0.1:99999/x"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode != 0
    assert "Traceback" not in run.stderr and "not a usable URL" in run.stderr


def test_sources_add_refuses_a_url_no_request_could_use():
    with pytest.raises(CommandError, match="not a usable URL"):
        call_command("sources", "add", "--kind", "feed", "http://127.0.0.1:99999/feed.xml")
    assert not Source.objects.exists()


def dated_rss(items) -> str:
    """items: (link, RFC 822 date or None) in document order."""
    body = "".join(
        f"<item><title>{link}</title><link>{link}</link>{f'<pubDate>{date}</pubDate>' if date else ''}</item>"
        for link, date in items
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed</title>{body}</channel></rss>'


def test_a_poll_takes_the_newest_entries_up_to_the_limit_and_says_so(http_server, settings):
    settings.NEWSDESK_FEED_MAX_ENTRIES = 3
    days = [4, 9, 1, 7, 3, 8, 2]  # in document order; the newest three are days 9, 8 and 7
    http_server.route(
        "/feed.xml",
        dated_rss([(http_server.url(f"/{d}.html"), f"Tue, {d:02d} Nov 2026 10:00:00 GMT") for d in days]),
        content_type="application/rss+xml",
    )
    source = Source.objects.create(url=http_server.url("/feed.xml"))

    outcome = polling.poll_source(source, runner.Intake().fetcher)

    source.refresh_from_db()
    assert outcome.new_articles == 3
    assert sorted(Article.objects.values_list("url", flat=True)) == [http_server.url(f"/{d}.html") for d in (7, 8, 9)]
    assert source.health == Source.Health.OK and "took 3 of 7 entries" in source.last_error_message


def test_an_undated_feed_over_the_limit_gives_its_first_entries(http_server, settings):
    settings.NEWSDESK_FEED_MAX_ENTRIES = 2
    http_server.route(
        "/feed.xml",
        dated_rss([(http_server.url(f"/{i}.html"), None) for i in range(5)]),
        content_type="application/rss+xml",
    )
    source = Source.objects.create(url=http_server.url("/feed.xml"))
    polling.poll_source(source, runner.Intake().fetcher)
    assert sorted(Article.objects.values_list("url", flat=True)) == [
        http_server.url("/0.html"),
        http_server.url("/1.html"),
    ]


def test_a_long_feed_is_not_taken_whole_by_default(http_server):
    # 3,000 items, not the 100,000: the cap is the same, and feedparser alone takes ~18 s over those.
    items = "".join(f"<item><link>http://news.example/{i}</link></item>" for i in range(3_000))
    http_server.route(
        "/huge.xml",
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Huge</title>{items}</channel></rss>',
        content_type="application/rss+xml",
    )
    source = Source.objects.create(url=http_server.url("/huge.xml"))
    polling.poll_source(source, runner.Intake().fetcher)
    source.refresh_from_db()
    assert Article.objects.count() == 500
    assert "took 500 of 3,000 entries" in source.last_error_message


def sitemap_index(*children) -> str:
    locs = "".join(f"<sitemap><loc>{child}</loc></sitemap>" for child in children)
    return (
        f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locs}</sitemapindex>'
    )


def test_a_child_sitemap_that_fails_is_noted_and_the_others_are_taken(http_server):
    urlset = (
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>{http_server.url('/a.html')}</loc></url></urlset>"
    )
    http_server.route("/good-sitemap.xml", urlset, content_type="application/xml")
    http_server.route(
        "/index.xml",
        sitemap_index(http_server.url("/gone-sitemap.xml"), http_server.url("/good-sitemap.xml")),
        content_type="application/xml",
    )
    source = Source.objects.create(url=http_server.url("/index.xml"), kind=Source.Kind.SITEMAP)

    polling.poll_source(source, runner.Intake().fetcher)

    source.refresh_from_db()
    assert Article.objects.get().url == http_server.url("/a.html")
    assert source.health == Source.Health.OK
    assert "gone-sitemap.xml: HTTP 404 not found" in source.last_error_message
