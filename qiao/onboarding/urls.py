from django.urls import path

from qiao.onboarding import views

app_name = "onboarding"
urlpatterns = [
    path("apply/", views.apply, name="apply"),
    path("apply/sent/", views.applied, name="applied"),
    path("applications/", views.application_list, name="application_list"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path("applications/<int:pk>/approve/", views.application_approve, name="application_approve"),
    path("applications/<int:pk>/decline/", views.application_decline, name="application_decline"),
    path("applications/<int:pk>/licence/", views.application_licence, name="application_licence"),
    path("sign-up/", views.sign_up, name="sign_up"),
    path("sign-up/sent/", views.sign_up_sent, name="sign_up_sent"),
    path("sign-up/<str:token>/", views.verify, name="verify"),
    path("", views.join, name="join"),
    path("requests/", views.join_request_list, name="join_request_list"),
    path("requests/<int:pk>/", views.join_request_decide, name="join_request_decide"),
]
