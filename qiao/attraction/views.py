"""招商 pages: the lead list (with the news proposals), a lead, the weekly report."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from qiao.attraction import selectors, services, targets
from qiao.attraction.excel import weekly_workbook
from qiao.attraction.forms import LeadForm, StageTargetsForm
from qiao.attraction.models import Lead

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def lead_list(request):
    leads = selectors.list_leads(viewer=request.user)
    form = LeadForm(request.POST if request.POST.get("action") == "create" else None)
    if request.method == "POST" and request.POST.get("action") == "news":
        made = services.propose_leads_from_news(by=request.user)
        messages.success(
            request, _("Leads proposed from the news: %(count)d") % {"count": len(made)}
        )
        return redirect("attraction:lead_list")
    if form.is_bound and form.is_valid():
        try:
            lead = services.create_lead(by=request.user, data=form.cleaned_data)
            return redirect("attraction:lead_detail", pk=lead.pk)
        except ValidationError as error:
            form.add_error(None, error)
    today = timezone.localdate()
    rows = [
        (lead, targets.overdue_target(lead, today))
        for lead in leads.prefetch_related("targets")[:300]
    ]
    context = {"rows": rows, "overdue": sum(1 for _l, late in rows if late), "form": form}
    return render(request, "attraction/lead_list.html", context)


@login_required
def lead_detail(request, pk):
    lead = selectors.access_lead(viewer=request.user, lead_id=pk)
    action = request.POST.get("action", "")
    # The form gets its own copy: a valid ModelForm writes into its instance, and the service
    # must see the lead as stored to know what changed.
    form = LeadForm(
        request.POST if action == "save" else None, instance=Lead.objects.get(pk=lead.pk)
    )
    targets_form = StageTargetsForm(request.POST if action == "targets" else None, lead=lead)
    if request.method == "POST":
        version = request.POST.get("version")
        version = int(version) if version and version.isdigit() else None
        try:
            if action == "save" and form.is_valid():
                data = {f: form.cleaned_data[f] for f in Lead.EDITABLE_FIELDS}
                services.update_lead(by=request.user, lead=lead, data=data, version=version)
            elif action == "move":
                services.move_lead(by=request.user, lead=lead, stage=request.POST.get("stage", ""),
                                   version=version)  # fmt: skip
            elif action == "land":
                services.land_lead(by=request.user, lead=lead, version=version)
            elif action == "targets" and targets_form.is_valid():
                targets.set_stage_targets(
                    by=request.user, lead=lead, dates=targets_form.cleaned_data
                )
            valid = {"save": form, "targets": targets_form}
            if action in ("move", "land") or (action in valid and valid[action].is_valid()):
                messages.success(request, _("Saved."))
                return redirect("attraction:lead_detail", pk=lead.pk)
        except ValidationError as error:
            (targets_form if action == "targets" else form).add_error(None, error)
    today = timezone.localdate()
    context = {
        "lead": lead, "form": form, "stages": Lead.Stage.choices, "targets_form": targets_form,
        "overdue": targets.overdue_target(lead, today),
    }  # fmt: skip
    return render(request, "attraction/lead_detail.html", context)


@login_required
def weekly_report(request):
    today = timezone.localdate()
    report = selectors.weekly_report(viewer=request.user, today=today)
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="qiao-attraction-{today}.xlsx"'
        weekly_workbook(report, today).save(response)
        return response
    return render(request, "attraction/weekly_report.html", {"report": report, "today": today})
