from django.urls import path

from qiao.pipeline import views

app_name = "pipeline"
urlpatterns = [
    path("introductions/<int:pk>/", views.introduction_detail, name="introduction_detail"),
    path(
        "matches/<int:match_pk>/introduce/", views.introduce_from_match, name="introduce_from_match"
    ),
]
