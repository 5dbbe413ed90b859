from django.contrib.auth.views import LoginView, LogoutView, PasswordChangeView
from django.http import Http404


class QiaoLoginView(LoginView):
    pass


class QiaoLogoutView(LogoutView):
    pass


class QiaoPasswordChangeView(PasswordChangeView):
    pass


def accept_invitation(request, token):
    raise Http404
