"""The organiser corrects the set-up: each session, participant type, zone, exhibitor and
slot can be edited or removed (the services refuse, with the reason, where meetings or
registrations depend on it), the rule table is set as a whole, and registrations are
decided in bulk."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from qiao.events import selectors, services
from qiao.events.forms import (
    BoothForm,
    BulkDecisionForm,
    SessionForm,
    SlotForm,
    TypeEditForm,
    ZoneForm,
)
from qiao.events.models import (
    Exhibitor,
    MeetingSlot,
    ParticipantType,
    Registration,
    Session,
    Zone,
)

__all__ = ["setup_item", "rule_table", "registrations_decide", "setup_forms"]


def _report(request, error: Exception) -> None:
    if isinstance(error, ValidationError):
        messages.error(request, " ".join(str(m) for m in error.messages))
    else:
        messages.error(request, _("You may not do this."))


def _items(kind: str, event):
    if kind == "type":
        return ParticipantType.objects.filter(event=event)
    if kind == "session":
        return Session.objects.filter(event=event)
    if kind == "zone":
        return Zone.objects.filter(event=event)
    if kind == "exhibitor":
        return Exhibitor.objects.filter(zone__event=event).select_related(
            "zone__event", "organisation"
        )
    if kind == "slot":
        return MeetingSlot.objects.filter(event=event)
    raise Http404


def _form(kind: str, item, data=None):
    prefix = f"{kind}-{item.pk}"
    if kind == "type":
        return TypeEditForm(data, instance=item, prefix=prefix)
    if kind == "session":
        return SessionForm(data, instance=item, prefix=prefix)
    if kind == "zone":
        initial = {"name_zh": item.name_zh, "name_en": item.name_en}
        return ZoneForm(data, initial=initial, prefix=prefix)
    if kind == "exhibitor":
        return BoothForm(data, initial={"booth": item.booth}, prefix=prefix)
    return SlotForm(data, initial={"tables": item.tables}, prefix=prefix)


def setup_forms(event) -> dict:
    """Each item of the set-up with its edit form, for the organiser's page."""
    return {
        f"{kind}_rows": [(item, _form(kind, item)) for item in _items(kind, event)]
        for kind in ("type", "session", "zone", "exhibitor", "slot")
    }


def _save(kind: str, item, data: dict, user) -> None:
    if kind == "type":
        services.update_participant_type(participant_type=item, updated_by=user, **data)
    elif kind == "session":
        services.update_session(session=item, updated_by=user, **data)
    elif kind == "zone":
        services.update_zone(zone=item, updated_by=user, **data)
    elif kind == "exhibitor":
        services.update_exhibitor(exhibitor=item, updated_by=user, **data)
    else:
        services.update_slot(slot=item, updated_by=user, **data)


def _remove(kind: str, item, user) -> None:
    remove = {
        "type": lambda: services.remove_participant_type(participant_type=item, removed_by=user),
        "session": lambda: services.remove_session(session=item, removed_by=user),
        "zone": lambda: services.remove_zone(zone=item, removed_by=user),
        "exhibitor": lambda: services.remove_exhibitor(exhibitor=item, removed_by=user),
        "slot": lambda: services.remove_slot(slot=item, removed_by=user),
    }
    remove[kind]()


def _back(event_pk: int, kind: str):
    return redirect(reverse("events:event_manage", args=[event_pk]) + f"#setup-{kind}")


@login_required
@require_POST
def setup_item(request, pk, kind, item_pk):
    event = selectors.access_organised_event(viewer=request.user, event_id=pk)
    item = get_object_or_404(_items(kind, event), pk=item_pk)
    try:
        if request.POST.get("action") == "remove":
            _remove(kind, item, request.user)
            messages.success(request, _("Removed."))
        else:
            form = _form(kind, item, request.POST)
            if not form.is_valid():
                errors = [str(e) for field in form.errors.values() for e in field]
                messages.error(request, " ".join(errors))
                return _back(pk, kind)
            _save(kind, item, dict(form.cleaned_data), request.user)
            messages.success(request, _("Saved."))
    except (ValidationError, PermissionDenied) as error:
        _report(request, error)
    return _back(pk, kind)


@login_required
@require_POST
def rule_table(request, pk):
    """Set who may ask whom: one checkbox per (asking type, asked type)."""
    event = selectors.access_organised_event(viewer=request.user, event_id=pk)
    pairs = set()
    for value in request.POST.getlist("ask"):
        first, _sep, second = value.partition("-")
        if first.isdigit() and second.isdigit():
            pairs.add((int(first), int(second)))
    try:
        services.set_meeting_rules(event=event, set_by=request.user, pairs=pairs)
    except (ValidationError, PermissionDenied) as error:
        _report(request, error)
    else:
        messages.success(request, _("The rules were saved."))
    return _back(pk, "rules")


@login_required
@require_POST
def registrations_decide(request, pk):
    """Approve or decline the chosen pending registrations at once (all or none)."""
    event = selectors.access_organised_event(viewer=request.user, event_id=pk)
    pending = Registration.objects.filter(event=event, status=Registration.Status.PENDING)
    form = BulkDecisionForm(request.POST, pending=pending)
    if not form.is_valid():
        messages.error(request, _("Choose the registrations to decide."))
        return _back(pk, "registrations")
    chosen = list(pending.filter(pk__in=form.cleaned_data["registration"]))
    approve = form.cleaned_data["decision"] == "approve"
    try:
        count = services.decide_registrations(
            event=event,
            registrations=chosen,
            decided_by=request.user,
            approve=approve,
            reason=form.cleaned_data["reason"],
        )
    except (ValidationError, PermissionDenied) as error:
        _report(request, error)
    else:
        text = (
            ngettext("%(count)d registration approved.", "%(count)d registrations approved.", count)
            if approve
            else ngettext(
                "%(count)d registration declined.", "%(count)d registrations declined.", count
            )
        )
        messages.success(request, text % {"count": count})
    return _back(pk, "registrations")
