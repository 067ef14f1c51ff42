from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "newsdesk administration"
admin.site.site_title = "newsdesk admin"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("comments/", include("newsdesk.comments.urls")),
    path("source/", include("newsdesk.sources.urls")),
    path("story/", include("newsdesk.stories.urls")),
    path("", include("newsdesk.articles.urls")),
]
