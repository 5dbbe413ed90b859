from django.urls import path

from qiao.servicedesk import views

app_name = "servicedesk"

urlpatterns = [
    path("", views.request_list, name="list"),
    path("new/<int:org>/", views.request_create, name="create"),
    path("<int:pk>/", views.request_detail, name="detail"),
    path("<int:pk>/act/", views.request_act, name="act"),
    path("<int:pk>/files/<int:attachment_pk>/", views.attachment_download, name="attachment"),
    path("insights/", views.request_insights, name="insights"),
    path("export.xlsx", views.request_export, name="export"),
]
