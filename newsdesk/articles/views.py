from __future__ import annotations

from django.db.models import Max
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string

from newsdesk.articles.models import Article
from newsdesk.comments import spam
from newsdesk.web import page_stamps, pagecache

ARTICLES_PER_PAGE = 30  # of a list of articles: the front page's articles not in a story, a source's page
NOT_ON_THE_PAGE = ("features", "feed_summary", "cluster_evidence")  # of an article page


def article_detail(request, pk, slug=None):
    """One article. Anonymous readers get the stored rendering, a public answer (``web.pagecache``).

    A stored page costs one query (its stamp: the article, outlet, story figures and approved comments'
    count); rendering adds the article with its outlet and story, and the comments.
    """
    key = f"page:article:{pk}"
    shareable = pagecache.shareable(request)
    stamp = page_stamps.article(pk) if shareable else None
    stored = pagecache.lookup(key, stamp) if stamp else None
    if stored is None:
        articles = Article.objects.published().select_related("source", "story").defer(*NOT_ON_THE_PAGE)
        article = get_object_or_404(articles, pk=pk)
        if slug != article.slug:
            # One address per article: an old or missing slug (e.g. after a headline fix) redirects.
            return redirect(article, permanent=True)
        if not shareable:
            return render(request, "articles/article_detail.html", {"article": article})
        html = render_to_string(
            "articles/article_detail.html", {"article": article, **pagecache.PLACEHOLDER_CONTEXT}, request
        )
        stored = pagecache.store(
            key, pagecache.StoredPage(stamp, html, article.get_absolute_url(), _last_change(article))
        )
    elif not stored.url.endswith(f"/{slug}/"):
        return redirect(stored.url, permanent=True)
    return pagecache.answer(request, stored, spam.issue_token(pk))


def _last_change(article):
    """When the page last changed: the article fetched, a comment approved, or its story grew."""
    newest_comment = article.comments.approved().aggregate(newest=Max("approved_at"))["newest"]
    story = article.story
    return max(d for d in (article.fetched_at, article.discovered_at, newest_comment, story and story.updated_at) if d)
