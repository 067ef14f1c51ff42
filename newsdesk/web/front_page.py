"""The front page: stories ranked by recency and breadth, each with its first articles; then, on the first
page, the articles not in a story yet, with their comment counts.

It is built of stories, articles and comments, so it lives above all three, in the reader's website.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import F, Prefetch
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.functional import cached_property
from django.utils.http import http_date

from newsdesk.articles.models import Article
from newsdesk.articles.views import ARTICLES_PER_PAGE
from newsdesk.comments.models import approved_comment_count
from newsdesk.stories.models import Story
from newsdesk.web import pagecache

STORIES_PER_PAGE = 20
STORY_COUNT_SECONDS = 300
COVERAGE_LINKS = 3  # articles named under each story on the front page, first reported first
# Columns a list of articles never shows: the body and the clusterer's features can be large.
LIST_DEFERRED = ("text", "features", "feed_summary", "cluster_evidence")


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
    or comment changes or ``NEWSDESK_PAGE_CACHE_SECONDS`` pass; see ``web.pagecache``.
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
        "web/front_page.html",
        {
            "page": page,
            "loose_articles": loose,
            "articles_per_page": ARTICLES_PER_PAGE,
        },
        request,
    )
    changes = [s.updated_at for s in page.object_list] + [a.discovered_at for a in loose]
    return html, max((d for d in changes if d), default=None)
