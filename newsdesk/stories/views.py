from __future__ import annotations

from django.shortcuts import get_object_or_404, redirect, render

from newsdesk.stories import coverage
from newsdesk.stories.models import Story


def story_detail(request, pk, slug=None):
    story = get_object_or_404(Story.objects.filter(article_count__gt=0), pk=pk)
    if slug != story.slug:
        # One address per story: an old or missing slug (the headline changed) redirects.
        return redirect(story, permanent=True)
    articles = list(story.articles.published().select_related("source").defer("text", "features", "feed_summary"))
    entries = coverage.grouped(articles)
    unit, buckets = coverage.timeline(articles)
    return render(request, "stories/story_detail.html", {
        "story": story,
        "entries": entries,
        "first": entries[0].article if entries else None,
        "summary_article": next((a for a in articles if a.pk == story.summary_article_id), None),
        "timeline_unit": unit,
        "timeline": buckets,
        "related": story.related(),
    })
