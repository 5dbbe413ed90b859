"""Applying (draft, reuse, submit), the application page and the operator's decision."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qiao.calls import selectors, services
from qiao.calls.forms import ApplicationForm, DecisionForm
from qiao.calls.models import Application, Call
from qiao.core.errors import Conflict
from qiao.directory.models import Organisation
from qiao.directory.roles import roles_of
from qiao.pipeline.views.introductions import errors_of


def _application_to_edit(request, call: Call) -> Application | None:
    pk = request.GET.get("application") or request.POST.get("application")
    if not (pk and str(pk).isdigit()):
        return None
    application = selectors.access_application(viewer=request.user, application_id=int(pk))
    if application.call_id != call.pk:
        raise Http404
    return application


@login_required
def application_apply(request, pk):
    call = selectors.access_call(viewer=request.user, call_id=pk)
    roles = roles_of(request.user)
    organisations = Organisation.objects.filter(pk__in=roles.member_of).order_by("name_zh")
    if call.phase != Call.Phase.OPEN or not roles.member_of:
        raise Http404
    application = _application_to_edit(request, call)
    previous = selectors.visible_applications(viewer=request.user).exclude(call=call)
    reuse = request.GET.get("reuse", "")
    if application is None and reuse.isdigit():
        source = previous.filter(pk=int(reuse)).first()
        if source is None:
            raise Http404
        application = services.reuse_application(previous=source, call=call, by=request.user)
        messages.success(request, _("A draft was started from your earlier application."))
        return redirect(f"{request.path}?application={application.pk}")
    initial = {}
    if application is not None:
        initial = {"organisation": application.organisation, "title": application.title,
                   "summary": application.summary}  # fmt: skip
        initial |= {f"answer_{k}": v for k, v in application.answers.items()}
    form = ApplicationForm(
        request.POST or None, organisations=organisations, call=call, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            application = services.save_application(
                call=call,
                organisation=data["organisation"],
                by=request.user,
                application=application,
                version=int(request.POST["version"])
                if request.POST.get("version", "").isdigit()
                else None,
                title=data["title"],
                summary=data["summary"],
                answers=form.answers(),
            )
            if "submit" in request.POST:
                services.submit_application(application=application, by=request.user)
        except Conflict:
            form.add_error(None, _("Someone else changed this application; reload it."))
        except ValidationError as error:
            form.add_error(None, errors_of(error))
        except PermissionDenied:
            raise Http404 from None
        else:
            if "submit" not in request.POST:
                messages.success(request, _("Draft saved."))
            return redirect("calls:application", application.pk)
    return render(
        request,
        "calls/application_form.html",
        {"call": call, "form": form, "application": application, "previous": previous[:20]},
    )


@login_required
def application_detail(request, pk):
    application = selectors.access_application(viewer=request.user, application_id=pk)
    roles = roles_of(request.user)
    context = {
        "application": application,
        "call": application.call,
        "is_operator": roles.is_operator,
        "may_edit": application.status in (Application.Status.DRAFT, Application.Status.INELIGIBLE)
        and application.call.phase == Call.Phase.OPEN
        and application.organisation_id in roles.member_of,
        "anonymous_reviews": selectors.reviews_for_applicant(application),
    }
    if roles.is_operator:
        context["assignments"] = application.assignments.select_related(
            "expert__person"
        ).prefetch_related("scores__criterion")
        context["exclusions"] = application.exclusions.select_related("expert__person")
        context["decision_form"] = DecisionForm()
        context["may_decide"] = (
            application.call.phase == Call.Phase.DECISION
            and application.status == Application.Status.SUBMITTED
        )
    return render(request, "calls/application_detail.html", context)


@login_required
@require_POST
def application_decide(request, pk):
    application = selectors.access_application(viewer=request.user, application_id=pk)
    if not roles_of(request.user).is_operator:
        raise Http404
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("calls:application", application.pk)
    try:
        services.decide(application=application, by=request.user, **form.cleaned_data)
        messages.success(request, _("Decision recorded."))
    except ValidationError as error:
        messages.error(request, errors_of(error))
    except PermissionDenied:
        messages.error(request, _("Decisions are made while the call is in its decision phase."))
    return redirect("calls:application", application.pk)
