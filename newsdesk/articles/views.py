from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import F, Prefetch
from django.shortcuts import get_object_or_404, redirect, render

from newsdesk.articles.models import Article
from newsdesk.comments.models import approved_comment_count
from newsdesk.stories.models import Story

ARTICLES_PER_PAGE = 30
STORIES_PER_PAGE = 20
COVERAGE_LINKS = 3  # articles named under each story on the front page, first reported first
# Columns a list of articles never shows: the body and the clusterer's features can be large.
LIST_DEFERRED = ("text", "features", "feed_summary", "cluster_evidence")


def front_page(request):
    """Stories ranked by recency and breadth; then, on the first page, the articles not in a story yet.

    Four queries whatever the page holds: the story count, the page of stories, their first articles
    (one windowed prefetch) and the storyless articles with their comment counts.
    """
    first_articles = (Article.objects.published().filter(duplicate_of=None).select_related("source")
                      .defer(*LIST_DEFERRED).order_by(F("published_at").asc(nulls_last=True), "discovered_at"))
    stories = Story.objects.ranked().prefetch_related(
        Prefetch("articles", queryset=first_articles[:COVERAGE_LINKS], to_attr="first_articles"))
    page = Paginator(stories, STORIES_PER_PAGE).get_page(request.GET.get("page"))
    loose = []
    if page.number == 1:
        loose = (Article.objects.published().filter(story=None).latest_first().select_related("source")
                 .defer(*LIST_DEFERRED).annotate(approved_comment_count=approved_comment_count()))
        loose = loose[:ARTICLES_PER_PAGE]
    return render(request, "articles/front_page.html", {
        "page": page, "loose_articles": loose, "articles_per_page": ARTICLES_PER_PAGE,
    })


def article_detail(request, pk, slug=None):
    articles = Article.objects.published().select_related("source", "story").defer("features")
    article = get_object_or_404(articles, pk=pk)
    if slug != article.slug:
        # One address per article: an old or missing slug (e.g. after a headline fix) redirects.
        return redirect(article, permanent=True)
    return render(request, "articles/article_detail.html", {"article": article})
