"""Training pages: a member asks to be trained; the lab manager answers the requests, and
revokes or removes training records; photos are removed here too (the manager's buttons)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qiao.lab import clock, selectors, services
from qiao.lab.forms import ReasonForm, TrainingGrantForm, TrainingRequestForm
from qiao.lab.models import TrainingRequest
from qiao.lab.views.common import error_text

__all__ = [
    "equipment_photo_remove",
    "equipment_trainings",
    "training_remove",
    "training_request",
    "training_request_answer",
    "training_requests",
    "training_revoke",
]


def _fail(request, error: Exception) -> None:
    if isinstance(error, ValidationError):
        messages.error(request, error_text(error))
    else:
        messages.error(request, _("You may not do this."))


@login_required
@require_POST
def training_request(request, pk):
    """The member's "ask to be trained" button on the instrument's page."""
    equipment = selectors.access_equipment(viewer=request.user, equipment_id=pk)
    form = TrainingRequestForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.request_training(equipment=equipment, user=request.user, note=note)
        messages.success(request, _("Your request was sent to the lab."))
    except (ValidationError, PermissionDenied) as error:
        _fail(request, error)
    return redirect("lab:equipment_detail", equipment.pk)


@login_required
def training_requests(request):
    """The requests waiting for the viewer (as a lab manager) and the viewer's own."""
    waiting = [
        (r, TrainingGrantForm(prefix=f"grant-{r.pk}", initial={"trained_on": clock.today()}),
         ReasonForm(prefix=f"decline-{r.pk}"))
        for r in selectors.list_decidable_training_requests(viewer=request.user)[:200]
    ]  # fmt: skip
    return render(
        request,
        "lab/training_requests.html",
        {
            "waiting": waiting,
            "mine": selectors.list_my_training_requests(viewer=request.user)[:50],
        },
    )


@login_required
@require_POST
def training_request_answer(request, request_pk, action):
    """Grant or decline (lab managers), or withdraw (the person who asked)."""
    if action == "withdraw":
        own = get_object_or_404(
            selectors.list_my_training_requests(viewer=request.user), pk=request_pk
        )
        try:
            services.withdraw_training_request(training_request=own, withdrawn_by=request.user)
            messages.success(request, _("Request withdrawn."))
        except ValidationError as error:
            _fail(request, error)
        return redirect("lab:training_requests")
    if action not in ("grant", "decline"):
        raise Http404
    training_request: TrainingRequest = get_object_or_404(
        selectors.list_decidable_training_requests(viewer=request.user), pk=request_pk
    )
    try:
        if action == "grant":
            form = TrainingGrantForm(request.POST, prefix=f"grant-{training_request.pk}")
            if not form.is_valid():
                messages.error(request, _("Give the training date."))
                return redirect("lab:training_requests")
            services.grant_training_request(
                training_request=training_request, decided_by=request.user, **form.cleaned_data
            )
            messages.success(request, _("Training recorded; %(name)s is told.")
                             % {"name": training_request.user.get_short_name()})  # fmt: skip
        else:
            form = ReasonForm(request.POST, prefix=f"decline-{training_request.pk}")
            if not form.is_valid():
                messages.error(request, _("Say why."))
                return redirect("lab:training_requests")
            services.decline_training_request(
                training_request=training_request,
                decided_by=request.user,
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, _("Request declined; %(name)s is told.")
                             % {"name": training_request.user.get_short_name()})  # fmt: skip
    except (ValidationError, PermissionDenied) as error:
        _fail(request, error)
    return redirect("lab:training_requests")


@login_required
def equipment_trainings(request, pk):
    """The instrument's training records (expiry and revocation shown) for its manager."""
    equipment = selectors.access_managed_equipment(viewer=request.user, equipment_id=pk)
    today = clock.today()
    records = [
        (record, ReasonForm(prefix=f"revoke-{record.pk}"))
        for record in selectors.list_training_records(viewer=request.user, equipment=equipment)
    ]
    return render(
        request,
        "lab/equipment_trainings.html",
        {
            "equipment": equipment,
            "records": records,
            "today": today,
            "waiting": selectors.list_decidable_training_requests(viewer=request.user).filter(
                equipment=equipment
            ),
        },
    )


def _managed_record(request, pk, record_pk):
    equipment = selectors.access_managed_equipment(viewer=request.user, equipment_id=pk)
    return equipment, get_object_or_404(
        selectors.list_training_records(viewer=request.user, equipment=equipment), pk=record_pk
    )


@login_required
@require_POST
def training_revoke(request, pk, record_pk):
    equipment, record = _managed_record(request, pk, record_pk)
    form = ReasonForm(request.POST, prefix=f"revoke-{record.pk}")
    if not form.is_valid():
        messages.error(request, _("Say why."))
        return redirect("lab:equipment_trainings", equipment.pk)
    try:
        services.revoke_training(
            record=record, revoked_by=request.user, reason=form.cleaned_data["reason"]
        )
        messages.success(request, _("Training revoked; the person is told why."))
    except ValidationError as error:
        _fail(request, error)
    return redirect("lab:equipment_trainings", equipment.pk)


@login_required
@require_POST
def training_remove(request, pk, record_pk):
    equipment, record = _managed_record(request, pk, record_pk)
    services.remove_training(record=record, removed_by=request.user)
    messages.success(request, _("Training record removed."))
    return redirect("lab:equipment_trainings", equipment.pk)


@login_required
@require_POST
def equipment_photo_remove(request, pk, photo_pk):
    equipment = selectors.access_managed_equipment(viewer=request.user, equipment_id=pk)
    photo = get_object_or_404(equipment.photos.select_related("equipment"), pk=photo_pk)
    services.remove_equipment_photo(photo=photo, removed_by=request.user)
    messages.success(request, _("Photo removed."))
    return redirect("lab:equipment_detail", equipment.pk)
