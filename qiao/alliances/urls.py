from django.urls import path

from qiao.alliances import views

app_name = "alliances"

urlpatterns = [
    path("", views.membership_list, name="list"),
    path("<int:pk>/", views.membership_detail, name="membership"),
    path("<int:pk>/act/", views.membership_act, name="act"),
    path("<int:pk>/certificate/", views.certificate, name="certificate"),
    path("<int:pk>/value/", views.value, name="value"),
]
