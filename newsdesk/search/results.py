"""Hits with the articles and stories they stand for, loaded in two queries for a page, feed or API answer."""

from __future__ import annotations

from dataclasses import dataclass

from newsdesk.articles.models import Article
from newsdesk.search.backends.base import Hit
from newsdesk.stories.models import Story

# Columns a result never shows.
ARTICLE_DEFERRED = ("text", "features", "feed_summary", "cluster_evidence")


@dataclass(frozen=True)
class Result:
    hit: Hit
    article: Article | None = None
    story: Story | None = None

    @property
    def obj(self):
        return self.article or self.story

    @property
    def url(self) -> str:
        return self.obj.get_absolute_url()


def with_objects(hits: list[Hit]) -> list[Result]:
    article_ids = [h.article_id for h in hits if h.article_id]
    story_ids = [h.story_id for h in hits if h.story_id]
    # By primary key alone: with "status = ready" in the query too, SQLite may walk the status index instead.
    articles = (
        (Article.objects.select_related("source").defer(*ARTICLE_DEFERRED).in_bulk(article_ids)) if article_ids else {}
    )
    articles = {pk: a for pk, a in articles.items() if a.status == Article.Status.READY}
    stories = Story.objects.in_bulk(story_ids) if story_ids else {}
    results = []
    for hit in hits:
        article, story = articles.get(hit.article_id), stories.get(hit.story_id)
        if article is not None or story is not None:  # skip what was removed since it was indexed
            results.append(Result(hit=hit, article=article, story=story))
    return results
