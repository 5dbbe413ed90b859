"""Catalogue pages: search, an instrument with its week calendar, and the lab manager's forms."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qiao.core import limits
from qiao.core.audit import list_audit_entries
from qiao.core.errors import Conflict
from qiao.core.forms import show_conflict
from qiao.directory.roles import roles_of
from qiao.lab import clock, selectors, services
from qiao.lab.calendar import build_week, monday_of
from qiao.lab.forms import (
    BookingForm,
    EquipmentForm,
    EquipmentSearchForm,
    MaintenanceForm,
    PhotoForm,
    TrainingForm,
)
from qiao.lab.hours import weekly_hours
from qiao.lab.models import Booking, CustomerType, Equipment, OpeningHours
from qiao.lab.views.common import add_errors, error_text

PAGE_SIZE = 20


def _filters(request) -> selectors.EquipmentFilter:
    form = EquipmentSearchForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    return selectors.EquipmentFilter(
        q=(data.get("q") or "").strip(),
        category=data.get("category") or "",
        kind=data.get("kind") or "",
        city=(data.get("city") or "").strip(),
        organisation=data.get("organisation"),
        no_training=bool(data.get("no_training")),
        no_approval=bool(data.get("no_approval")),
    )


def equipment_list(request):
    filters = _filters(request)
    equipment = selectors.search_equipment(viewer=request.user, filters=filters)
    query = request.GET.copy()
    query.pop("page", None)
    roles = roles_of(request.user)
    context = {
        "filters": filters,
        "querystring": query.urlencode(),
        "page": limits.get_page(Paginator(equipment, PAGE_SIZE), request.GET.get("page")),
        "categories": Equipment.Category.choices,
        "kinds": Equipment.Kind.choices,
        "can_add": roles.is_operator or bool(roles.admin_of),
    }
    if request.htmx and request.htmx.target == "results":
        return render(request, "lab/partials/equipment_results.html", context)
    return render(request, "lab/equipment_list.html", context)


def _week_start(request) -> datetime.date:
    day = limits.parse_date_param(request.GET.get("week"), default=clock.today(), name="week")
    return monday_of(day)


def _visible_booking_ids(request, equipment: Equipment, manager: bool) -> frozenset[int]:
    if not request.user.is_authenticated:
        return frozenset()
    bookings = Booking.objects.filter(equipment=equipment, status__in=Booking.HOLDING_STATUSES)
    if not manager:
        bookings = bookings.filter(booked_by=request.user)
    return frozenset(bookings.values_list("pk", flat=True))


def _booking_form(request, equipment: Equipment, manager: bool, data=None) -> BookingForm | None:
    roles = roles_of(request.user)
    if not equipment.is_bookable or not (manager or roles.member_of):
        return None
    initial = {}
    if "start" in request.GET:
        try:
            start = timezone.localtime(datetime.datetime.fromisoformat(request.GET["start"]))
            initial = {"day": start.date(), "start": start.time().strftime("%H:%M")}
        except ValueError:
            pass
    return BookingForm(
        data, user=request.user, equipment=equipment, manager=manager, initial=initial
    )


def equipment_detail(request, pk, booking_form: BookingForm | None = None):
    equipment = selectors.access_equipment(viewer=request.user, equipment_id=pk)
    manager = selectors.is_lab_manager(viewer=request.user, equipment=equipment)
    week = build_week(
        equipment=equipment,
        monday=_week_start(request),
        visible_booking_ids=_visible_booking_ids(request, equipment, manager),
    )
    if request.htmx and request.htmx.target == "calendar":
        return render(request, "lab/partials/week.html", {"equipment": equipment, "week": week})
    customer_type = selectors.viewer_customer_type(viewer=request.user, equipment=equipment)
    context = {
        "equipment": equipment,
        "week": week,
        "manager": manager,
        "photos": equipment.photos.all(),
        "specifications": [s for s in equipment.specifications.splitlines() if s.strip()],
        "rates": [
            (label, equipment.rate_for(value), value == customer_type)
            for value, label in CustomerType.choices
        ],
        "booking_form": booking_form or _booking_form(request, equipment, manager),
        "trained": request.user.is_authenticated
        and selectors.has_valid_training(user=request.user, equipment=equipment, day=clock.today()),
        "statuses": Equipment.Status.choices,
        "weekly": _weekly(equipment),
        "training_request": selectors.list_my_training_requests(viewer=request.user)
        .filter(equipment=equipment, status="open")
        .first(),
    }
    if manager:
        context.update(
            maintenance_form=MaintenanceForm(),
            training_form=TrainingForm(),
            photo_form=PhotoForm(),
            trainings=selectors.list_training_records(viewer=request.user, equipment=equipment),
            training_waiting=selectors.list_decidable_training_requests(viewer=request.user)
            .filter(equipment=equipment)
            .count(),
            today=clock.today(),
            maintenance_windows=equipment.maintenance_windows.filter(ends_at__gte=clock.now()),
            audit_entries=list_audit_entries(equipment),
        )
    return render(request, "lab/equipment_detail.html", context)


def _weekly(equipment: Equipment) -> list:
    week = weekly_hours(equipment)
    return [(label, week.get(day)) for day, label in OpeningHours.Weekday.choices]


def _save_equipment(request, form: EquipmentForm, equipment: Equipment | None):
    try:
        if equipment is None:
            return services.create_equipment(
                created_by=request.user, organisation=form.owner(), **form.equipment_fields()
            )
        return services.update_equipment(
            equipment=equipment,
            updated_by=request.user,
            version=form.cleaned_data.get("version"),
            organisation=form.owner(),
            **form.equipment_fields(),
        )
    except Conflict as conflict:
        show_conflict(form, conflict)
        form.conflict = True
    except ValidationError as error:
        add_errors(form, error)
    except PermissionDenied:
        form.add_error(None, _("You may not manage instruments of this organisation."))
    return None


@login_required
def equipment_create(request):
    roles = roles_of(request.user)
    if not (roles.is_operator or roles.admin_of):
        raise Http404
    form = EquipmentForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        equipment = _save_equipment(request, form, None)
        if equipment is not None:
            messages.success(request, _("Saved as a draft. Make it bookable when ready."))
            return redirect("lab:equipment_detail", equipment.pk)
    return render(request, "lab/equipment_form.html", {"form": form, "equipment": None})


@login_required
def equipment_edit(request, pk):
    equipment = selectors.access_managed_equipment(viewer=request.user, equipment_id=pk)
    # The form works on its own copy: a ModelForm writes the posted values into its
    # instance while validating, and the service must see the stored ones to know what
    # changed (and to audit it).
    shown = selectors.access_managed_equipment(viewer=request.user, equipment_id=pk)
    form = EquipmentForm(request.POST or None, instance=shown, user=request.user)
    if request.method == "POST" and form.is_valid():
        saved = _save_equipment(request, form, equipment)
        if saved is not None:
            messages.success(request, _("Saved."))
            return redirect("lab:equipment_detail", saved.pk)
    status = 409 if getattr(form, "conflict", False) else 200
    return render(
        request, "lab/equipment_form.html", {"form": form, "equipment": equipment}, status=status
    )


@login_required
@require_POST
def equipment_status(request, pk):
    equipment = selectors.access_managed_equipment(viewer=request.user, equipment_id=pk)
    status = request.POST.get("status", "")
    if status == Equipment.Status.OUT_OF_SERVICE and services.affected_bookings(
        equipment=equipment
    ):
        return redirect("lab:equipment_outage", equipment.pk)
    try:
        services.change_equipment_status(
            equipment=equipment, status=request.POST.get("status", ""), changed_by=request.user
        )
        messages.success(
            request,
            _("Status changed to “%(status)s”.") % {"status": equipment.get_status_display()},
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    return redirect("lab:equipment_detail", equipment.pk)


@login_required
@require_POST
def equipment_photo_add(request, pk):
    equipment = selectors.access_managed_equipment(viewer=request.user, equipment_id=pk)
    form = PhotoForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a photo to upload."))
        return redirect("lab:equipment_detail", equipment.pk)
    try:
        services.add_equipment_photo(
            equipment=equipment, upload=form.cleaned_data["file"], uploaded_by=request.user
        )
        messages.success(request, _("Photo added."))
    except ValidationError as error:
        messages.error(request, error_text(error))
    return redirect("lab:equipment_detail", equipment.pk)


def equipment_photo(request, pk, photo_pk):
    """Serve a photo through the instrument's access check (never from /media/)."""
    equipment = selectors.access_equipment(viewer=request.user, equipment_id=pk)
    photo = get_object_or_404(equipment.photos, pk=photo_pk)
    return FileResponse(photo.file.open("rb"), content_type=photo.content_type)


