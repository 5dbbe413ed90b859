from django.urls import path

from qiao.home import views

app_name = "home"
urlpatterns = [
    path("site/", views.site_profile_edit, name="site_profile_edit"),
]
