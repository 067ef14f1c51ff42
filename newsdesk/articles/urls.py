from django.urls import path

from newsdesk.articles import feeds, views
from newsdesk.comments import feeds as comment_feeds
from newsdesk.web.front_page import front_page

app_name = "articles"
urlpatterns = [
    path("", front_page, name="front"),
    path("feed/", feeds.LatestArticlesFeed(), name="feed"),
    path("feed/atom/", feeds.LatestArticlesAtomFeed(), name="feed-atom"),
    path("article/<uuid:pk>/", views.article_detail, name="detail-noslug"),
    path("article/<uuid:pk>/comments/feed/", comment_feeds.ArticleCommentsFeed(), name="comments-feed"),
    path("article/<uuid:pk>/comments/feed/atom/", comment_feeds.ArticleCommentsAtomFeed(), name="comments-feed-atom"),
    path("article/<uuid:pk>/<str:slug>/", views.article_detail, name="detail"),
]