@login_required
@require_POST
def maintenance_add(request, pk):
    equipment = selectors.access_managed_equipment(viewer=request.user, equipment_id=pk)
    form = MaintenanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the start and the end of the maintenance window."))
        return redirect("lab:equipment_detail", equipment.pk)
    data = dict(form.cleaned_data)
    cancel_affected = data.pop("cancel_affected")
    try:
        with transaction.atomic():
            if cancel_affected:
                hit = services.affected_bookings(
                    equipment=equipment, starts_at=data["starts_at"], ends_at=data["ends_at"]
                )
                services.settle_affected(
                    equipment=equipment, cancel={b.pk for b in hit}, by=request.user,
                    reason=services.MAINTENANCE, starts_at=data["starts_at"],
                    ends_at=data["ends_at"],
                )  # fmt: skip
            services.add_maintenance_window(equipment=equipment, created_by=request.user, **data)
        messages.success(request, _("Maintenance window added."))
    except ValidationError as error:
        messages.error(request, error_text(error))
    return redirect("lab:equipment_detail", equipment.pk)


@login_required
@require_POST
def maintenance_remove(request, pk, window_pk):
    equipment = selectors.access_managed_equipment(viewer=request.user, equipment_id=pk)
    window = get_object_or_404(equipment.maintenance_windows, pk=window_pk)
    services.remove_maintenance_window(window=window, removed_by=request.user)
    messages.success(request, _("Maintenance window removed."))
    return redirect("lab:equipment_detail", equipment.pk)


