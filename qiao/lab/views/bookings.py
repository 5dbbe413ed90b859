"""Booking pages: the request, my bookings and the lab's queue, one booking and its actions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from qiao.core.audit import list_audit_entries
from qiao.directory import selectors as directory_selectors
from qiao.directory import services as directory_services
from qiao.directory.roles import roles_of
from qiao.lab import clock, selectors, services
from qiao.lab.forms import UsageForm
from qiao.lab.models import Booking
from qiao.lab.views.catalogue import _booking_form, equipment_detail
from qiao.lab.views.common import add_errors, error_text

Status = Booking.Status


@login_required
@require_POST
def equipment_book(request, pk):
    equipment = selectors.access_equipment(viewer=request.user, equipment_id=pk)
    manager = selectors.is_lab_manager(viewer=request.user, equipment=equipment)
    form = _booking_form(request, equipment, manager, data=request.POST)
    if form is None:
        raise Http404
    if form.is_valid():
        try:
            with transaction.atomic():  # a visitor recorded for a refused booking is undone
                return _book(request, form, equipment)
        except ValidationError as error:
            add_errors(form, error)
    return equipment_detail(request, pk, booking_form=form)


def _book(request, form, equipment):
    organisation = form.organisation()
    visitor = form.new_visitor()
    if visitor is not None:
        organisation = directory_services.create_visitor_organisation(by=request.user, data=visitor)
    request_fields = {
        "equipment": equipment,
        "booked_by": request.user,
        "organisation": organisation,
        "units": form.cleaned_data["units"],
        "purpose": form.cleaned_data["purpose"],
        "join_waitlist": form.cleaned_data["join_waitlist"],
    }
    if form.cleaned_data["weeks"] > 1:
        return _book_series(request, form, request_fields)
    booking = services.book_equipment(starts_at=form.starts_at(), **request_fields)
    messages.success(request, _booked_message(booking))
    return redirect("lab:booking_detail", booking.pk)


@login_required
def customer_search(request, pk):
    """The lab manager's directory search for the customer of a booking (htmx)."""
    equipment = selectors.access_managed_equipment(viewer=request.user, equipment_id=pk)
    query = (request.GET.get("customer_search") or "").strip()[:100]
    organisations = []
    if query:
        organisations = directory_selectors.search_organisations(
            viewer=request.user, filters=directory_selectors.OrganisationFilter(q=query)
        )[:10]
    return render(
        request,
        "lab/partials/customer_results.html",
        {"organisations": organisations, "query": query, "equipment": equipment},
    )


def _booked_message(booking: Booking) -> str:
    return {
        Status.CONFIRMED: _("Booked and confirmed."),
        Status.PENDING: _("Requested. The lab manager will approve or decline it."),
        Status.WAITLISTED: _("The time is taken; you are on the waitlist."),
    }[booking.status]


def _book_series(request, form, request_fields):
    results = services.book_equipment_series(
        weeks=form.cleaned_data["weeks"], starts_at=form.starts_at(), **request_fields
    )
    booked = [booking for _start, booking, _why in results if booking is not None]
    messages.success(
        request,
        ngettext("%(count)d week booked.", "%(count)d weeks booked.", len(booked))
        % {"count": len(booked)},
    )
    for start, booking, why in results:
        if booking is None:
            messages.error(request, f"{timezone.localtime(start):%Y-%m-%d %H:%M}: {why}")
    return redirect("lab:booking_list")


@login_required
def booking_list(request):
    token = selectors.get_feed_token(user=request.user)
    if token is None and request.GET.get("feed") == "new":
        token = services.create_feed_token(user=request.user)
    roles = roles_of(request.user)
    context = {
        "bookings": selectors.list_my_bookings(viewer=request.user)[:200],
        "to_manage": selectors.list_bookings_to_manage(viewer=request.user)[:200]
        if roles.is_operator or roles.admin_of
        else None,
        "feed_url": request.build_absolute_uri(reverse("lab:personal_feed", args=[token.token]))
        if token
        else "",
    }
    return render(request, "lab/booking_list.html", context)


@login_required
def booking_detail(request, pk):
    booking = selectors.access_booking(viewer=request.user, booking_id=pk)
    manager = selectors.is_lab_manager(viewer=request.user, equipment=booking.equipment)
    now = clock.now()
    mine = booking.booked_by_id == request.user.pk
    started = booking.starts_at <= now
    context = {
        "booking": booking,
        "manager": manager,
        "mine": mine,
        "may_decide": manager and booking.status == Status.PENDING,
        "may_cancel": (manager or (mine and not started))
        and booking.status in Booking.CANCELLABLE_STATUSES,
        "may_accept": mine and booking.status == Status.OFFERED,
        "may_record": manager
        and started
        and booking.status in (Status.CONFIRMED, Status.COMPLETED, Status.NO_SHOW)
        and not hasattr(booking, "statement_line"),
        "cancel_fee": services.cancellation_fee(booking=booking, by_manager=manager, now=now),
        "usage_form": UsageForm(initial={"minutes": booking.used_minutes}),
        "audit_entries": list_audit_entries(booking) if manager else None,
        "series_pending": Booking.objects.filter(
            equipment=booking.equipment, series=booking.series, status=Status.PENDING
        ).count()
        if manager and booking.series
        else 0,
    }
    return render(request, "lab/booking_detail.html", context)


def _run(request, booking: Booking, action: str) -> str:
    user = request.user
    if action == "approve" or action == "decline":
        services.decide_booking(
            booking=booking,
            decided_by=user,
            approve=action == "approve",
            note=request.POST.get("note", ""),
        )
        return _("Approved.") if action == "approve" else _("Declined.")
    if action in ("approve-series", "decline-series") and booking.series:
        decided = services.decide_series(
            equipment=booking.equipment,
            series=booking.series,
            decided_by=user,
            approve=action == "approve-series",
            note=request.POST.get("note", ""),
        )
        return ngettext("%(count)d week decided.", "%(count)d weeks decided.", len(decided)) % {
            "count": len(decided)
        }
    if action == "cancel":
        cancelled = services.cancel_booking(booking=booking, cancelled_by=user)
        if cancelled.fee:
            return _("Cancelled. A late cancellation fee of %(fee)s yuan applies.") % {
                "fee": cancelled.fee
            }
        return _("Cancelled.")
    if action == "accept":
        services.accept_offer(booking=booking, accepted_by=user)
        return _("You took the slot.")
    if action == "no-show":
        services.mark_no_show(booking=booking, marked_by=user)
        return _("Recorded as a no-show.")
    if action == "usage":
        form = UsageForm(request.POST)
        if not form.is_valid():
            raise ValidationError(_("Give the minutes used, between 1 and 10080."))
        services.record_usage(
            booking=booking, minutes=form.cleaned_data["minutes"], recorded_by=user
        )
        return _("Use recorded.")
    raise Http404


@login_required
@require_POST
def booking_action(request, pk, action):
    booking = selectors.access_booking(viewer=request.user, booking_id=pk)
    try:
        messages.success(request, _run(request, booking, action))
    except ValidationError as error:
        messages.error(request, error_text(error))
    except PermissionDenied:
        messages.error(request, _("You may not do this."))
    return redirect("lab:booking_detail", booking.pk)
