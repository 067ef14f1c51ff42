from django.urls import path

from newsdesk.search import feeds, views

app_name = "search"
urlpatterns = [
    path("", views.search_page, name="page"),
    path("feed/", feeds.SearchFeed(), name="feed"),
    path("feed/atom/", feeds.SearchAtomFeed(), name="feed-atom"),
]
