from django.urls import path

from newsdesk.stories import feeds, views

app_name = "stories"
urlpatterns = [
    path("<uuid:pk>/", views.story_detail, name="detail-noslug"),
    path("<uuid:pk>/feed/", feeds.StoryFeed(), name="feed"),
    path("<uuid:pk>/feed/atom/", feeds.StoryAtomFeed(), name="feed-atom"),
    path("<uuid:pk>/<str:slug>/", views.story_detail, name="detail"),
]
