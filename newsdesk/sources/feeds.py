"""RSS 2.0 and Atom feeds of one source's articles, on our pages: the latest-articles feed narrowed to a source.

A web edge of the sources app, like its views: it shows a source's articles, so it builds on the articles app
(``articles.feeds``) while nothing below it, in sources or articles, knows it exists.
"""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed

from newsdesk.articles.feeds import LatestArticlesFeed, newest
from newsdesk.sources.models import Source


class SourceArticlesFeed(LatestArticlesFeed):
    def get_object(self, request, pk):
        return get_object_or_404(Source, pk=pk)

    def title(self, source):
        return f"{source}: articles on {settings.NEWSDESK_SITE_NAME}"

    def link(self, source):
        return source.get_absolute_url()

    def description(self, source):
        return f"Summaries of {source}'s articles, each linking to the original."

    def items(self, source):
        return newest(source.articles)


class SourceArticlesAtomFeed(SourceArticlesFeed):
    feed_type = Atom1Feed
    subtitle = SourceArticlesFeed.description
