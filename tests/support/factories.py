"""Fixtures that make outlets, articles and stories with the ORM (no ingest, no network), for any test."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from newsdesk.articles.models import Article, article_id_for
from newsdesk.sources.models import Source
from newsdesk.stories.models import Story, story_id_for
from newsdesk.stories.summarising import refresh_summaries


@pytest.fixture
def now():
    return timezone.now().replace(microsecond=0)


@pytest.fixture
def make_source(db):
    def make(name: str) -> Source:
        slug = name.lower().replace(" ", "-")
        return Source.objects.create(
            url=f"https://{slug}.example/feed.xml", site_url=f"https://{slug}.example/", title=name
        )

    return make


@pytest.fixture
def make_article(now):
    def make(key: str, source: Source, hours_ago: float = 1, title: str | None = None, **fields) -> Article:
        values = {
            "id": article_id_for(key),
            "url_key": key,
            "source": source,
            "url": f"{source.site_url}news/{key}",
            "title": title or f"Article {key}",
            "text": "First paragraph.\n\nSecond paragraph.",
            "status": Article.Status.READY,
            "summary": f"Summary of {key}.",
            "summary_sentences": [{"text": f"Summary of {key}.", "position": 0}],
            "published_at": now - timedelta(hours=hours_ago),
        }
        if "summary" in fields and "summary_sentences" not in fields:  # a summary of one sentence, the lead
            values["summary_sentences"] = [{"text": fields["summary"], "position": 0}]
        values.update(fields)
        return Article.objects.create(**values)

    return make


@pytest.fixture
def make_story():
    """A story of the given articles, created the way ingest does: ID from the first article, then refreshed,
    then summarised (ingest's ``summarise_after_commit``, run here at once: a test's transaction never commits)."""

    def make(*articles: Article) -> Story:
        first = min(articles, key=lambda a: a.display_date)
        story = Story.objects.create(id=story_id_for(first.id))
        Article.objects.filter(pk__in=[a.pk for a in articles]).update(story=story)
        story.refresh_from_articles()
        refresh_summaries([story])
        for article in articles:
            article.refresh_from_db()
        return story

    return make


@pytest.fixture
def outlets(make_source):
    return [make_source(name) for name in ("Harbour Gazette", "Metro Wire", "Valley Courier", "Northern Ledger")]
