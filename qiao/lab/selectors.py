"""Read queries of the shared lab. Nothing here writes.

Who may see what:

* the catalogue (bookable and out-of-service equipment) is public; drafts and retired
  equipment only for its lab managers and operators;
* the calendar shows everyone free and taken time, never who took it;
* a booking is seen by its booker, the instrument's lab managers (admins of the owner
  organisation) and operators; a forbidden booking answers 404 like a missing one;
* a statement is seen by the members of the organisation billed and by operators; a lab's
  statement (the bookings of its instruments) also by the lab's managers.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from qiao.core.search import filter_by_search
from qiao.directory.models import Membership, Organisation
from qiao.directory.roles import roles_of
from qiao.lab import clock
from qiao.lab.models import (
    Booking,
    CustomerType,
    Equipment,
    FeedToken,
    Slot,
    Statement,
    TrainingRecord,
    TrainingRequest,
    Voucher,
)
from qiao.lab.policies import runs
from qiao.lab.search import expand_with_glossary


@dataclass(frozen=True)
class EquipmentFilter:
    """What a catalogue search asks for; every field is optional."""

    q: str = ""
    category: str = ""
    kind: str = ""
    organisation: int | None = None
    city: str = ""
    no_training: bool = False
    no_approval: bool = False


def is_lab_manager(*, viewer, equipment: Equipment) -> bool:
    """Return whether the viewer manages the instrument: an admin of its owner, or an operator."""
    roles = roles_of(viewer)
    return roles.is_operator or equipment.organisation_id in roles.admin_of


def list_visible_equipment(*, viewer) -> QuerySet[Equipment]:
    roles = roles_of(viewer)
    if roles.is_operator:
        return Equipment.objects.all()
    listed = Q(status__in=Equipment.LISTED_STATUSES)
    if roles.admin_of:
        listed |= Q(organisation_id__in=roles.admin_of)
    return Equipment.objects.filter(listed)


def list_managed_equipment(*, viewer) -> QuerySet[Equipment]:
    roles = roles_of(viewer)
    if roles.is_operator:
        return Equipment.objects.all()
    return Equipment.objects.filter(organisation_id__in=roles.admin_of)


def access_equipment(*, viewer, equipment_id: int) -> Equipment:
    return get_object_or_404(
        list_visible_equipment(viewer=viewer).select_related("organisation"), pk=equipment_id
    )


def access_managed_equipment(*, viewer, equipment_id: int) -> Equipment:
    """Return the instrument if the viewer manages it; 404 otherwise (also if merely visible)."""
    equipment = access_equipment(viewer=viewer, equipment_id=equipment_id)
    if not is_lab_manager(viewer=viewer, equipment=equipment):
        raise Http404
    return equipment


def search_equipment(*, viewer, filters: EquipmentFilter) -> QuerySet[Equipment]:
    """Return the visible equipment matching every filter, by name; the words of the query
    that name a glossary concept match any of its names (``lab/search.py``)."""
    equipment = list_visible_equipment(viewer=viewer)
    if filters.category:
        equipment = equipment.filter(category=filters.category)
    if filters.kind:
        equipment = equipment.filter(kind=filters.kind)
    if filters.organisation:
        equipment = equipment.filter(organisation_id=filters.organisation)
    if filters.city:
        equipment = equipment.filter(organisation__city=filters.city)
    if filters.no_training:
        equipment = equipment.filter(requires_training=False)
    if filters.no_approval:
        equipment = equipment.filter(requires_approval=False)
    if filters.q.strip():
        equipment = filter_by_search(equipment, filters.q, expand=expand_with_glossary)
    return equipment.select_related("organisation").order_by("name_zh", "id")


def customer_type_for(*, equipment: Equipment, organisation: Organisation) -> str:
    """Return the rate class of a booking billed to ``organisation``.

    Own staff: billed to the owner organisation. Cluster member: billed to an organisation
    whose people sign in to Qiao (it has memberships). External: anyone else, booked for
    them by a lab manager.
    """
    if organisation.pk == equipment.organisation_id:
        return CustomerType.OWN
    if Membership.objects.filter(organisation=organisation).exists():
        return CustomerType.MEMBER
    return CustomerType.EXTERNAL


def viewer_customer_type(*, viewer, equipment: Equipment) -> str | None:
    """Return the rate class the viewer books at by default, None if they cannot book."""
    roles = roles_of(viewer)
    if equipment.organisation_id in roles.member_of:
        return CustomerType.OWN
    if roles.member_of:
        return CustomerType.MEMBER
    return None


def has_valid_training(*, user, equipment: Equipment, day: datetime.date) -> bool:
    records = TrainingRecord.objects.filter(
        equipment=equipment, user=user, trained_on__lte=day, revoked_at__isnull=True
    )
    return records.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day)).exists()


@dataclass(frozen=True)
class BusyInterval:
    """Taken time on the calendar: whose it is shows only to those allowed to know."""

    starts_at: datetime.datetime
    ends_at: datetime.datetime
    is_maintenance: bool
    booking_id: int | None
    status: str


def list_busy_intervals(
    *, equipment: Equipment, starts_at: datetime.datetime, ends_at: datetime.datetime
) -> list[BusyInterval]:
    """Return the taken time of an instrument overlapping [starts_at, ends_at), in order."""
    slots = (
        Slot.objects.filter(equipment=equipment, starts_at__lt=ends_at, ends_at__gt=starts_at)
        .order_by("starts_at")
        .values_list("starts_at", "ends_at", "maintenance_id", "booking_id", "booking__status")
    )
    return [
        BusyInterval(start, end, maintenance_id is not None, booking_id, status or "")
        for start, end, maintenance_id, booking_id, status in slots
    ]


def list_visible_bookings(*, viewer) -> QuerySet[Booking]:
    """Return the bookings the viewer may see: their own, their instruments', or all."""
    roles = roles_of(viewer)
    if roles.is_operator:
        return Booking.objects.all()
    if not roles.is_authenticated:
        return Booking.objects.none()
    return Booking.objects.filter(
        Q(booked_by=viewer) | Q(equipment__organisation_id__in=roles.admin_of)
    )


