"""A feed or page may say anything about when it published: dates in 2099, 2500 or 1970 are kept as the
source said them, but the desk ranks and orders those items by when it saw them, and says so."""

from __future__ import annotations

import html
import json
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from lxml import etree

from newsdesk.articles.export import article_record
from newsdesk.articles.models import Article
from newsdesk.sources.models import Source
from tests.comments.pages import has_class, parse, text
from tests.support.shared_data import shared_path

pytestmark = pytest.mark.django_db

CLAIMS = {
    "Claims 2099": datetime(2099, 1, 1, tzinfo=UTC),
    "Claims 2500": datetime(2500, 6, 1, tzinfo=UTC),
    "Claims 1970": datetime(1970, 1, 1, tzinfo=UTC),
}
PAGE_CLAIM = ("Page claims 2400", datetime(2400, 3, 1, tzinfo=UTC))  # no date in the feed; its page says 2400


def news_texts(count: int) -> list[str]:
    """Real, unrelated news articles (CNN/DailyMail), so each one files into a story of its own."""
    with shared_path("cnndm", "dev.jsonl").open(encoding="utf-8") as rows:
        return [json.loads(next(rows))["article"] for _ in range(count)]


def page(title: str, body: str, published: datetime | None = None) -> str:
    meta = f'<meta property="article:published_time" content="{published.isoformat()}">' if published else ""
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in body.split(". ") if p)
    return (
        f"<html><head><title>{html.escape(title)}</title>{meta}</head>"
        f"<body><article><h1>{html.escape(title)}</h1>{paragraphs}</article></body></html>"
    )


def rss(items: list[tuple[str, str, datetime | None]]) -> str:
    body = "".join(
        f"<item><title>{title}</title><link>{link}</link>"
        + (f"<pubDate>{when:%a, %d %b %Y %H:%M:%S +0000}</pubDate>" if when else "")
        + "</item>"
        for title, link, when in items
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Any Outlet</title>{body}</channel></rss>'


@pytest.fixture
def hostile_then_real(http_server):
    """Ingest a feed whose items claim 2099, 2500 and 1970 (and a page that claims 2400) beside a real item of
    two hours ago; then the same feed with a real item published since. Returns the times around the first run."""
    texts = iter(news_texts(6))
    items = []

    def add(title, when, page_date=None):
        path = f"/{len(items)}.html"
        http_server.route(path, page(title, next(texts), page_date))
        items.append((title, http_server.url(path), when))

    add("Real news of two hours ago", timezone.now() - timedelta(hours=2))
    for title, claimed in CLAIMS.items():
        add(title, claimed)
    add(PAGE_CLAIM[0], None, page_date=PAGE_CLAIM[1])
    http_server.route("/feed.xml", rss(items), content_type="application/rss+xml")
    Source.objects.create(url=http_server.url("/feed.xml"))
    before = timezone.now()
    call_command("ingest", "--once", "--no-entities")
    after = timezone.now()

    # RSS dates have whole seconds: the next second is the first an item can be dated after the first run.
    add("Real news just published", after.replace(microsecond=0) + timedelta(seconds=1))
    http_server.route("/feed.xml", rss(items), content_type="application/rss+xml")
    call_command("ingest", "--once", "--no-entities")
    return before, after


def test_untrusted_dates_are_kept_aside_and_the_time_seen_is_used(hostile_then_real):
    before, after = hostile_then_real
    assert Article.objects.published().count() == 6
    for title, claimed in [*CLAIMS.items(), PAGE_CLAIM]:
        article = Article.objects.get(title=title)
        assert article.claimed_published_at == claimed
        assert before <= article.published_at <= after
        assert article.published_at_untrusted
    real = Article.objects.get(title="Real news of two hours ago")
    assert real.claimed_published_at is None and not real.published_at_untrusted


def test_the_real_latest_item_leads_the_front_page_api_and_feed(client, hostile_then_real):
    latest = "Real news just published"
    front = parse(client.get("/"))
    assert text(front.xpath(f"//ol[{has_class('story-list')}]/li/h2/a")[0]) == latest

    stories = client.get("/api/v1/stories").json()["items"]
    assert stories[0]["headline"] == latest
    assert not any(story["updated_at"].startswith(("2099", "2400", "2500")) for story in stories)
    assert min(story["first_published_at"] for story in stories) > "1990"

    assert client.get("/api/v1/articles").json()["items"][0]["title"] == latest

    feed = etree.fromstring(client.get("/feed/").content)
    assert feed.xpath("//item/title/text()")[0] == latest


def test_the_api_and_export_carry_the_claimed_date_and_the_flag(client, hostile_then_real):
    items = {item["title"]: item for item in client.get("/api/v1/articles?limit=50").json()["items"]}
    claimed = items["Claims 2099"]
    assert claimed["published_at_untrusted"] is True
    assert claimed["claimed_published_at"].startswith("2099-01-01T00:00:00")
    assert not claimed["published_at"].startswith("2099")
    trusted = items["Real news of two hours ago"]
    assert trusted["published_at_untrusted"] is False and trusted["claimed_published_at"] is None

    record = article_record(Article.objects.get(title="Claims 2500"))
    assert record["claimed_published_at"].startswith("2500-06-01") and record["published_at_untrusted"] is True


def test_the_article_page_says_the_sources_date_is_not_trusted(client, hostile_then_real):
    article = Article.objects.get(title="Claims 2099")
    note = parse(client.get(article.get_absolute_url())).xpath(f"//*[{has_class('claimed-date')}]")
    assert note and "2099-01-01" in text(note[0]) and "not trusted" in text(note[0])
    trusted = Article.objects.get(title="Real news of two hours ago")
    assert not parse(client.get(trusted.get_absolute_url())).xpath(f"//*[{has_class('claimed-date')}]")
