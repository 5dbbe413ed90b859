"""Pages: campaigns and completion (operators), a firm's form, the district's report."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from qiao.core import policy
from qiao.directory.models import Organisation
from qiao.directory.roles import require_operator, roles_of
from qiao.reporting import excel, selectors, services
from qiao.reporting.forms import CampaignForm, EntriesForm, IndicatorForm, ReturnForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def member_firm_ids() -> list[int]:
    """The firms a campaign asks by default: organisations with at least one member."""
    return list(
        Organisation.objects.filter(memberships__isnull=False)
        .values_list("id", flat=True)
        .distinct()
    )


@login_required
def campaign_list(request):
    roles = roles_of(request.user)
    form = CampaignForm(request.POST or None) if roles.is_operator else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            campaign = services.open_campaign(
                by=request.user, organisation_ids=member_firm_ids(), **form.cleaned_data
            )
            messages.success(request, _("Campaign opened."))
            return redirect("reporting:campaign_detail", pk=campaign.pk)
        except ValidationError as error:
            _add_errors(form, error)
    context = {
        "campaigns": selectors.list_visible_campaigns(viewer=request.user),
        "submissions": selectors.list_visible_submissions(viewer=request.user)
        .exclude(campaign__status="closed")
        .order_by("-campaign__period")[:50]
        if not roles.is_operator
        else [],
        "form": form,
    }
    return render(request, "reporting/campaign_list.html", context)


@login_required
def indicator_list(request):
    require_operator(request.user)
    form = IndicatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_indicator(by=request.user, data=form.cleaned_data)
            messages.success(request, _("Indicator added."))
            return redirect("reporting:indicator_list")
        except ValidationError as error:
            _add_errors(form, error)
    context = {"indicators": selectors.list_indicators(), "form": form}
    return render(request, "reporting/indicator_list.html", context)


@login_required
def campaign_detail(request, pk):
    campaign = selectors.access_campaign(viewer=request.user, campaign_id=pk)
    context = {
        "campaign": campaign,
        "completion": selectors.completion(campaign),
        "submissions": campaign.submissions.select_related("organisation")[:500],
    }
    return render(request, "reporting/campaign_detail.html", context)


@login_required
def campaign_export(request, pk):
    campaign = selectors.access_campaign(viewer=request.user, campaign_id=pk)
    with_firms = request.GET.get("firms") == "1"
    if with_firms:
        policy.authorize(request.user, "reporting.export_firm_rows", campaign)
    response = HttpResponse(content_type=XLSX)
    suffix = "-firms" if with_firms else ""
    response["Content-Disposition"] = (
        f'attachment; filename="qiao-statistics-{campaign.period}{suffix}.xlsx"'
    )
    excel.campaign_workbook(campaign, with_firms=with_firms).save(response)
    return response


def _report_context(campaign):
    return {
        "campaign": campaign,
        "cluster": excel.cluster_name(),
        "totals": selectors.campaign_totals(campaign),
        "completion": selectors.completion(campaign),
    }


@login_required
def campaign_report(request, pk):
    campaign = selectors.access_campaign(viewer=request.user, campaign_id=pk)
    return render(request, "reporting/campaign_report.html", _report_context(campaign))


@login_required
def campaign_report_pdf(request, pk):
    campaign = selectors.access_campaign(viewer=request.user, campaign_id=pk)
    import weasyprint  # loaded here: pango is only needed when a PDF is asked for

    html = render_to_string("reporting/report_pdf.html", _report_context(campaign), request=request)
    response = HttpResponse(
        weasyprint.HTML(string=html).write_pdf(), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="qiao-statistics-{campaign.period}.pdf"'
    return response


@login_required
def submission_detail(request, pk):
    submission = selectors.access_submission(viewer=request.user, submission_id=pk)
    entries = selectors.list_entries(submission)
    action = request.POST.get("action", "")
    form = EntriesForm(request.POST if action in ("save", "sign") else None, entries=entries)
    return_form = ReturnForm(request.POST if action == "return" else None)
    if request.method == "POST":
        try:
            done = _act(request, submission, action, form, return_form)
            if done:
                messages.success(request, done)
                return redirect("reporting:submission_detail", pk=submission.pk)
        except ValidationError as error:
            _add_errors(return_form if action == "return" else form, error)
        except PermissionDenied:
            form.add_error(None, _("You may not do this."))
    roles = roles_of(request.user)
    context = {
        "submission": submission,
        "form": form,
        "return_form": return_form,
        "can_fill": policy.allows(request.user, "reporting.fill_submission", submission),
        "can_sign": policy.allows(request.user, "reporting.sign_submission", submission),
        "can_review": roles.is_operator,
        "problems": services.problems(submission),
    }
    return render(request, "reporting/submission_detail.html", context)


def _act(request, submission, action, form, return_form) -> str:
    version = request.POST.get("version") or None
    version = int(version) if version and version.isdigit() else None
    by = request.user
    if action in ("save", "sign"):
        if not form.is_valid():
            return ""
        services.save_entries(by=by, submission=submission, values=form.values(), version=version)
        if action == "save":
            return _("Saved.")
        submission.refresh_from_db()
        services.sign_off_submission(by=by, submission=submission)
        return _("Signed off and sent to the park.")
    if action == "accept":
        services.accept_submission(by=by, submission=submission, version=version)
        return _("Accepted.")
    if action == "return" and return_form.is_valid():
        services.return_submission(
            by=by, submission=submission, reason=return_form.cleaned_data["reason"], version=version
        )
        return _("Returned to the firm.")
    return ""
