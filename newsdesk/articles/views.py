from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import F, Max, Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.functional import cached_property
from django.utils.http import http_date

from newsdesk.articles.models import Article
from newsdesk.comments import spam
from newsdesk.comments.models import approved_comment_count
from newsdesk.core import page_stamps, pagecache
from newsdesk.stories.models import Story

ARTICLES_PER_PAGE = 30
STORIES_PER_PAGE = 20
STORY_COUNT_SECONDS = 300
COVERAGE_LINKS = 3  # articles named under each story on the front page, first reported first
# Columns a list of articles never shows: the body and the clusterer's features can be large.
LIST_DEFERRED = ("text", "features", "feed_summary", "cluster_evidence")
NOT_ON_THE_PAGE = ("features", "feed_summary", "cluster_evidence")  # of an article page


class StoryPaginator(Paginator):
    """Pages of ranked stories, with their count kept for ``STORY_COUNT_SECONDS``.

    Counting the stories is a scan of the whole table (0.7 s at a million articles on SQLite) and only gives
    "Page 1 of N" and the last page's number; a count a few minutes old does for both.
    """

    @cached_property
    def count(self) -> int:
        if settings.NEWSDESK_PAGE_CACHE_SECONDS <= 0:
            return super().count
        return cache.get_or_set("count:ranked-stories", lambda: Paginator.count.func(self), STORY_COUNT_SECONDS)

    def page(self, number):
        # A full page whatever the kept count says: Django's Paginator cuts the page at ``count``, so a count
        # kept from before the first stories (0) would hide them all for minutes.
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        return self._get_page(self.object_list[bottom : bottom + self.per_page], number, self)


def front_page(request):
    """Stories ranked by recency and breadth; then, on the first page, the articles not in a story yet.

    An anonymous reader's front page is answered from the stored copy, with no query, until an article, story
    or comment changes or ``NEWSDESK_PAGE_CACHE_SECONDS`` pass; see ``core.pagecache``.
    """
    if not pagecache.shareable(request):
        html, last_modified = _front_page_html(request)
    else:
        html, last_modified = pagecache.get_or_render(
            # The page number as a digest: a reader's ?page= may hold a NUL or a thousand digits, which some
            # cache servers refuse in a key (memcached: control characters, over 250 bytes).
            pagecache.listing_key(f"front:{pagecache.fingerprint(request.GET.get('page', ''))}"),
            lambda: _front_page_html(request),
        )
    response = HttpResponse(html)
    if last_modified:
        response["Last-Modified"] = http_date(last_modified.timestamp())
    return response


def _front_page_html(request):
    """The page and its newest change. Four queries whatever the page holds: the story count, the page of
    stories, their first articles (one windowed prefetch) and the storyless articles with their comment counts.
    """
    first_articles = (
        Article.objects.published()
        .filter(duplicate_of=None)
        .select_related("source")
        .defer(*LIST_DEFERRED)
        .order_by(F("published_at").asc(nulls_last=True), "discovered_at")
    )
    stories = Story.objects.ranked().prefetch_related(
        Prefetch("articles", queryset=first_articles[:COVERAGE_LINKS], to_attr="first_articles")
    )
    page = StoryPaginator(stories, STORIES_PER_PAGE).get_page(request.GET.get("page"))
    loose = []
    if page.number == 1:
        loose = (
            Article.objects.published()
            .filter(story=None)
            .latest_first()
            .select_related("source")
            .defer(*LIST_DEFERRED)
            .annotate(approved_comment_count=approved_comment_count())
        )
        loose = list(loose[:ARTICLES_PER_PAGE])
    html = render_to_string(
        "articles/front_page.html",
        {
            "page": page,
            "loose_articles": loose,
            "articles_per_page": ARTICLES_PER_PAGE,
        },
        request,
    )
    changes = [s.updated_at for s in page.object_list] + [a.discovered_at for a in loose]
    return html, max((d for d in changes if d), default=None)


def article_detail(request, pk, slug=None):
    """One article. Anonymous readers get the stored rendering, a public answer (``core.pagecache``).

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
