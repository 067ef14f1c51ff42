"""Untrusted publication dates in a database from before they were set aside (the migrations' data steps),
and the admin filter that finds them."""

from __future__ import annotations

import importlib
from datetime import UTC, datetime, timedelta

import pytest
from django.apps import apps
from django.urls import reverse

from newsdesk.articles.models import Article
from newsdesk.stories.models import Story
from tests.comments.pages import parse, text

pytestmark = pytest.mark.django_db

settle_articles = importlib.import_module("newsdesk.articles.migrations.0006_claimed_published_at")
settle_stories = importlib.import_module("newsdesk.stories.migrations.0004_settle_story_dates")


@pytest.fixture
def old_rows(outlets, make_article, make_story, now):
    """Rows as an older desk stored them: the source's dates as given, 2099 and 1970 among them."""
    fetched = now - timedelta(hours=3)
    rows = {
        "future": make_article(
            "future",
            outlets[0],
            title="Dated 2099",
            fetched_at=fetched,
            discovered_at=fetched,
            published_at=datetime(2099, 1, 1, tzinfo=UTC),
        ),
        "epoch": make_article(
            "epoch",
            outlets[1],
            title="Dated 1970",
            fetched_at=fetched,
            discovered_at=fetched,
            published_at=datetime(1970, 1, 1, tzinfo=UTC),
        ),
        "fine": make_article("fine", outlets[2], hours_ago=4, title="Dated fairly", fetched_at=fetched),
        # Within a day of its fetch: a clock or time zone a little ahead, trusted.
        "ahead": make_article(
            "ahead",
            outlets[3],
            title="Dated a little ahead",
            fetched_at=fetched,
            discovered_at=fetched,
            published_at=fetched + timedelta(hours=20),
        ),
    }
    story = make_story(rows["epoch"], rows["fine"], rows["future"])
    fresh = make_story(
        make_article("fresh", outlets[0], hours_ago=0.5, title="Fresh report"),
        make_article("fresh-too", outlets[1], hours_ago=0.5, title="Fresh report, second outlet"),
    )
    return rows, story, fresh, fetched


def upgrade():
    settle_articles.settle_existing_dates(apps, None)
    settle_stories.resettle_stories(apps, None)


def test_upgrade_sets_aside_dates_a_source_cannot_mean(old_rows):
    rows, _, _, fetched = old_rows
    upgrade()
    for key, claimed in (("future", datetime(2099, 1, 1, tzinfo=UTC)), ("epoch", datetime(1970, 1, 1, tzinfo=UTC))):
        article = Article.objects.get(pk=rows[key].pk)
        assert article.claimed_published_at == claimed and article.published_at == fetched
    for key in ("fine", "ahead"):
        article = Article.objects.get(pk=rows[key].pk)
        assert article.claimed_published_at is None and article.published_at == rows[key].published_at


def test_upgrade_re_dates_and_re_ranks_the_stories_holding_them(client, old_rows):
    rows, story, fresh, fetched = old_rows
    assert story.updated_at.year == 2099 and story.first_published_at.year == 1970
    assert story.headline == "Dated 1970"  # the "first report" was the one claiming 1970
    # Ranked as if its newest article were published now (a date in the future counts as now).
    assert list(Story.objects.ranked().values_list("headline", flat=True)) == ["Dated 1970", "Fresh report"]
    upgrade()
    story.refresh_from_db()
    assert story.first_published_at == rows["fine"].published_at and story.updated_at == fetched
    assert story.headline == "Dated fairly"
    reference = Story.objects.get(pk=story.pk)
    reference.refresh_from_articles(save=False)  # what the desk itself computes from the settled articles
    assert (story.first_published_at, story.updated_at, story.headline) == (
        reference.first_published_at,
        reference.updated_at,
        reference.headline,
    )
    assert abs(story.rank_at - reference.rank_at) < timedelta(seconds=5)
    # Three outlets, newest three hours ago, against two of half an hour ago: the fresher story leads now.
    assert list(Story.objects.ranked().values_list("headline", flat=True)) == ["Fresh report", "Dated fairly"]


def test_the_article_list_filters_on_untrusted_dates(admin_client, old_rows):
    upgrade()
    url = reverse("admin:articles_article_changelist")

    def titles(**query):
        rows = parse(admin_client.get(url, query)).xpath("//table[@id='result_list']/tbody/tr/th")
        return sorted(text(row) for row in rows)

    assert titles(date_trust="untrusted") == ["Dated 1970", "Dated 2099"]
    assert "Dated 2099" not in titles(date_trust="trusted") and "Dated fairly" in titles(date_trust="trusted")
    change = parse(admin_client.get(reverse("admin:articles_article_change", args=[old_rows[0]["future"].pk])))
    assert "2099" in text(change.xpath("//div[contains(@class, 'field-claimed_published_at')]")[0])
