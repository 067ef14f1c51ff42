from django.urls import path

from newsdesk.stories import views

app_name = "stories"
urlpatterns = [
    path("<uuid:pk>/", views.story_detail, name="detail-noslug"),
    path("<uuid:pk>/<str:slug>/", views.story_detail, name="detail"),
]
