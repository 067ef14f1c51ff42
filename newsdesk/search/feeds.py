"""RSS 2.0 and Atom for a search: ``/search/feed/?q=...`` and ``/search/feed/atom/?q=...``.

A feed takes the page's parameters and lists the newest matches first (``sort=relevance`` asks for the best
ones), each with its highlighted snippet, built from escaped text like the page's.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.exceptions import BadRequest
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from newsdesk.articles.feeds import RssFeed
from newsdesk.search.backends import get_backend
from newsdesk.search.backends.base import FilterUnavailable, InvalidCursor, Order
from newsdesk.search.forms import SearchForm
from newsdesk.search.results import Result, with_objects

FEED_ITEMS = 50


class SearchFeed(Feed):
    feed_type = RssFeed  # the channel description holds the query: escaped for HTML once (see RssFeed)

    def get_object(self, request):
        form = SearchForm(request.GET, default_order=Order.DATE)
        if not form.is_valid():  # a filter out of range: the same reasons the search page shows
            raise BadRequest(" ".join(error for errors in form.errors.values() for error in errors))
        if form.parsed_query.is_empty:
            raise Http404("A search feed needs a query: /search/feed/?q=words")
        return form

    def title(self, form):
        return f"{settings.NEWSDESK_SITE_NAME}: search for {form.parsed_query}"

    def link(self, form):
        params = form.data.copy()
        params.pop("cursor", None)
        return f"{reverse('search:page')}?{params.urlencode()}"

    def description(self, form):
        return f"Articles and stories matching {form.parsed_query}, newest first."

    def items(self, form) -> list[Result]:
        try:
            page = get_backend().search(
                form.parsed_query, form.filters, order=form.order, limit=FEED_ITEMS, with_total=False
            )
        except (InvalidCursor, FilterUnavailable) as exc:
            raise Http404(str(exc)) from None
        return with_objects(page.hits)

    def item_title(self, result: Result):
        prefix = "Story: " if result.story is not None else ""
        return prefix + result.hit.title

    def item_link(self, result: Result):
        return result.url

    def item_description(self, result: Result):
        return result.hit.snippet_html  # escaped text with <mark> around the matches

    def item_pubdate(self, result: Result):
        return result.hit.dated

    def item_author_name(self, result: Result):
        return str(result.article.source) if result.article is not None else None

    def item_guid(self, result: Result):
        return str(result.obj.pk)

    item_guid_is_permalink = False


class SearchAtomFeed(SearchFeed):
    feed_type = Atom1Feed
    subtitle = SearchFeed.description
