from django.urls import path

from qiao.attraction import views

app_name = "attraction"

urlpatterns = [
    path("", views.lead_list, name="lead_list"),
    path("leads/<int:pk>/", views.lead_detail, name="lead_detail"),
    path("weekly/", views.weekly_report, name="weekly_report"),
]
