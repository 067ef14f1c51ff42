"""`newsdesk demo` ingests the bundled newsroom offline, through the same fetcher and pipeline as real feeds."""

import pytest
from django.core.management import call_command
from django.utils.html import escape

from newsdesk.articles.models import Article
from newsdesk.demo.transport import load_outlets
from newsdesk.sources.models import Source

pytestmark = pytest.mark.django_db


def test_demo_loads_every_outlet_and_publishes_every_article(client, settings):
    settings.NEWSDESK_ALLOW_PRIVATE_NETWORKS = False  # the demo must not need loopback access
    call_command("demo", "--no-serve")

    outlets = load_outlets()
    assert Source.objects.count() == len(outlets)
    assert all(s.health == Source.Health.OK for s in Source.objects.all())
    assert Article.objects.exclude(status=Article.Status.READY).count() == 0
    assert Article.objects.count() >= 15

    front = client.get("/").content.decode()
    for article in Article.objects.select_related("story"):
        # Every article is a click away: listed on the front page, or in a story the front page lists.
        if article.story is None:
            assert escape(article.title) in front
        else:
            assert article.story.get_absolute_url() in front
            assert escape(article.title) in client.get(article.story.get_absolute_url()).content.decode()
        page = client.get(article.get_absolute_url())
        assert page.status_code == 200
        assert "Original Source:" in page.content.decode()
    for outlet in outlets:
        source = Source.objects.get(url=outlet.feed_url)
        assert source.republish_full_text == outlet.republish_full_text


def test_running_the_demo_twice_adds_nothing_twice():
    call_command("demo", "--no-serve")
    counts = (Source.objects.count(), Article.objects.count())
    call_command("demo", "--no-serve")
    assert (Source.objects.count(), Article.objects.count()) == counts
