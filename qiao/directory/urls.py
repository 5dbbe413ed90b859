from django.urls import path

from qiao.directory import views, views_excel

app_name = "directory"
urlpatterns = [
    path("", views.organisation_list, name="organisation_list"),
    path("organisations/new/", views.organisation_create, name="organisation_create"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("organisations/<int:pk>/edit/", views.organisation_edit, name="organisation_edit"),
    path("organisations/<int:pk>/invite/", views.organisation_invite, name="organisation_invite"),
    path(
        "organisations/<int:pk>/investor-focus/",
        views.organisation_investor_focus,
        name="organisation_investor_focus",
    ),
    path("people/", views.person_list, name="person_list"),
    path("people/new/", views.person_create, name="person_create"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("import/", views_excel.import_workbook, name="import"),
    path("import/<int:pk>/", views_excel.import_job, name="import_job"),
    path("import/template.xlsx", views_excel.import_template, name="import_template"),
    path(
        "export/organisations.xlsx", views_excel.export_organisations, name="export_organisations"
    ),
    path("export/people.xlsx", views_excel.export_people, name="export_people"),
]
