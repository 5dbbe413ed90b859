"""A member's home: their work, and what changed since their last visit.

Each part comes from the owning app's permission-checked selector. "Since your last visit"
shows audit entries only where the owning page shows that trail to this viewer:
introductions to everyone who sees them, agreements to their parties, projects to their
organisation's members, an organisation's trail to its admins. (A listing's trail is for
operators only, so a member hears of their listings through new matches and the inbox.)
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.utils import timezone

from qiao.core.audit import AuditEntry
from qiao.directory.models import Organisation
from qiao.directory.roles import roles_of
from qiao.events.models import Meeting, Registration
from qiao.events.selectors import list_my_meetings, list_my_registrations
from qiao.inbox.models import Notification
from qiao.inbox.selectors import list_notifications
from qiao.lab.models import Booking
from qiao.lab.selectors import list_my_bookings
from qiao.market.models import Listing
from qiao.market.selectors import list_visible_listings
from qiao.matching.selectors import count_matches_by_listing
from qiao.pipeline.models import Agreement, AgreementParty, Introduction, Project
from qiao.pipeline.selectors import (
    filter_introductions,
    list_visible_agreements,
    list_visible_introductions,
    list_visible_projects,
)

# With no earlier visit, "since your last visit" looks back this far.
FIRST_VISIT_WINDOW = datetime.timedelta(days=14)
SHOWN = 8


@dataclass
class MyListing:
    listing: Listing
    matches: int = 0
    new_matches: int = 0


@dataclass
class MyWork:
    listings: list[MyListing]
    to_answer: list[Introduction]
    to_answer_count: int
    registrations: list[Registration]
    meetings: list[Meeting]
    bookings: list[Booking]


@dataclass
class SinceLastVisit:
    since: datetime.datetime
    first_visit: bool
    new_matches: int
    notifications: list[Notification] = field(default_factory=list)
    entries: list[AuditEntry] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.new_matches or self.notifications or self.entries)


def list_my_listings(*, viewer) -> QuerySet[Listing]:
    """The listings of the viewer's organisations (any status but closed), newest first."""
    return (
        list_visible_listings(viewer=viewer)
        .filter(organisation_id__in=roles_of(viewer).member_of)
        .exclude(status__in=[Listing.Status.CLOSED, Listing.Status.CLOSED_DEAL])
        .select_related("organisation")
        .order_by("-updated_at", "-id")
    )


def get_my_work(*, viewer, since: datetime.datetime, now=None) -> MyWork:
    """The viewer's listings (with matches, and those new since ``since``), introductions
    waiting for their organisation's answer, their events, meetings and lab bookings ahead."""
    now = now or timezone.now()
    listings = list(list_my_listings(viewer=viewer)[:SHOWN])
    counts = count_matches_by_listing(
        viewer=viewer, listing_ids=[item.pk for item in listings], since=since
    )
    to_answer = filter_introductions(
        list_visible_introductions(viewer=viewer), viewer=viewer, show="to_answer"
    ).order_by("created_at")
    bookings = list_my_bookings(viewer=viewer).filter(
        ends_at__gte=now, status__in=Booking.CANCELLABLE_STATUSES
    )
    return MyWork(
        listings=[MyListing(item, *counts.get(item.pk, (0, 0))) for item in listings],
        to_answer=list(to_answer[:SHOWN]),
        to_answer_count=to_answer.count(),
        registrations=list(list_my_registrations(viewer=viewer, today=now.date())[:SHOWN]),
        meetings=list(list_my_meetings(viewer=viewer, since=now)[:SHOWN]),
        bookings=list(bookings.order_by("starts_at", "id")[:SHOWN]),
    )


def _entries_q(viewer) -> Q:
    """Audit entries of the objects whose trail the owning pages show to this viewer."""
    roles = roles_of(viewer)
    party = AgreementParty.objects.filter(organisation_id__in=roles.member_of)
    agreements = list_visible_agreements(viewer=viewer).filter(pk__in=party.values("agreement"))
    projects = list_visible_projects(viewer=viewer).filter(organisation_id__in=roles.member_of)
    trails = [
        (Introduction, list_visible_introductions(viewer=viewer).values("pk")),
        (Agreement, agreements.values("pk")),
        (Project, projects.values("pk")),
        (Organisation, Organisation.objects.filter(pk__in=roles.admin_of).values("pk")),
    ]
    q = Q(pk__in=[])
    for model, ids in trails:
        q |= Q(content_type=ContentType.objects.get_for_model(model), object_id__in=ids)
    return q


def news_since(previous_visit: datetime.datetime | None, *, now=None) -> datetime.datetime:
    """From when "since your last visit" counts: the previous visit, or a fortnight back."""
    return previous_visit or (now or timezone.now()) - FIRST_VISIT_WINDOW


def get_since_last_visit(
    *, viewer, since: datetime.datetime, first_visit: bool, work: MyWork
) -> SinceLastVisit:
    """What happened after ``since`` that the viewer did not do themselves: changes on what
    they may see, new matches for their listings (``work`` counted them), notifications."""
    entries = (
        AuditEntry.objects.filter(_entries_q(viewer), at__gt=since)
        .exclude(actor=viewer)
        .select_related("actor", "content_type")
        .order_by("-at", "-id")
    )
    return SinceLastVisit(
        since=since,
        first_visit=first_visit,
        new_matches=sum(item.new_matches for item in work.listings),
        notifications=list(
            list_notifications(recipient=viewer).filter(created_at__gt=since)[:SHOWN]
        ),
        entries=list(entries[:SHOWN]),
    )
