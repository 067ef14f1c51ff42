from django.urls import path

from newsdesk.sources import feeds, views

app_name = "sources"
urlpatterns = [
    path("", views.source_list, name="list"),
    path("<int:pk>/", views.source_detail, name="detail"),
    path("<int:pk>/feed/", feeds.SourceArticlesFeed(), name="feed"),
    path("<int:pk>/feed/atom/", feeds.SourceArticlesAtomFeed(), name="feed-atom"),
]
