"""Calendar feeds: an instrument's (public-safe) and a person's (private token URL)."""

from __future__ import annotations

import datetime

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone

from qiao.lab import feeds, selectors
from qiao.lab.models import Booking, FeedToken, Slot

# Feeds cover a window around today; calendar apps poll them again and again.
PAST = datetime.timedelta(days=30)
FUTURE = datetime.timedelta(days=180)


def _ics(body: bytes, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{name}.ics"'
    return response


def equipment_feed(request, pk):
    equipment = selectors.access_equipment(viewer=request.user, equipment_id=pk)
    now = timezone.now()
    slots = Slot.objects.filter(
        equipment=equipment, ends_at__gte=now - PAST, starts_at__lte=now + FUTURE
    ).order_by("starts_at")
    return _ics(feeds.equipment_feed(equipment, slots), f"qiao-lab-{equipment.pk}")


def personal_feed(request, token):
    feed_token = get_object_or_404(FeedToken.objects.select_related("user"), token=token)
    user = feed_token.user
    now = timezone.now()
    bookings = (
        Booking.objects.filter(
            booked_by=user,
            status__in=[*Booking.HOLDING_STATUSES, Booking.Status.COMPLETED],
            ends_at__gte=now - PAST,
        )
        .select_related("equipment", "equipment__organisation")
        .order_by("starts_at")
    )
    return _ics(feeds.personal_feed(user, bookings, user.language), "qiao-lab-bookings")