@login_required
@require_POST
def training_add(request, pk):
    equipment = selectors.access_managed_equipment(viewer=request.user, equipment_id=pk)
    form = TrainingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the person's e-mail and the training date."))
        return redirect("lab:equipment_detail", equipment.pk)
    data = form.cleaned_data
    trainee = get_user_model().objects.filter(email__iexact=data.pop("email")).first()
    if trainee is None:
        messages.error(request, _("Nobody signs in to Qiao with this e-mail address."))
        return redirect("lab:equipment_detail", equipment.pk)
    try:
        services.record_training(equipment=equipment, user=trainee, trained_by=request.user, **data)
        messages.success(request, _("Training recorded."))
    except ValidationError as error:
        messages.error(request, error_text(error))
    return redirect("lab:equipment_detail", equipment.pk)


@login_required
def equipment_outage(request, pk):
    """List the bookings an outage hits; the manager cancels or keeps each, then confirms."""
    equipment = selectors.access_managed_equipment(viewer=request.user, equipment_id=pk)
    affected = list(services.affected_bookings(equipment=equipment)[:500])
    if request.method == "POST":
        chosen = {int(v) for v in request.POST.getlist("cancel") if v.isdigit()}
        cancelled, kept = services.take_out_of_service(
            equipment=equipment, cancel=chosen, changed_by=request.user
        )
        messages.success(
            request,
            _(
                "Out of service. %(cancelled)d bookings cancelled, %(kept)d kept; every booker is told."
            )
            % {"cancelled": cancelled, "kept": kept},
        )
        return redirect("lab:equipment_detail", equipment.pk)
    return render(
        request, "lab/equipment_outage.html", {"equipment": equipment, "affected": affected}
    )
