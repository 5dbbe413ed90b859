"""The secretariat's pages of one alliance: tiers (new and edit), members, dues and churn,
their Excel, and this year's lab vouchers. Its admins and operators only; anyone else gets 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from qiao.alliances import selectors, services, vouchers
from qiao.alliances.excel import dues_workbook, members_workbook
from qiao.alliances.forms import TierForm
from qiao.alliances.models import Tier
from qiao.alliances.policies import runs_alliance

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def secretariat(request, alliance_id):
    alliance = selectors.access_alliance(viewer=request.user, alliance_id=alliance_id)
    form = TierForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_tier(alliance=alliance, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The tier was added."))
            return redirect("alliances:secretariat", alliance.pk)
    dues, churn = selectors.dues_and_churn(alliance, today=timezone.localdate())
    return render(
        request,
        "alliances/secretariat.html",
        {
            "alliance": alliance,
            "tiers": alliance.tiers.all(),
            "members": selectors.members_of_alliance(alliance),
            "form": form,
            "dues": dues,
            "churn": churn,
            "vouchers_due": vouchers.due_vouchers(alliance, year=timezone.localdate().year).count(),
        },
    )


@login_required
@require_POST
def issue_vouchers(request, alliance_id):
    alliance = selectors.access_alliance(viewer=request.user, alliance_id=alliance_id)
    try:
        issued = vouchers.issue_vouchers(alliance=alliance, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if issued:
            message = ngettext(
                "%(count)d voucher was issued.", "%(count)d vouchers were issued.", issued
            )
            messages.success(request, message % {"count": issued})
        else:
            messages.info(request, _("Every paid-up member already has this year's voucher."))
    return redirect("alliances:secretariat", alliance.pk)


@login_required
def tier_edit(request, pk):
    tier = get_object_or_404(Tier.objects.select_related("alliance"), pk=pk)
    if not runs_alliance(request.user, tier.alliance_id):
        raise Http404
    # The form works on its own copy: a ModelForm writes the posted values into its instance
    # while validating, and the service must see the stored ones to know what changed.
    form = TierForm(request.POST or None, instance=Tier.objects.get(pk=tier.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_tier(tier=tier, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("The tier was saved."))
            return redirect("alliances:secretariat", tier.alliance_id)
    return render(request, "alliances/tier_form.html", {"form": form, "tier": tier})


def _xlsx(workbook, filename: str) -> HttpResponse:
    response = HttpResponse(content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    workbook.save(response)
    return response


@login_required
def members_xlsx(request, alliance_id):
    alliance = selectors.access_alliance(viewer=request.user, alliance_id=alliance_id)
    memberships = selectors.members_of_alliance(alliance).prefetch_related("payments")
    return _xlsx(members_workbook(memberships), f"qiao-alliance-{alliance.pk}-members.xlsx")


@login_required
def dues_xlsx(request, alliance_id):
    alliance = selectors.access_alliance(viewer=request.user, alliance_id=alliance_id)
    dues, churn = selectors.dues_and_churn(alliance, today=timezone.localdate())
    return _xlsx(dues_workbook(dues, churn), f"qiao-alliance-{alliance.pk}-dues.xlsx")
