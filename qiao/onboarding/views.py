"""Pages of joining: apply, sign up, ask to join; the operators' and admins' decisions."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from qiao.accounts import throttle
from qiao.core import limits
from qiao.core.errors import Conflict
from qiao.onboarding import selectors, services
from qiao.onboarding.forms import ApplicationForm, DeclineForm, JoinRequestForm, SignUpForm
from qiao.onboarding.models import Status

APPLICATIONS_PER_HOUR = 5
SIGN_UPS_PER_HOUR = 10
JOIN_REQUESTS_PER_HOUR = 10


def _add_errors(form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _too_many(request):
    messages.error(request, _("Too many attempts from here: please try again in an hour."))


def _language() -> str:
    return "en" if (get_language() or "").startswith("en") else "zh-hans"


@require_http_methods(["GET", "POST"])
def apply(request):
    form = ApplicationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        if not throttle.allow(request, "apply", per_ip=APPLICATIONS_PER_HOUR):
            _too_many(request)
        else:
            try:
                services.submit_application(
                    by=request.user,
                    data=form.application_data(),
                    licence=form.cleaned_data.get("licence"),
                    password=form.cleaned_data.get("password1") or "",
                    language=_language(),
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                return redirect("onboarding:applied")
    return render(request, "onboarding/apply.html", {"form": form})


def applied(request):
    return render(request, "onboarding/applied.html")


@login_required
def application_list(request):
    status = request.GET.get("status", Status.PENDING)
    applications = selectors.list_applications(viewer=request.user, status=status)
    page = limits.get_page(Paginator(applications, 30), request.GET.get("page"))
    return render(
        request,
        "onboarding/application_list.html",
        {
            "page": page,
            "status": status,
            "statuses": Status.choices,
            "querystring": urlencode({"status": status}),
        },
    )


def _detail(request, application, decline_form=None, status=200):
    return render(
        request,
        "onboarding/application_detail.html",
        {
            "application": application,
            "decline_form": decline_form or DeclineForm(initial={"version": application.version}),
            "existing_account": selectors.account_for(application),
        },
        status=status,
    )


@login_required
def application_detail(request, pk):
    return _detail(request, selectors.access_application(viewer=request.user, application_id=pk))


def _version(request) -> int | None:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


@login_required
@require_POST
def application_approve(request, pk):
    application = selectors.access_application(viewer=request.user, application_id=pk)
    try:
        organisation = services.approve_application(
            application=application, by=request.user, version=_version(request)
        )
    except (ValidationError, Conflict) as error:
        messages.error(request, " ".join(_messages_of(error)))
        return redirect("onboarding:application_detail", pk=pk)
    messages.success(
        request, _("%(organisation)s is now on Qiao.") % {"organisation": organisation.name}
    )
    return redirect("onboarding:application_list")


def _messages_of(error) -> list[str]:
    if isinstance(error, Conflict):
        return [str(error.message)]
    return list(error.messages)


@login_required
@require_POST
def application_decline(request, pk):
    application = selectors.access_application(viewer=request.user, application_id=pk)
    form = DeclineForm(request.POST)
    if form.is_valid():
        try:
            services.decline_application(
                application=application,
                by=request.user,
                reason=form.cleaned_data["reason"],
                version=form.cleaned_data.get("version"),
            )
        except (ValidationError, Conflict) as error:
            form.add_error(None, _messages_of(error))
        else:
            messages.success(request, _("The application was declined."))
            return redirect("onboarding:application_list")
    return _detail(request, application, form, status=422)


@login_required
def application_licence(request, pk):
    application = selectors.access_application(viewer=request.user, application_id=pk)
    if not application.licence:
        raise Http404
    response = FileResponse(
        application.licence.open("rb"),
        content_type=application.licence_type or "application/octet-stream",
        as_attachment=True,
        filename=application.licence_name or "licence",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_http_methods(["GET", "POST"])
def sign_up(request):
    if request.user.is_authenticated:
        return redirect("onboarding:join")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        if not throttle.allow(request, "sign_up", per_ip=SIGN_UPS_PER_HOUR, key=email, per_key=3):
            _too_many(request)
        else:
            try:
                services.sign_up(
                    email=email,
                    full_name=form.cleaned_data["full_name"],
                    phone=str(form.cleaned_data["phone"] or ""),
                    password=form.cleaned_data["password1"],
                    language=_language(),
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                return redirect("onboarding:sign_up_sent")
    return render(request, "onboarding/sign_up.html", {"form": form})


def sign_up_sent(request):
    return render(request, "onboarding/sign_up_sent.html")


@require_http_methods(["GET", "POST"])
def verify(request, token):
    # GET only shows a button: mail scanners that open links must not confirm the address.
    if request.method == "GET":
        return render(request, "onboarding/verify.html")
    user = services.verify_sign_up(token=token)
    if user is None:
        return render(request, "onboarding/verify.html", {"invalid": True}, status=404)
    login(request, user, backend=settings.AUTHENTICATION_BACKENDS[-1])
    messages.success(request, _("Your e-mail address is confirmed. Welcome to Qiao."))
    return redirect("onboarding:join")


@login_required
@require_http_methods(["GET", "POST"])
def join(request):
    form = JoinRequestForm(
        request.POST or None,
        organisations=selectors.list_joinable_organisations(viewer=request.user),
    )
    if request.method == "POST" and form.is_valid():
        if not throttle.allow(
            request,
            "join",
            per_ip=JOIN_REQUESTS_PER_HOUR * 3,
            key=str(request.user.pk),
            per_key=JOIN_REQUESTS_PER_HOUR,
        ):
            _too_many(request)
        else:
            try:
                services.request_to_join(
                    by=request.user,
                    organisation=form.cleaned_data["organisation"],
                    message=form.cleaned_data["message"],
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("Your request was sent to the organisation's admins."))
                return redirect("onboarding:join")
    own = selectors.list_own_join_requests(viewer=request.user)[:20]
    return render(request, "onboarding/join.html", {"form": form, "own": own})


@login_required
def join_request_list(request):
    requests = selectors.list_join_requests_to_decide(viewer=request.user)
    page = limits.get_page(Paginator(requests, 30), request.GET.get("page"))
    return render(request, "onboarding/join_request_list.html", {"page": page})


@login_required
@require_POST
def join_request_decide(request, pk):
    join_request = selectors.access_join_request(viewer=request.user, join_request_id=pk)
    try:
        if request.POST.get("decision") == "approve":
            services.approve_join_request(join_request=join_request, by=request.user)
            messages.success(
                request,
                _("%(person)s is now a member.") % {"person": join_request.user.get_full_name()},
            )
        else:
            services.decline_join_request(
                join_request=join_request, by=request.user, reason=request.POST.get("reason", "")
            )
            messages.success(request, _("The request was declined."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("onboarding:join_request_list")
