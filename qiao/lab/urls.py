from django.urls import path

from qiao.lab import views

app_name = "lab"
urlpatterns = [
    path("", views.equipment_list, name="equipment_list"),
    path("equipment/new/", views.equipment_create, name="equipment_create"),
    path("equipment/<int:pk>/", views.equipment_detail, name="equipment_detail"),
    path("equipment/<int:pk>/edit/", views.equipment_edit, name="equipment_edit"),
    path("equipment/<int:pk>/status/", views.equipment_status, name="equipment_status"),
    path("equipment/<int:pk>/out-of-service/", views.equipment_outage, name="equipment_outage"),
    path("equipment/<int:pk>/book/", views.equipment_book, name="equipment_book"),
    path("equipment/<int:pk>/customers/", views.customer_search, name="customer_search"),
    path("equipment/<int:pk>/photos/", views.equipment_photo_add, name="equipment_photo_add"),
    path(
        "equipment/<int:pk>/photos/<int:photo_pk>/",
        views.equipment_photo,
        name="equipment_photo",
    ),
    path(
        "equipment/<int:pk>/photos/<int:photo_pk>/remove/",
        views.equipment_photo_remove,
        name="equipment_photo_remove",
    ),
    path("equipment/<int:pk>/maintenance/", views.maintenance_add, name="maintenance_add"),
    path(
        "equipment/<int:pk>/maintenance/<int:window_pk>/remove/",
        views.maintenance_remove,
        name="maintenance_remove",
    ),
    path("equipment/<int:pk>/training/", views.training_add, name="training_add"),
    path("equipment/<int:pk>/trainings/", views.equipment_trainings, name="equipment_trainings"),
    path("equipment/<int:pk>/training/request/", views.training_request, name="training_request"),
    path(
        "equipment/<int:pk>/trainings/<int:record_pk>/revoke/",
        views.training_revoke,
        name="training_revoke",
    ),
    path(
        "equipment/<int:pk>/trainings/<int:record_pk>/remove/",
        views.training_remove,
        name="training_remove",
    ),
    path("training-requests/", views.training_requests, name="training_requests"),
    path(
        "training-requests/<int:request_pk>/<str:action>/",
        views.training_request_answer,
        name="training_request_answer",
    ),
    path("equipment/<int:pk>/hours/", views.equipment_hours, name="equipment_hours"),
    path("equipment/<int:pk>/closures/", views.closure_add, name="closure_add"),
    path(
        "equipment/<int:pk>/closures/<int:closure_pk>/remove/",
        views.closure_remove,
        name="closure_remove",
    ),
    path("equipment/<int:pk>/calendar.ics", views.equipment_feed, name="equipment_feed"),
    path("bookings/", views.booking_list, name="booking_list"),
    path("bookings/<int:pk>/", views.booking_detail, name="booking_detail"),
    path("bookings/<int:pk>/<str:action>/", views.booking_action, name="booking_action"),
    path("feeds/<str:token>.ics", views.personal_feed, name="personal_feed"),
    path("statements/", views.statement_list, name="statement_list"),
    path("report/", views.report, name="report"),
    path("report.xlsx", views.report_export, name="report_export"),
    path(
        "statements/<int:organisation_pk>/<int:year>-<int:month>/",
        views.statement_detail,
        name="statement_detail",
    ),
    path(
        "statements/<int:organisation_pk>/<int:year>-<int:month>.xlsx",
        views.statement_export,
        name="statement_export",
    ),
]
