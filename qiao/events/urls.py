from django.urls import path

from qiao.events import views

app_name = "events"
urlpatterns = [
    path("", views.event_list, name="event_list"),
    path("new/", views.event_create, name="event_create"),
    path("profile/", views.my_profile, name="my_profile"),
    path("registrations/", views.registration_queue, name="registration_queue"),
    path("requests/<int:request_pk>/answer/", views.request_answer, name="request_answer"),
    path("<int:pk>/", views.event_detail, name="event_detail"),
    path("<int:pk>/register/", views.event_register, name="event_register"),
    path("<int:pk>/cancel/", views.registration_cancel, name="registration_cancel"),
    path("<int:pk>/manage/", views.event_manage, name="event_manage"),
    path(
        "<int:pk>/registrations/<int:registration_pk>/decide/",
        views.registration_decide,
        name="registration_decide",
    ),
    path("<int:pk>/plan/", views.event_plan, name="event_plan"),
    path("<int:pk>/board/", views.event_board, name="event_board"),
    path("<int:pk>/board/<int:meeting_pk>/mark/", views.meeting_mark, name="meeting_mark"),
    path("<int:pk>/meetings/", views.event_meetings, name="event_meetings"),
    path("<int:pk>/meetings/request/", views.request_send, name="request_send"),
    path("<int:pk>/meetings/availability/", views.availability, name="availability"),
    path("<int:pk>/agenda/", views.agenda, name="agenda"),
    path("<int:pk>/agenda.ics", views.agenda_ics, name="agenda_ics"),
    path("<int:pk>/agenda/<int:registration_pk>/", views.agenda, name="participant_agenda"),
    path("feeds/<str:token>.ics", views.agenda_feed, name="agenda_feed"),
    path("<int:pk>/agendas/print/", views.agendas_print, name="agendas_print"),
    path("<int:pk>/report/", views.event_report, name="event_report"),
    path("<int:pk>/report.xlsx", views.event_report_xlsx, name="event_report_xlsx"),
    path("<int:pk>/rules/", views.rule_table, name="rule_table"),
    path(
        "<int:pk>/registrations/decide/",
        views.registrations_decide,
        name="registrations_decide",
    ),
    path("<int:pk>/setup/<str:kind>/<int:item_pk>/", views.setup_item, name="setup_item"),
]
