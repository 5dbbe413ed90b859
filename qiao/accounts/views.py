"""Sign-in, sign-out, password change and accepting an invitation."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.views import LoginView, LogoutView, PasswordChangeView
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from qiao.accounts.forms import AcceptInvitationForm, EmailAuthenticationForm
from qiao.directory import services as directory_services


class QiaoLoginView(LoginView):
    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True


class QiaoLogoutView(LogoutView):
    pass


class QiaoPasswordChangeView(PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("directory:organisation_list")

    def form_valid(self, form):
        messages.success(self.request, _("Your password was changed."))
        return super().form_valid(form)


@require_http_methods(["GET", "POST"])
def accept_invitation(request, token):
    invitation = directory_services.get_open_invitation(token=token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    has_account = get_user_model().objects.filter(email__iexact=invitation.email).exists()
    if has_account:
        if request.method == "POST":
            user = directory_services.accept_invitation(
                invitation=invitation, full_name="", password=""
            )
            if request.user.is_authenticated and request.user.pk == user.pk:
                messages.success(
                    request,
                    _("You joined %(organisation)s.")
                    % {"organisation": invitation.organisation.name},
                )
                return redirect("directory:organisation_detail", pk=invitation.organisation_id)
            messages.success(
                request,
                _("You joined %(organisation)s. Please sign in.")
                % {"organisation": invitation.organisation.name},
            )
            return redirect("accounts:login")
        return render(
            request,
            "accounts/accept_invitation.html",
            {"invitation": invitation, "has_account": True},
        )
    form = AcceptInvitationForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        user = directory_services.accept_invitation(
            invitation=invitation,
            full_name=form.cleaned_data["full_name"],
            password=form.cleaned_data["password1"],
        )
        # The last backend is the one that loads users (the first, axes, only refuses).
        login(request, user, backend=settings.AUTHENTICATION_BACKENDS[-1])
        messages.success(
            request,
            _("Welcome to Qiao. You joined %(organisation)s.")
            % {"organisation": invitation.organisation.name},
        )
        return redirect("directory:organisation_detail", pk=invitation.organisation_id)
    return render(
        request, "accounts/accept_invitation.html", {"invitation": invitation, "form": form}
    )
