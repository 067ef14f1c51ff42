from django.urls import path

from newsdesk.entities import feeds, views

app_name = "entities"
urlpatterns = [
    path("<uuid:pk>/", views.entity_detail, name="detail-noslug"),
    path("<uuid:pk>/feed/", feeds.EntityFeed(), name="feed"),
    path("<uuid:pk>/feed/atom/", feeds.EntityAtomFeed(), name="feed-atom"),
    path("<uuid:pk>/<str:slug>/", views.entity_detail, name="detail"),
]
