"""Statements: an organisation's month of lab fees with vouchers applied; vouchers granted."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from qiao.core import limits, policy
from qiao.directory.roles import roles_of
from qiao.lab import clock, selectors, services
from qiao.lab.excel import statement_workbook
from qiao.lab.forms import VoucherForm
from qiao.lab.policies import StatementScope
from qiao.lab.views.common import add_errors, error_text


def _month(year: int, month: int) -> datetime.date:
    first = limits.bounded_month(year, month)
    if first is None:  # not a month, or one whose neighbours the calendar cannot reach
        raise Http404
    return first


def _recent_months(count: int = 6) -> list[datetime.date]:
    month = clock.today().replace(day=1)
    months = []
    for _i in range(count):
        months.append(month)
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    return months


def _voucher_form(request):
    roles = roles_of(request.user)
    if roles.is_operator:
        return VoucherForm(request.POST or None)
    customers = selectors.list_customers_of_managed_labs(viewer=request.user)
    if roles.admin_of and customers.exists():
        return VoucherForm(request.POST or None, customers=customers)
    return None


@login_required
def statement_list(request):
    form = _voucher_form(request)
    if form is not None and request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.grant_voucher(
                organisation=data.pop("organisation_name"), granted_by=request.user, **data
            )
            messages.success(request, _("Voucher recorded."))
            return redirect("lab:statement_list")
        except ValidationError as error:
            add_errors(form, error)
        except PermissionDenied:
            form.add_error(None, _("You may not record vouchers for this organisation."))
    labs = [
        (lab, selectors.list_lab_customers(lab=lab)[:200])
        for lab in selectors.list_managed_labs(viewer=request.user)[:20]
    ]
    context = {
        "organisations": selectors.list_billable_organisations(viewer=request.user).order_by(
            "name_zh"
        )[:200],
        "labs": labs,
        "months": _recent_months(),
        "vouchers": selectors.list_vouchers(viewer=request.user)[:200],
        "voucher_form": form,
    }
    return render(request, "lab/statement_list.html", context)


def _scope(request, organisation_pk) -> tuple:
    """Return (customer, lab or None) from the URL and ``?lab=``; 404 if not the viewer's."""
    lab_id = request.GET.get("lab") or request.POST.get("lab")
    if lab_id:
        if not str(lab_id).isdigit():
            raise Http404
        return selectors.access_lab_statement(
            viewer=request.user, organisation_id=organisation_pk, lab_id=int(lab_id)
        )
    organisation = selectors.access_statement_organisation(
        viewer=request.user, organisation_id=organisation_pk
    )
    return organisation, None


def _issue(request, organisation, lab, first):
    try:
        services.issue_statement(
            organisation=organisation, month=first, issued_by=request.user, lab=lab
        )
        messages.success(request, _("Statement issued; the vouchers have been debited."))
    except ValidationError as error:
        messages.error(request, error_text(error))
    except PermissionDenied:
        messages.error(request, _("Only an operator or the lab's manager issues statements."))
    url = reverse("lab:statement_detail", args=[organisation.pk, first.year, first.month])
    return redirect(f"{url}?lab={lab.pk}" if lab else url)


@login_required
def statement_detail(request, organisation_pk, year, month):
    organisation, lab = _scope(request, organisation_pk)
    first = _month(year, month)
    if request.method == "POST":
        return _issue(request, organisation, lab, first)
    draft = services.compute_statement(organisation=organisation, month=first, lab=lab)
    previous = (first - datetime.timedelta(days=1)).replace(day=1)
    following = services.month_end(first) + datetime.timedelta(days=1)
    may_issue = draft.issued is None and policy.allows(
        request.user, "lab.issue_statement", StatementScope(organisation, lab)
    )
    return render(
        request,
        "lab/statement_detail.html",
        {
            "draft": draft,
            "organisation": organisation,
            "lab": lab,
            "lab_query": f"?lab={lab.pk}" if lab else "",
            "month": first,
            "previous": previous,
            "following": following,
            "may_issue": may_issue,
        },
    )


@login_required
def statement_export(request, organisation_pk, year, month):
    organisation, lab = _scope(request, organisation_pk)
    first = _month(year, month)
    draft = services.compute_statement(organisation=organisation, month=first, lab=lab)
    response = HttpResponse(
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    suffix = f"-lab{lab.pk}" if lab else ""
    response["Content-Disposition"] = (
        f'attachment; filename="qiao-lab-statement-{organisation.pk}{suffix}-{first:%Y-%m}.xlsx"'
    )
    statement_workbook(draft).save(response)
    return response
