from django.urls import path

from qiao.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.QiaoLoginView.as_view(), name="login"),
    path("logout/", views.QiaoLogoutView.as_view(), name="logout"),
    path("password/", views.QiaoPasswordChangeView.as_view(), name="password_change"),
    path("password/reset/", views.QiaoPasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/done/",
        views.QiaoPasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        views.QiaoPasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        views.QiaoPasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("tokens/", views.token_list, name="token_list"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("invitations/<str:token>/", views.accept_invitation, name="accept_invitation"),
]
