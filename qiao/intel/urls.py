from django.urls import path

from qiao.intel import views, views_review

app_name = "intel"
urlpatterns = [
    path("", views.article_list, name="article_list"),
    path("ingest/", views.article_ingest, name="article_ingest"),
    path("threshold/", views.threshold_set, name="threshold_set"),
    path("fetches/<int:pk>/", views.fetch_status, name="fetch_status"),
    path("<int:pk>/", views_review.article_review, name="article_review"),
    path("<int:pk>/organisations/", views_review.organisation_add, name="organisation_add"),
    path("proposals/<int:pk>/", views_review.proposal_decide, name="proposal_decide"),
    path("lookup/", views_review.organisation_lookup, name="organisation_lookup"),
]
