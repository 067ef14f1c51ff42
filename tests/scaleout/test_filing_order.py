"""One process files as the workers do: after the drain, every stored article at once in publication order,
whether it came from a fetched page or from a feed's own full text (so the two modes give one set of
stories)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from newsdesk.articles.models import Article
from newsdesk.ingest.runner import ingest_once
from newsdesk.sources.models import Source
from tests.ingest.test_polling import rss_items

pytestmark = pytest.mark.django_db


def test_an_article_from_a_feed_is_filed_in_publication_order_with_the_fetched_ones(http_server):
    now = timezone.now()
    text = "".join(
        f"<p>{paragraph}</p>"
        for paragraph in [
            "The harbour council voted on Tuesday to rebuild the old quay before the winter storms.",
            "Fishing crews had asked for the work for years, after two boats were damaged at their moorings.",
            "The plan costs four million pounds and the council says the work will take eighteen months.",
            "Engineers will start with the north wall, where the damage is worst, and close it to boats.",
            "The harbour master said the fleet would move to the east basin while the wall is rebuilt.",
            "Residents will be able to comment on the plan at a meeting in the town hall next month.",
        ]
    )
    # The page is the earlier publication, the feed's copy of the same text the later one; the feed is
    # polled, and its copy stored, before the page is fetched.
    http_server.route(
        "/copy.xml",
        rss_items(
            [
                (
                    "Quay rebuild approved",
                    http_server.url("/copy.html"),
                    now - timedelta(hours=1),
                    f"<content:encoded><![CDATA[{text}]]></content:encoded>",
                )
            ]
        ),
        content_type="application/rss+xml",
    )
    http_server.route(
        "/first.xml",
        rss_items([("Quay to be rebuilt", http_server.url("/first.html"), now - timedelta(hours=3), "")]),
        content_type="application/rss+xml",
    )
    http_server.route(
        "/first.html",
        f"<html><head><title>Quay to be rebuilt</title></head><body><article>"
        f"<h1>Quay to be rebuilt</h1>{text}</article></body></html>",
    )
    Source.objects.create(url=http_server.url("/copy.xml"), content_mode=Source.ContentMode.FEED)
    Source.objects.create(url=http_server.url("/first.xml"), content_mode=Source.ContentMode.PAGE)
    report = ingest_once()
    assert report.outcomes["from feed"] == 1 and report.outcomes["stored"] == 1
    first = Article.objects.get(url=http_server.url("/first.html"))
    copy = Article.objects.get(url=http_server.url("/copy.html"))
    assert copy.duplicate_of_id == first.pk  # the earlier publication is the original
    assert copy.story_id == first.story_id is not None
