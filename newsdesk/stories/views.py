from __future__ import annotations

from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string

from newsdesk.stories import coverage, summarising
from newsdesk.stories.models import Story, surviving_story
from newsdesk.web import page_stamps, pagecache


def story_detail(request, pk, slug=None):
    """One story. Anonymous readers get the stored page while its stamp matches (see ``web.pagecache``): one
    query, which also loads the story when the page must be rendered afresh."""
    key = f"page:story:{pk}"
    shareable = pagecache.shareable(request)
    stamp, story = (page_stamps.story(pk) or (None, None)) if shareable else (None, None)
    stored = pagecache.lookup(key, stamp) if stamp else None
    if stored is None:
        if story is None:
            story = Story.objects.filter(article_count__gt=0, pk=pk).first()
            if story is None:
                return redirect(_merged_away(pk), permanent=True)
        if slug != story.slug:
            # One address per story: an old or missing slug (the headline changed) redirects.
            return redirect(story, permanent=True)
        context = _story_context(story)
        if not shareable:
            return render(request, "stories/story_detail.html", context)
        html = render_to_string("stories/story_detail.html", context, request)
        stored = pagecache.store(key, pagecache.StoredPage(stamp, html, story.get_absolute_url(), story.updated_at))
    elif not stored.url.endswith(f"/{slug}/"):
        return redirect(stored.url, permanent=True)
    return pagecache.answer(request, stored)


def _merged_away(pk) -> Story:
    """The story a story merged away lives on in (its old address redirects there), or not found."""
    survivor = surviving_story(pk)
    if survivor is None:
        raise Http404("No such story.")
    return survivor


def _story_context(story: Story) -> dict:
    articles = list(story.articles.published().select_related("source").defer("text", "features", "feed_summary"))
    entries = coverage.grouped(articles)
    unit, buckets = coverage.timeline(articles)
    return {
        "story": story,
        "entries": entries,
        "first": entries[0].article if entries else None,
        "summary": summarising.cited_sentences(story, entries),
        "timeline_unit": unit,
        "timeline": buckets,
        "related": story.related(),
    }
