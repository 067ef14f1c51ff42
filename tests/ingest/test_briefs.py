"""Short news is news: a brief of about 30 words listed by a feed is stored by a real ingest, summarised, filed
in a story and analysed; the same words on a tag page, a section front or a page of teaser links are skipped
with a reason the operator can read."""

import json
from datetime import UTC, datetime
from email.utils import format_datetime
from html import escape

import pytest
from django.core.management import call_command

from newsdesk.articles.models import Article
from newsdesk.entities.models import ArticleAnalysis, Entity
from newsdesk.pipeline.extract import count_words
from newsdesk.sources.models import Source

pytestmark = pytest.mark.django_db

HEADLINE = "Brannoch harbour council approves new ferry timetable"
BRIEF = (  # 33 words: a brief
    "Mayor Elena Marsh said the Brannoch harbour council approved the new ferry timetable on Tuesday. Boats "
    "will leave the old quay every hour from the first of June, and the late crossing returns."
)
PUBLISHED = datetime(2026, 5, 12, 9, 30, tzinfo=UTC)
NAV = '<header><nav><a href="/">Home</a> <a href="/local/">Local</a> <a href="/sport/">Sport</a></nav></header>'


def page(head: str, main: str, title: str) -> str:
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>{head}</head>'
        f"<body>{NAV}<main>{main}</main><footer><p>The Brannoch Gazette</p></footer></body></html>"
    )


def news_article_brief() -> str:
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": HEADLINE}
    data["datePublished"] = PUBLISHED.isoformat()
    head = f'<script type="application/ld+json">{json.dumps(data)}</script>'
    return page(head, f"<article><h1>{HEADLINE}</h1><p>{BRIEF}</p></article>", f"{HEADLINE} | The Brannoch Gazette")


def og_article_brief() -> str:
    head = (
        '<meta property="og:type" content="article">'
        f'<meta property="article:published_time" content="{PUBLISHED.isoformat()}">'
    )
    text = BRIEF.replace("Tuesday", "Wednesday")
    return page(head, f"<article><h1>{HEADLINE}</h1><p>{text}</p></article>", f"{HEADLINE} | The Brannoch Gazette")


def tag_page() -> str:
    head = '<meta property="og:type" content="website">'
    return page(head, f"<h1>Tag: Ferries</h1><p>{BRIEF}</p>", "Ferries | The Brannoch Gazette")


def section_front() -> str:
    head = (
        '<meta property="og:type" content="website"><script type="application/ld+json">'
        '{"@context": "https://schema.org", "@type": "CollectionPage"}</script>'
    )
    return page(head, f"<h1>Local news</h1><p>{BRIEF}</p>", "Local news | The Brannoch Gazette")


def teaser_links() -> str:
    sentences = BRIEF.replace(". ", ", ").split(", ")  # the brief's words as three headlines
    teasers = "".join(f'<article><h2><a href="/news/{i}">{s}</a></h2></article>' for i, s in enumerate(sentences))
    return page("", f"<h1>Latest</h1>{teasers}", "Latest | The Brannoch Gazette")


PAGES = {
    "/news/2026/05/12/harbour-council-approves-ferry-timetable": news_article_brief,
    "/news/2026/05/12/ferry-timetable-approved-by-council": og_article_brief,
    "/tag/ferries/": tag_page,
    "/local/": section_front,
    "/local/latest": teaser_links,
}


@pytest.fixture
def newsroom(http_server):
    items = "".join(
        f"<item><title>Item {i}</title><link>{http_server.url(path)}</link>"
        f"<pubDate>{format_datetime(PUBLISHED)}</pubDate></item>"
        for i, path in enumerate(PAGES)
    )
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Gazette</title>{items}</channel></rss>'
    http_server.route("/feed.xml", feed, content_type="application/rss+xml")
    for path, build in PAGES.items():
        http_server.route(path, build())
    return http_server


def test_briefs_with_article_metadata_are_stored_and_listings_skipped(client, newsroom):
    call_command("sources", "add", newsroom.url("/feed.xml"), "--republish-full-text")
    call_command("ingest", "--once")

    by_path = {path: Article.objects.get(url=newsroom.url(path)) for path in PAGES}
    briefs = list(by_path.values())[:2]
    for brief in briefs:
        assert brief.status == Article.Status.READY, brief.error_message
        assert brief.text.startswith("Mayor Elena Marsh said") and count_words(brief.text) == count_words(BRIEF)
        assert brief.summary.startswith("Mayor Elena Marsh said")
        assert brief.features and brief.story_id is not None
    # The two briefs are one event told twice: story clustering copes with their few words.
    assert briefs[0].story_id == briefs[1].story_id
    assert ArticleAnalysis.objects.get(article=briefs[0]).status == ArticleAnalysis.Status.DONE
    assert Entity.objects.filter(name="Elena Marsh").exists()
    html = client.get(briefs[0].get_absolute_url()).content.decode()
    assert HEADLINE in html and "the late crossing returns" in html

    for path, sign in [
        ("/tag/ferries/", "a listing address (/tag/)"),
        ("/local/", "listing metadata (og:type website, CollectionPage)"),
        ("/local/latest", "teaser links (3 <article> teasers)"),
    ]:
        skipped = by_path[path]
        assert skipped.status == Article.Status.SKIPPED, path
        assert skipped.error_reason == "too_short"
        assert "words of text, and the page looks like a listing: " in skipped.error_message
        assert sign in skipped.error_message, skipped.error_message
        assert skipped.error_message.endswith("a page like this needs 50")


def test_a_brief_in_a_feed_of_full_texts_is_published_from_the_feed(http_server):
    """A feed's own text of 30 words, with the feed's date and headline, is the article: no page is fetched."""
    url = http_server.url("/news/2026/05/12/harbour-council-approves-ferry-timetable")
    item = (
        f"<item><title>{HEADLINE}</title><link>{url}</link><pubDate>{format_datetime(PUBLISHED)}</pubDate>"
        f"<content:encoded><![CDATA[<p>{BRIEF}</p>]]></content:encoded></item>"
    )
    feed = (
        '<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>Gazette</title>{item}</channel></rss>"
    )
    http_server.route("/feed.xml", feed, content_type="application/rss+xml")
    Source.objects.create(url=http_server.url("/feed.xml"), content_mode=Source.ContentMode.FEED)

    call_command("ingest", "--once")

    article = Article.objects.get()
    assert article.status == Article.Status.READY and article.text == BRIEF
    assert [r.path for r in http_server.requests if r.path.startswith("/news/")] == []
