from django.urls import path

from qiao.intel import views

app_name = "intel"
urlpatterns = [
    path("", views.article_list, name="article_list"),
    path("ingest/", views.article_ingest, name="article_ingest"),
    path("threshold/", views.threshold_set, name="threshold_set"),
    path("fetches/<int:pk>/", views.fetch_status, name="fetch_status"),
    path("<int:pk>/", views.article_review, name="article_review"),
    path("proposals/<int:pk>/", views.proposal_decide, name="proposal_decide"),
]
