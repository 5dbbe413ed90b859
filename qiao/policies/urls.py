from django.urls import path

from qiao.policies import views

app_name = "policies"

urlpatterns = [
    path("", views.policy_list, name="list"),
    path("new/", views.policy_create, name="create"),
    path("import/", views.policy_import, name="import"),
    path("import/template.xlsx", views.import_template, name="import_template"),
    path("export.xlsx", views.policy_export, name="export"),
    path("insights/", views.policy_insights, name="insights"),
    path("insights.xlsx", views.policy_insights_export, name="insights_export"),
    path("<int:pk>/", views.policy_detail, name="detail"),
    path("<int:pk>/edit/", views.policy_edit, name="edit"),
    path("<int:pk>/criteria/", views.policy_criteria, name="criteria"),
    path("<int:pk>/status/", views.policy_status, name="status"),
    path("<int:pk>/apply/<int:org>/", views.application_record, name="application"),
    path("firm/<int:org>/", views.firm_policies, name="firm"),
    path("firm/<int:org>/flags/", views.firm_flag, name="firm_flag"),
    path("feeds/<str:token>.ics", views.deadlines_feed, name="feed"),
]
