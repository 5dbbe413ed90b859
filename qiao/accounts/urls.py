from django.urls import path

from qiao.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.QiaoLoginView.as_view(), name="login"),
    path("logout/", views.QiaoLogoutView.as_view(), name="logout"),
    path("password/", views.QiaoPasswordChangeView.as_view(), name="password_change"),
    path("invitations/<str:token>/", views.accept_invitation, name="accept_invitation"),
]
