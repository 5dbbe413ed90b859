"""A person's policy deadlines as iCalendar (RFC 5545), reached by a secret URL.

One all-day event per deadline of a published policy that one of the person's firms
qualifies for or might (unknown answers included: the deadline is when to fill them in).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from qiao.core.ics import ics_text
from qiao.policies.models import Policy


def deadlines_feed(policies: Iterable[Policy], language: str) -> bytes:
    with translation.override(language):
        calendar = Calendar()
        calendar.add("prodid", "-//Qiao//Support policies//ZH")
        calendar.add("version", "2.0")
        calendar.add("x-wr-calname", ics_text(_("Policy deadlines")))
        calendar.add("x-wr-timezone", settings.TIME_ZONE)
        for policy in policies:
            event = Event()
            event.add("uid", f"policy-deadline-{policy.pk}@qiao")
            event.add("dtstamp", timezone.now())
            event.add("dtstart", policy.closes_on)
            event.add("dtend", policy.closes_on + datetime.timedelta(days=1))
            event.add("summary", ics_text(_("Deadline: %(title)s") % {"title": policy.title}))
            if policy.office or policy.phone:
                event.add("location", ics_text(f"{policy.office} {policy.phone}".strip()))
            event.add("url", f"{settings.QIAO_BASE_URL}/policies/{policy.pk}/")
            calendar.add_component(event)
        return calendar.to_ical()
