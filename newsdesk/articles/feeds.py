"""Our own RSS 2.0 and Atom feeds of the latest articles (``django.contrib.syndication``), and the base of every
other feed of articles (per source, story, entity, search).

Each item is our page for the article, with our summary, the outlet credited as its author and in an RSS
``<source>`` element, and the original's address; never the full text of an outlet that does not allow it.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape

from newsdesk.articles.models import Article

FEED_ITEMS = 50
FEED_DEFERRED = ("text", "features", "feed_summary", "cluster_evidence", "summary_sentences")


def newest(articles):
    """The feed's items from a queryset of articles: the newest published, without the large columns."""
    return articles.published().latest_first().select_related("source").defer(*FEED_DEFERRED)[:FEED_ITEMS]


class RssFeed(Rss201rev2Feed):
    """RSS 2.0 whose channel ``<description>`` is HTML, as every item's is: readers render both as HTML.

    django.contrib.syndication escapes each field for XML only, which is right for text (titles, authors) and
    for the HTML our item templates produce (escaped by the template, then for XML). The channel description
    is a plain string of ours holding an outlet's or a reader's name ("A & B <i>x</i>"), so it is escaped for
    HTML here, once, before the generator escapes it for XML. Atom's subtitle is text and is left alone.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.feed["description"]:
            self.feed["description"] = escape(self.feed["description"])


class CreditingRssFeed(RssFeed):
    """RSS 2.0 with ``<source url="...">Outlet</source>`` on each item: the outlet the article came from."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("source_name"):
            handler.addQuickElement("source", item["source_name"], {"url": item["source_url"]})


class LatestArticlesFeed(Feed):
    feed_type = CreditingRssFeed
    description_template = "articles/feed_item.html"

    def title(self):
        return f"{settings.NEWSDESK_SITE_NAME}: latest news"

    def link(self):
        return reverse("articles:front")

    def description(self):
        return "The latest articles, summarised, with a link to every original."

    def items(self):
        return newest(Article.objects)

    def item_title(self, article):
        return article.title

    def item_pubdate(self, article):
        return article.display_date

    def item_updateddate(self, article):
        return article.fetched_at or article.display_date

    def item_author_name(self, article):
        return str(article.source)

    def item_guid(self, article):
        return str(article.id)

    item_guid_is_permalink = False

    def item_extra_kwargs(self, article):
        return {"source_name": str(article.source), "source_url": article.source.public_url}


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed
    subtitle = LatestArticlesFeed.description
