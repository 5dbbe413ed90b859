from django.urls import path

from qiao.market import views

app_name = "market"
urlpatterns = [
    path("", views.listing_list, name="listing_list"),
    path("export.xlsx", views.listing_export, name="listing_export"),
    path("new/<str:kind>/", views.listing_create, name="listing_create"),
    path("new/<str:kind>/completeness/", views.listing_completeness, name="listing_completeness"),
    path("<int:pk>/", views.listing_detail, name="listing_detail"),
    path("<int:pk>/edit/", views.listing_edit, name="listing_edit"),
    path("<int:pk>/status/", views.listing_status, name="listing_status"),
    path("<int:pk>/nda/", views.listing_accept_nda, name="listing_accept_nda"),
    path(
        "nda-signatories/<int:organisation_pk>/",
        views.nda_signatories,
        name="nda_signatories",
    ),
    path(
        "<int:pk>/disclosures/<int:disclosure_pk>/",
        views.disclosure_decide,
        name="disclosure_decide",
    ),
]
