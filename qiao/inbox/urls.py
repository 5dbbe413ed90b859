from django.urls import path

from qiao.inbox import views

app_name = "inbox"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("read/", views.mark_all_read, name="mark_all_read"),
    path("<int:pk>/open/", views.open_notification, name="open_notification"),
    path("preferences/", views.preferences, name="preferences"),
]
