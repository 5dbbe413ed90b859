"""The call list, creating a call, the call page, phases and reviewer proposals."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qiao.calls import selectors, services
from qiao.calls.excel import ranking_workbook
from qiao.calls.forms import CallForm
from qiao.calls.models import Application, Assignment, Call, Exclusion
from qiao.calls.services.calls import ORDER
from qiao.directory.roles import require_operator, roles_of
from qiao.pipeline.views.introductions import errors_of


def call_list(request):
    calls = selectors.visible_calls(viewer=request.user)
    return render(request, "calls/call_list.html", {"calls": calls})


@login_required
def call_create(request):
    require_operator(request.user)
    form = CallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in CallForm.Meta.fields}
        try:
            with transaction.atomic():
                call = services.create_call(by=request.user, **fields)
                for name, weight in form.cleaned_data["criteria"]:
                    services.add_criterion(call=call, by=request.user, name_zh=name, weight=weight)
        except ValidationError as error:
            form.add_error(None, errors_of(error))
        else:
            return redirect("calls:call", call.pk)
    return render(request, "calls/call_form.html", {"form": form})


def call_detail(request, pk):
    call = selectors.access_call(viewer=request.user, call_id=pk)
    roles = roles_of(request.user)
    context = {"call": call, "criteria": call.criteria.all(), "is_operator": roles.is_operator}
    if roles.is_operator:
        index = ORDER.index(call.phase)
        context.update(
            ranking=selectors.ranking(call),
            next_phase=Call.Phase(ORDER[index + 1]) if index + 1 < len(ORDER) else None,
            previous_phase=Call.Phase(ORDER[index - 1]) if index else None,
            drafts=call.applications.filter(status=Application.Status.DRAFT).count(),
            ineligible=call.applications.filter(status=Application.Status.INELIGIBLE),
            exclusions=Exclusion.objects.filter(application__call=call).select_related(
                "expert__person", "application"
            ),
            assignments=Assignment.objects.filter(application__call=call).select_related(
                "expert__person", "application"
            ),
        )
    if roles.member_of:
        context["mine"] = call.applications.filter(organisation_id__in=roles.member_of)
    return render(request, "calls/call_detail.html", context)


@login_required
@require_POST
def call_phase(request, pk):
    require_operator(request.user)
    call = selectors.access_call(viewer=request.user, call_id=pk)
    try:
        services.move_phase(call=call, phase=request.POST.get("phase", ""), by=request.user)
        messages.success(
            request, _("The call is now: %(phase)s.") % {"phase": call.get_phase_display()}
        )
    except ValidationError as error:
        messages.error(request, errors_of(error))
    return redirect("calls:call", call.pk)


@login_required
@require_POST
def call_propose(request, pk):
    require_operator(request.user)
    call = selectors.access_call(viewer=request.user, call_id=pk)
    try:
        made = services.propose_reviewers(call=call, by=request.user)
        messages.success(request, _("%(count)d reviewers assigned.") % {"count": made})
    except ValidationError as error:
        messages.error(request, errors_of(error))
    return redirect("calls:call", call.pk)


@login_required
def call_ranking_xlsx(request, pk):
    require_operator(request.user)
    call = selectors.access_call(viewer=request.user, call_id=pk)
    response = HttpResponse(
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="qiao-call-{call.pk}-ranking.xlsx"'
    ranking_workbook(call).save(response)
    return response
