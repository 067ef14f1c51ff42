from django.urls import path

from newsdesk.comments import views

app_name = "comments"
urlpatterns = [
    path("post/<uuid:article_id>/", views.post_comment, name="post"),
]
