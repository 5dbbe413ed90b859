from django.urls import path

from qiao.reporting import views

app_name = "reporting"

urlpatterns = [
    path("", views.campaign_list, name="campaign_list"),
    path("indicators/", views.indicator_list, name="indicator_list"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/export.xlsx", views.campaign_export, name="campaign_export"),
    path("campaigns/<int:pk>/report/", views.campaign_report, name="campaign_report"),
    path("campaigns/<int:pk>/report.pdf", views.campaign_report_pdf, name="campaign_report_pdf"),
    path("forms/<int:pk>/", views.submission_detail, name="submission_detail"),
]
