"""sitemap.xml (``django.contrib.sitemaps``) for articles, stories and sources, a Google News sitemap of the
last 48 hours, and the robots.txt that points crawlers at them."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from newsdesk.articles.models import Article
from newsdesk.sources.models import Source
from newsdesk.stories.models import Story

NEWS_WINDOW = timedelta(hours=48)  # Google News sitemaps list only the last two days
NEWS_MAX_URLS = 1000


class ArticleSitemap(Sitemap):
    limit = 5000

    def items(self):
        return (
            Article.objects.published()
            .only("id", "title", "fetched_at", "published_at", "discovered_at")
            .order_by("-published_at", "pk")
        )

    def lastmod(self, article):
        return article.fetched_at or article.display_date

    def get_latest_lastmod(self):
        # For sitemap.xml's index. Django's default calls lastmod() on every item: a million rows (17 s) at a
        # million articles. The newest-discovered article's fetch time instead (one indexed row); an old article
        # fetched again later is not seen here, only in its own sitemap page.
        newest = (
            Article.objects.published()
            .order_by("-discovered_at")
            .only("fetched_at", "published_at", "discovered_at")
            .first()
        )
        return self.lastmod(newest) if newest else None


class StorySitemap(Sitemap):
    limit = 5000

    def items(self):
        return (
            Story.objects.filter(article_count__gt=0).only("id", "headline", "updated_at").order_by("-updated_at", "pk")
        )

    def lastmod(self, story):
        return story.updated_at

    def get_latest_lastmod(self):
        return Story.objects.filter(article_count__gt=0).aggregate(newest=Max("updated_at"))["newest"]


class SourceSitemap(Sitemap):
    def items(self):
        return Source.objects.filter(is_active=True).only("id").order_by("pk")


class NewsSitemap(ArticleSitemap):
    """Articles published in the last 48 hours, with news:publication data (rendered by sitemaps/news.xml)."""

    limit = NEWS_MAX_URLS

    def items(self):
        since = timezone.now() - NEWS_WINDOW
        return (
            Article.objects.published()
            .filter(published_at__gte=since)
            .select_related("source")
            .only(
                "id",
                "title",
                "language",
                "published_at",
                "fetched_at",
                "source__title",
                "source__url",
                "source__site_url",
            )
            .order_by("-published_at")[:NEWS_MAX_URLS]
        )


SITEMAPS = {"articles": ArticleSitemap, "stories": StorySitemap, "sources": SourceSitemap}


@require_GET
def robots_txt(request):
    base = f"{request.scheme}://{request.get_host()}"
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /comments/",
        f"Sitemap: {base}{reverse('sitemap-index')}",
        f"Sitemap: {base}{reverse('sitemap-news')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
