from django.urls import path

from qiao.alliances import views, views_secretariat

app_name = "alliances"

urlpatterns = [
    path("", views.membership_list, name="list"),
    path("<int:pk>/", views.membership_detail, name="membership"),
    path("<int:pk>/act/", views.membership_act, name="act"),
    path("<int:pk>/certificate/", views.certificate, name="certificate"),
    path("<int:pk>/certificate.pdf", views.certificate_pdf, name="certificate_pdf"),
    path("<int:pk>/value/", views.value, name="value"),
    path("alliance/<int:alliance_id>/", views_secretariat.secretariat, name="secretariat"),
    path(
        "alliance/<int:alliance_id>/members.xlsx",
        views_secretariat.members_xlsx,
        name="members_xlsx",
    ),
    path(
        "alliance/<int:alliance_id>/vouchers/",
        views_secretariat.issue_vouchers,
        name="issue_vouchers",
    ),
    path("alliance/<int:alliance_id>/dues.xlsx", views_secretariat.dues_xlsx, name="dues_xlsx"),
    path("tiers/<int:pk>/edit/", views_secretariat.tier_edit, name="tier_edit"),
]
