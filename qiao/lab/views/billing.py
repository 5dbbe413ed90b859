"""Statements: an organisation's month of lab fees with vouchers applied; vouchers granted."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from qiao.core import limits
from qiao.directory.roles import roles_of
from qiao.lab import clock, selectors, services
from qiao.lab.excel import statement_workbook
from qiao.lab.forms import VoucherForm
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


@login_required
def statement_list(request):
    roles = roles_of(request.user)
    form = VoucherForm(request.POST or None) if roles.is_operator else None
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
    context = {
        "organisations": selectors.list_billable_organisations(viewer=request.user).order_by(
            "name_zh"
        )[:200],
        "months": _recent_months(),
        "vouchers": selectors.list_vouchers(viewer=request.user)[:200],
        "voucher_form": form,
    }
    return render(request, "lab/statement_list.html", context)


@login_required
def statement_detail(request, organisation_pk, year, month):
    organisation = selectors.access_statement_organisation(
        viewer=request.user, organisation_id=organisation_pk
    )
    first = _month(year, month)
    if request.method == "POST":
        try:
            services.issue_statement(organisation=organisation, month=first, issued_by=request.user)
            messages.success(request, _("Statement issued; the vouchers have been debited."))
        except ValidationError as error:
            messages.error(request, error_text(error))
        except PermissionDenied:
            messages.error(request, _("Only an operator issues statements."))
        return redirect("lab:statement_detail", organisation.pk, first.year, first.month)
    draft = services.compute_statement(organisation=organisation, month=first)
    previous = (first - datetime.timedelta(days=1)).replace(day=1)
    following = services.month_end(first) + datetime.timedelta(days=1)
    return render(
        request,
        "lab/statement_detail.html",
        {
            "draft": draft,
            "organisation": organisation,
            "month": first,
            "previous": previous,
            "following": following,
            "may_issue": roles_of(request.user).is_operator and draft.issued is None,
        },
    )


@login_required
def statement_export(request, organisation_pk, year, month):
    organisation = selectors.access_statement_organisation(
        viewer=request.user, organisation_id=organisation_pk
    )
    first = _month(year, month)
    draft = services.compute_statement(organisation=organisation, month=first)
    response = HttpResponse(
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="qiao-lab-statement-{organisation.pk}-{first:%Y-%m}.xlsx"'
    )
    statement_workbook(draft).save(response)
    return response
