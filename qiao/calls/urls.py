from django.urls import path

from qiao.calls import views

app_name = "calls"

urlpatterns = [
    path("", views.call_list, name="list"),
    path("new/", views.call_create, name="create"),
    path("<int:pk>/", views.call_detail, name="call"),
    path("<int:pk>/phase/", views.call_phase, name="phase"),
    path("<int:pk>/propose/", views.call_propose, name="propose"),
    path("<int:pk>/ranking.xlsx", views.call_ranking_xlsx, name="ranking_xlsx"),
    path("<int:pk>/apply/", views.application_apply, name="apply"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("applications/<int:pk>/decide/", views.application_decide, name="decide"),
    path("reviews/", views.my_reviews, name="my_reviews"),
    path("reviews/<int:pk>/", views.review, name="review"),
]
