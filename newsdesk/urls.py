from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from newsdesk.api.views import api
from newsdesk.web.sitemaps import SITEMAPS, NewsSitemap, robots_txt

admin.site.site_header = "newsdesk administration"
admin.site.site_title = "newsdesk admin"
# A database that is locked, full or gone answers 503 with Retry-After; never a traceback (web.views).
handler500 = "newsdesk.web.views.server_error"

urlpatterns = [
    path("robots.txt", robots_txt, name="robots-txt"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap-index",
    ),
    path("sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap-section"),
    path(
        "news-sitemap.xml",
        sitemap_views.sitemap,
        {"sitemaps": {"news": NewsSitemap}, "template_name": "sitemaps/news.xml"},
        name="sitemap-news",
    ),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("comments/", include("newsdesk.comments.urls")),
    path("source/", include("newsdesk.sources.urls")),
    path("story/", include("newsdesk.stories.urls")),
    path("entity/", include("newsdesk.entities.urls")),
    path("search/", include("newsdesk.search.urls")),
    path("", include("newsdesk.articles.urls")),
]
