from django.urls import path

from qiao.matching import views

app_name = "matching"
urlpatterns = [
    path("listings/<int:pk>/", views.listing_matches, name="listing_matches"),
    path("matches/<int:pk>/feedback/", views.match_feedback, name="match_feedback"),
]
