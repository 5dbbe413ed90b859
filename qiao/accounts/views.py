"""Sign-in, sign-out, password change and reset, and accepting an invitation."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import (
    LoginView,
    LogoutView,
    PasswordChangeView,
    PasswordResetCompleteView,
    PasswordResetConfirmView,
    PasswordResetDoneView,
    PasswordResetView,
)
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from qiao.accounts import services as account_services
from qiao.accounts import throttle, tokens
from qiao.accounts.forms import (
    AcceptInvitationForm,
    ApiTokenForm,
    EmailAuthenticationForm,
    QiaoPasswordResetForm,
)
from qiao.directory import services as directory_services


class QiaoLoginView(LoginView):
    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        # One language per person. A language chosen with the switcher before signing in is
        # the person's choice and becomes their setting; otherwise their setting applies.
        user = form.get_user()
        chosen = self.request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if chosen in dict(settings.LANGUAGES) and chosen != user.language:
            account_services.update_preferences(user=user, language=chosen)
        response = super().form_valid(form)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            user.language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite="Lax",
        )
        return response


@require_http_methods(["POST"])
def set_language(request):
    """Switch the page language; a signed-in person's notices and e-mails follow it."""
    from django.views.i18n import set_language as django_set_language

    language = request.POST.get("language", "")
    user = request.user
    if user.is_authenticated and language in dict(settings.LANGUAGES):
        if user.language != language:
            account_services.update_preferences(user=user, language=language)
    return django_set_language(request)


class QiaoLogoutView(LogoutView):
    pass


class QiaoPasswordChangeView(PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("directory:organisation_list")

    def form_valid(self, form):
        messages.success(self.request, _("Your password was changed."))
        return super().form_valid(form)


class QiaoPasswordResetView(PasswordResetView):
    """Send a reset link; the page says the same whether or not the address has an account."""

    template_name = "accounts/password_reset_form.html"
    form_class = QiaoPasswordResetForm
    subject_template_name = "accounts/emails/password_reset_subject.txt"
    email_template_name = "accounts/emails/password_reset_body.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        if not throttle.allow_password_reset(self.request, form.cleaned_data["email"]):
            return HttpResponseRedirect(self.get_success_url())  # same answer, no e-mail
        # Links are built from the configured address, never from the request's Host.
        self.extra_email_context = {"base_url": settings.QIAO_BASE_URL}
        return super().form_valid(form)


class QiaoPasswordResetDoneView(PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class QiaoPasswordResetConfirmView(PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class QiaoPasswordResetCompleteView(PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


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


@login_required
@require_http_methods(["GET", "POST"])
def token_list(request):
    """The person's API tokens; a new one's secret is shown on this page once."""
    form = ApiTokenForm(request.POST or None)
    secret = ""
    if request.method == "POST" and form.is_valid():
        _token, secret = tokens.create_token(by=request.user, **form.cleaned_data)
        form = ApiTokenForm()
    response = render(
        request,
        "accounts/token_list.html",
        {"form": form, "secret": secret, "tokens": tokens.list_tokens(user=request.user)[:100]},
    )
    # The secret must not be kept by a browser or proxy cache.
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["POST"])
def token_revoke(request, pk):
    token = tokens.access_token(user=request.user, token_id=pk)
    tokens.revoke_token(by=request.user, token=token)
    messages.success(request, _("The token “%(name)s” was revoked.") % {"name": token.name})
    return redirect("accounts:token_list")
