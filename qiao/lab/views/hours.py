"""The lab manager's calendar page: weekly hours, the holiday rule and closures."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from qiao.lab import clock, holidays, hours, selectors, services
from qiao.lab.forms import ClosureForm, OpeningHoursForm
from qiao.lab.views.common import add_errors, error_text


@login_required
def equipment_hours(request, pk):
    equipment = selectors.access_managed_equipment(viewer=request.user, equipment_id=pk)
    form = OpeningHoursForm(request.POST or None, equipment=equipment)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_opening_hours(
                equipment=equipment,
                hours=form.hours(),
                observes_holidays=form.cleaned_data["observes_holidays"],
                changed_by=request.user,
            )
            messages.success(request, _("Opening hours saved."))
            return redirect("lab:equipment_hours", equipment.pk)
        except ValidationError as error:
            add_errors(form, error)
    year = clock.today().year
    today = clock.today()
    context = {
        "equipment": equipment,
        "form": form,
        "closure_form": ClosureForm(),
        "closures": hours.list_closures(equipment, today, today.replace(year=year + 2)),
        "calendar_years": [(y, holidays.known(y)) for y in (year, year + 1)],
    }
    return render(request, "lab/equipment_hours.html", context)


@login_required
@require_POST
def closure_add(request, pk):
    """Add a closure. Over booked days, first show the bookings it hits; confirming cancels
    them (each booker told why) and saves the closure in one step."""
    equipment = selectors.access_managed_equipment(viewer=request.user, equipment_id=pk)
    form = ClosureForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the first and the last day of the closure."))
        return redirect("lab:equipment_hours", equipment.pk)
    data = form.cleaned_data
    fields = {
        "organisation": equipment.organisation,
        "equipment": None if data["whole_lab"] else equipment,
        "starts_on": data["starts_on"],
        "ends_on": data["ends_on"],
        "reason": data["reason"],
        "created_by": request.user,
    }
    held = list(
        services.held_bookings(
            organisation_id=equipment.organisation_id,
            equipment_id=None if data["whole_lab"] else equipment.pk,
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
        )[:500]
    )
    try:
        if held and request.POST.get("confirm") == "cancel":
            shown = {int(v) for v in request.POST.getlist("booking") if v.isdigit()}
            _closure, cancelled = services.close_cancelling_bookings(cancel=shown, **fields)
            messages.success(
                request,
                ngettext(
                    "Closure added; %(count)d booking cancelled and its booker told why.",
                    "Closure added; %(count)d bookings cancelled and each booker told why.",
                    cancelled,
                )
                % {"count": cancelled},
            )
        elif held:
            return render(
                request,
                "lab/closure_confirm.html",
                {"equipment": equipment, "form": form, "held": held},
            )
        else:
            services.add_closure(**fields)
            messages.success(request, _("Closure added."))
    except ValidationError as error:
        messages.error(request, error_text(error))
    return redirect("lab:equipment_hours", equipment.pk)


@login_required
@require_POST
def closure_remove(request, pk, closure_pk):
    equipment = selectors.access_managed_equipment(viewer=request.user, equipment_id=pk)
    closure = get_object_or_404(hours.list_closures(equipment, *_whole_range()), pk=closure_pk)
    services.remove_closure(closure=closure, removed_by=request.user)
    messages.success(request, _("Closure removed."))
    return redirect("lab:equipment_hours", equipment.pk)


def _whole_range():
    import datetime

    return datetime.date(1900, 1, 1), datetime.date(2100, 12, 31)
