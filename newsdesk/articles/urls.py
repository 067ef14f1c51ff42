from django.urls import path

from newsdesk.articles import views

app_name = "articles"
urlpatterns = [
    path("", views.front_page, name="front"),
    path("article/<uuid:pk>/", views.article_detail, name="detail-noslug"),
    path("article/<uuid:pk>/<str:slug>/", views.article_detail, name="detail"),
]
