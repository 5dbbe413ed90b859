"""Alliance membership pages: memberships and applying, a membership with the secretariat's
forms, the certificate (print view and PDF) and the yearly value of membership."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qiao.alliances import selectors, services
from qiao.alliances.models import AllianceMembership
from qiao.alliances.policies import runs_alliance
from qiao.directory.models import Organisation
from qiao.directory.roles import roles_of
from qiao.pipeline.views.introductions import errors_of


@login_required
def membership_list(request):
    roles = roles_of(request.user)
    if request.method == "POST":
        tier = (
            selectors.tiers_open_to(viewer=request.user)
            .filter(pk=request.POST.get("tier") or 0)
            .first()
        )
        member = Organisation.objects.filter(pk=request.POST.get("member") or 0).first()
        if tier is None or member is None:
            raise Http404
        try:
            membership = services.apply_for_membership(member=member, tier=tier, by=request.user)
        except ValidationError as error:
            messages.error(request, errors_of(error))
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("Application sent to the alliance."))
            return redirect("alliances:membership", membership.pk)
    return render(
        request,
        "alliances/membership_list.html",
        {
            "memberships": selectors.visible_memberships(viewer=request.user),
            "tiers": selectors.tiers_open_to(viewer=request.user),
            "my_orgs": Organisation.objects.filter(pk__in=roles.admin_of).order_by("name_zh"),
            "secretariats": selectors.alliances_run_by(viewer=request.user),
        },
    )


def _may_run(request, membership) -> bool:
    return runs_alliance(request.user, membership.alliance_id)


@login_required
def membership_detail(request, pk):
    membership = selectors.access_membership(viewer=request.user, membership_id=pk)
    return render(
        request,
        "alliances/membership_detail.html",
        {
            "membership": membership,
            "payments": membership.payments.all(),
            "checks": membership.annual_checks.order_by("-year"),
            "runs": _may_run(request, membership),
            "today": timezone.localdate(),
        },
    )


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ValidationError(_("Give a date like 2026-12-03.")) from None


@login_required
@require_POST
def membership_act(request, pk):
    membership = selectors.access_membership(viewer=request.user, membership_id=pk)
    action = request.POST.get("action")
    try:
        if action in ("approve", "decline"):
            services.decide_membership(
                membership=membership, approve=action == "approve", by=request.user
            )
        elif action == "payment":
            try:
                amount = Decimal(request.POST.get("amount", "").replace(",", ""))
            except InvalidOperation:
                raise ValidationError({"amount": _("Give the amount paid.")}) from None
            services.record_payment(
                membership=membership, by=request.user, invoice_no=request.POST.get("invoice_no", ""),
                amount=amount, paid_on=_date(request.POST.get("paid_on", "")),
            )  # fmt: skip
        elif action == "check":
            services.record_annual_check(
                membership=membership, by=request.user, year=int(request.POST.get("year") or 0),
                passed=request.POST.get("passed") == "1", note=request.POST.get("note", "")[:300],
            )  # fmt: skip
        else:
            raise Http404
        messages.success(request, _("Saved."))
    except ValidationError as error:
        messages.error(request, errors_of(error))
    except PermissionDenied:
        raise Http404 from None
    return redirect("alliances:membership", membership.pk)


@login_required
def certificate(request, pk):
    """The membership certificate, in Chinese, as a printable page (active members only)."""
    membership = selectors.access_membership(viewer=request.user, membership_id=pk)
    if membership.status != AllianceMembership.Status.ACTIVE:
        raise Http404
    with translation.override("zh-hans"):
        return render(request, "alliances/certificate.html", {"membership": membership})


@login_required
def certificate_pdf(request, pk):
    """The same certificate as a PDF (WeasyPrint, Noto CJK fonts from Debian)."""
    from weasyprint import HTML  # loaded here: pango is only needed when a PDF is asked for

    membership = selectors.access_membership(viewer=request.user, membership_id=pk)
    if membership.status != AllianceMembership.Status.ACTIVE:
        raise Http404
    with translation.override("zh-hans"):
        html = render_to_string(
            "alliances/certificate.html", {"membership": membership, "pdf": True}
        )
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="membership-{membership.pk}.pdf"'
    return response


@login_required
def value(request, pk):
    membership = selectors.access_membership(viewer=request.user, membership_id=pk)
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else timezone.localdate().year
    figures = selectors.value_of_membership(membership, year)
    return render(request, "alliances/value.html",
                  {"membership": membership, "year": year, "figures": figures})  # fmt: skip