def access_booking(*, viewer, booking_id: int) -> Booking:
    return get_object_or_404(
        list_visible_bookings(viewer=viewer).select_related(
            "equipment", "equipment__organisation", "organisation", "booked_by"
        ),
        pk=booking_id,
    )


def list_my_bookings(*, viewer) -> QuerySet[Booking]:
    return (
        Booking.objects.filter(booked_by=viewer)
        .select_related("equipment", "organisation")
        .order_by("-starts_at", "-id")
    )


def list_bookings_to_manage(*, viewer) -> QuerySet[Booking]:
    """Return the bookings of the viewer's instruments that wait for approval or are upcoming."""
    managed = list_managed_equipment(viewer=viewer)
    since = clock.now() - datetime.timedelta(days=7)
    return (
        Booking.objects.filter(equipment__in=managed, ends_at__gte=since)
        .exclude(status__in=[Booking.Status.CANCELLED, Booking.Status.DECLINED])
        .select_related("equipment", "organisation", "booked_by")
        .order_by("starts_at", "id")
    )


def list_training_records(*, viewer, equipment: Equipment) -> QuerySet[TrainingRecord]:
    if not is_lab_manager(viewer=viewer, equipment=equipment):
        return TrainingRecord.objects.filter(equipment=equipment, user=viewer)
    return equipment.trainings.select_related("user")


def list_decidable_training_requests(*, viewer) -> QuerySet[TrainingRequest]:
    """Open training requests on the instruments the viewer manages (operators: all)."""
    roles = roles_of(viewer)
    requests = TrainingRequest.objects.filter(status=TrainingRequest.Status.OPEN).select_related(
        "equipment__organisation", "user"
    )
    if not roles.is_operator:
        requests = requests.filter(equipment__organisation_id__in=roles.admin_of)
    return requests.order_by("created_at", "id")


