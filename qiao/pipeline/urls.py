from django.urls import path

from qiao.pipeline import views

app_name = "pipeline"
urlpatterns = [
    path("introductions/", views.introduction_list, name="introduction_list"),
    path("introductions/<int:pk>/", views.introduction_detail, name="introduction_detail"),
    path("introductions/<int:pk>/status/", views.introduction_status, name="introduction_status"),
    path(
        "introductions/<int:pk>/next-action/",
        views.introduction_next_action,
        name="introduction_next_action",
    ),
    path(
        "introductions/<int:pk>/messages/", views.introduction_message, name="introduction_message"
    ),
    path("introductions/<int:pk>/take/", views.introduction_take, name="introduction_take"),
    path("queue/", views.broker_queue, name="broker_queue"),
    path("projects/", views.project_list, name="project_list"),
    path("projects/new/", views.project_create, name="project_create"),
    path("projects/<int:pk>/", views.project_detail, name="project_detail"),
    path("projects/<int:pk>/edit/", views.project_edit, name="project_edit"),
    path("projects/<int:pk>/stage/", views.project_stage, name="project_stage"),
    path("projects/<int:pk>/milestones/", views.project_milestone, name="project_milestone"),
    path("projects/<int:pk>/providers/", views.project_provider, name="project_provider"),
    path("projects/<int:pk>/funding/", views.project_funding, name="project_funding"),
    path("agreements/", views.agreement_list, name="agreement_list"),
    path("agreements/new/", views.agreement_create, name="agreement_create"),
    path("agreements/<int:pk>/", views.agreement_detail, name="agreement_detail"),
    path("agreements/<int:pk>/edit/", views.agreement_edit, name="agreement_edit"),
    path("agreements/<int:pk>/change/", views.agreement_change, name="agreement_change"),
    path(
        "agreements/<int:pk>/changes/<int:change_pk>/answer/",
        views.agreement_change_answer,
        name="agreement_change_answer",
    ),
    path(
        "agreements/<int:pk>/changes/<int:change_pk>/withdraw/",
        views.agreement_change_withdraw,
        name="agreement_change_withdraw",
    ),
    path(
        "agreements/<int:pk>/documents/",
        views.agreement_document_add,
        name="agreement_document_add",
    ),
    path(
        "agreements/<int:pk>/documents/<int:document_pk>/",
        views.agreement_document,
        name="agreement_document",
    ),
    path(
        "matches/<int:match_pk>/introduce/", views.introduce_from_match, name="introduce_from_match"
    ),
]
