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
    path("statistics/", views.statistics, name="statistics"),
    path("statistics/export.xlsx", views.statistics, {"export": True}, name="statistics_export"),
    path("regions/", views.regions, name="regions"),
    path("regions/export.xlsx", views.regions, {"export": True}, name="regions_export"),
    path("chain/", views.chain, name="chain"),
    path("chain/export.xlsx", views.chain, {"export": True}, name="chain_export"),
    path("attraction/", views.attraction, name="attraction"),
    path("attraction/export.xlsx", views.attraction, {"export": True}, name="attraction_export"),
]
