from django.urls import path

from qiao.insights import views

app_name = "insights"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export.xlsx", views.dashboard, {"export": True}, name="dashboard_export"),
    path("agreements/", views.agreements, name="agreements"),
    path("agreements/export.xlsx", views.agreements, {"export": True}, name="agreements_export"),
    path("brokers/", views.brokers, name="brokers"),
    path("brokers/export.xlsx", views.brokers, {"export": True}, name="brokers_export"),
    path("network/", views.network, name="network"),
    path("network/export.xlsx", views.network, {"export": True}, name="network_export"),
]