def list_my_training_requests(*, viewer) -> QuerySet[TrainingRequest]:
    """The viewer's own training requests, newest first, with the lab's answer."""
    if not viewer.is_authenticated:
        return TrainingRequest.objects.none()
    return (
        TrainingRequest.objects.filter(user=viewer)
        .select_related("equipment")
        .order_by("-created_at", "-id")
    )


def list_billable_organisations(*, viewer) -> QuerySet[Organisation]:
    """Return the organisations whose statements the viewer may see."""
    roles = roles_of(viewer)
    if roles.is_operator:
        billed = Booking.objects.filter(organisation=OuterRef("pk"))
        return Organisation.objects.filter(Exists(billed))
    return Organisation.objects.filter(pk__in=roles.member_of)


def access_statement_organisation(*, viewer, organisation_id: int) -> Organisation:
    return get_object_or_404(list_billable_organisations(viewer=viewer), pk=organisation_id)


def list_managed_labs(*, viewer) -> QuerySet[Organisation]:
    """Return the organisations whose instruments the viewer manages (operators: every lab)."""
    labs = Organisation.objects.filter(
        Exists(Equipment.objects.filter(organisation=OuterRef("pk")))
    )
    roles = roles_of(viewer)
    if not roles.is_operator:
        labs = labs.filter(pk__in=roles.admin_of)
    return labs.order_by("name_zh")


def list_lab_customers(*, lab: Organisation) -> QuerySet[Organisation]:
    """Return the organisations that booked (were billed for) the lab's instruments."""
    billed = Booking.objects.filter(organisation=OuterRef("pk"), equipment__organisation=lab)
    return Organisation.objects.filter(Exists(billed)).order_by("name_zh")


def list_customers_of_managed_labs(*, viewer) -> QuerySet[Organisation]:
    labs = list_managed_labs(viewer=viewer)
    billed = Booking.objects.filter(organisation=OuterRef("pk"), equipment__organisation__in=labs)
    return Organisation.objects.filter(Exists(billed)).order_by("name_zh")


def access_lab_statement(
    *, viewer, organisation_id: int, lab_id: int
) -> tuple[Organisation, Organisation]:
    """Return (customer, lab) of a lab's statement the viewer may see; 404 otherwise.

    The lab's managers (and operators) see the statement of any organisation that booked
    its instruments; the customer's members see their own. Nobody else learns it exists.
    """
    lab = get_object_or_404(
        Organisation.objects.filter(Exists(Equipment.objects.filter(organisation=OuterRef("pk")))),
        pk=lab_id,
    )
    if runs(viewer, lab.pk) and viewer is not None:
        customers = list_lab_customers(lab=lab)
    else:
        customers = list_billable_organisations(viewer=viewer).filter(
            pk__in=roles_of(viewer).member_of
        )
    return get_object_or_404(customers, pk=organisation_id), lab


def get_statement(*, organisation: Organisation, month: datetime.date) -> Statement | None:
    return Statement.objects.filter(organisation=organisation, month=month).first()


def list_vouchers(*, viewer, organisation: Organisation | None = None) -> QuerySet[Voucher]:
    """Vouchers of the viewer's organisations and, for lab managers, of their customers."""
    roles = roles_of(viewer)
    vouchers = Voucher.objects.select_related("organisation")
    if not roles.is_operator:
        customers = list_customers_of_managed_labs(viewer=viewer).values("pk")
        vouchers = vouchers.filter(
            Q(organisation_id__in=roles.member_of) | Q(organisation__in=customers)
        )
    if organisation is not None:
        vouchers = vouchers.filter(organisation=organisation)
    return vouchers


def get_feed_token(*, user) -> FeedToken | None:
    """Return the user's private calendar feed token, if they asked for one."""
    if not user.is_authenticated:
        return None
    return FeedToken.objects.filter(user=user).first()
