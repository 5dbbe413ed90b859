"""Pages of events: list and detail, registration and approval, requests with
recommendations, the organiser's planning and board, agendas (printable and ICS)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qiao.core.errors import Conflict
from qiao.core.forms import show_conflict
from qiao.core.http import safe_next_url
from qiao.directory.models import Organisation
from qiao.directory.roles import roles_of
from qiao.events import calendar, selectors, services
from qiao.events.forms import (
    EventEditForm,
    EventForm,
    ExhibitorForm,
    ParticipantTypeForm,
    ProfileForm,
    RegisterForm,
    RequestForm,
    RulesForm,
    SessionForm,
    ZoneForm,
)
from qiao.events.models import Event, Meeting, MeetingSlot, Registration
from qiao.events.views.setup import setup_forms


def _errors(error: ValidationError) -> str:
    return " ".join(str(m) for m in error.messages)


def _report(request, error: Exception) -> None:
    if isinstance(error, ValidationError):
        messages.error(request, _errors(error))
    else:
        messages.error(request, _("You may not do this."))


def event_list(request):
    events = selectors.list_visible_events(viewer=request.user).order_by("-starts_on", "pk")
    roles = roles_of(request.user)
    return render(
        request,
        "events/event_list.html",
        {"events": events, "can_create": roles.is_operator or bool(roles.admin_of)},
    )


def _organisable(user):
    roles = roles_of(user)
    if roles.is_operator:
        return Organisation.objects.all()
    return Organisation.objects.filter(pk__in=roles.admin_of)


@login_required
def event_create(request):
    organisations = _organisable(request.user)
    if not organisations.exists():
        raise PermissionDenied
    form = EventForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        organiser = data.pop("organiser")
        try:
            event = services.create_event(created_by=request.user, organiser=organiser, **data)
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(request, _("The event was created as a draft."))
            return redirect("events:event_manage", event.pk)
    return render(request, "events/event_form.html", {"form": form})


def event_detail(request, pk):
    event = selectors.access_event(viewer=request.user, event_id=pk)
    mine = selectors.my_registration(viewer=request.user, event=event)
    roles = roles_of(request.user)
    register_form = None
    if (
        roles.is_authenticated
        and roles.member_of
        and (mine is None or mine.status == Registration.Status.CANCELLED)
        and event.status == Event.Status.PUBLISHED
        and event.registration_open
    ):
        register_form = RegisterForm(
            organisations=Organisation.objects.filter(pk__in=roles.member_of), event=event
        )
    zones = event.zones.prefetch_related("exhibitor_set__organisation")
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "sessions": event.sessions.all(),
            "zones": zones,
            "mine": mine,
            "register_form": register_form,
            "is_organiser": services.is_organiser(request.user, event),
        },
    )


@login_required
@require_POST
def event_register(request, pk):
    event = selectors.access_event(viewer=request.user, event_id=pk)
    roles = roles_of(request.user)
    form = RegisterForm(
        request.POST,
        organisations=Organisation.objects.filter(pk__in=roles.member_of),
        event=event,
    )
    if not form.is_valid():
        messages.error(request, _("Choose your organisation and how you take part."))
        return redirect("events:event_detail", pk)
    try:
        registration = services.register(
            event=event,
            user=request.user,
            organisation=form.cleaned_data["organisation"],
            participant_type=form.cleaned_data.get("participant_type"),
        )
    except (ValidationError, PermissionDenied) as error:
        _report(request, error)
    else:
        if registration.status == registration.Status.APPROVED:  # e.g. an alliance's priority
            messages.success(request, _("You are registered and approved."))
        else:
            messages.success(request, _("You are registered; the organisers will approve it."))
    return redirect("events:event_detail", pk)


@login_required
@require_POST
def registration_cancel(request, pk):
    event = selectors.access_event(viewer=request.user, event_id=pk)
    mine = selectors.my_registration(viewer=request.user, event=event)
    if mine is None:
        return redirect("events:event_detail", pk)
    try:
        services.cancel_registration(registration=mine, cancelled_by=request.user)
    except (ValidationError, PermissionDenied) as error:
        _report(request, error)
    return redirect("events:event_detail", pk)


# --- Organiser ---------------------------------------------------------------------------


def _manage_forms(event, data=None, action=None) -> dict:
    """The organiser page's forms; the one named by ``action`` is bound to ``data``."""

    def bound(name):
        return data if action == name else None

    return {
        "event_form": EventEditForm(bound("event"), instance=event, prefix="event"),
        "rules_form": RulesForm(bound("rules"), instance=event.rules, prefix="rules"),
        "type_form": ParticipantTypeForm(bound("type"), event=event, prefix="type"),
        "session_form": SessionForm(bound("session"), prefix="session"),
        "zone_form": ZoneForm(bound("zone"), prefix="zone"),
        "exhibitor_form": ExhibitorForm(bound("exhibitor"), event=event, prefix="exhibitor"),
    }


def _manage_action(request, event, action: str, forms: dict) -> bool:
    """Run the posted action through its service; True when done (redirect), False when
    its form has errors to show."""
    user = request.user
    if action == "slots":
        slots = services.generate_slots(event=event, generated_by=user)
        messages.success(request, _("%(count)d meeting slots.") % {"count": len(slots)})
        return True
    if action in Event.Status.values:
        services.change_event_status(event=event, status=action, changed_by=user)
        return True
    form = forms.get(f"{action}_form")
    if form is None or not form.is_valid():
        return False
    data = dict(form.cleaned_data)
    if action == "event":
        version = data.pop("version")
        services.update_event(event=event, updated_by=user, version=version, **data)
        messages.success(request, _("The event was saved."))
    elif action == "rules":
        version = data.pop("version")
        services.update_rules(event=event, updated_by=user, version=version, **data)
        messages.success(request, _("The rules were saved."))
    elif action == "type":
        data["may_meet"] = list(data["may_meet"])
        services.add_participant_type(event=event, added_by=user, **data)
    elif action == "session":
        services.add_session(event=event, added_by=user, **data)
    elif action == "zone":
        services.add_zone(event=event, added_by=user, **data)
    elif action == "exhibitor":
        services.add_exhibitor(added_by=user, **data)
    return True


@login_required
def event_manage(request, pk):
    event = selectors.access_organised_event(viewer=request.user, event_id=pk)
    action = request.POST.get("action") if request.method == "POST" else None
    forms = _manage_forms(event, request.POST, action)
    status = 200
    if action:
        try:
            if _manage_action(request, event, action, forms):
                return redirect("events:event_manage", pk)
        except Conflict as conflict:
            # Someone saved the event (or its rules) since this form was shown: nothing of
            # this save is kept; the form shows their change and the version to save over.
            show_conflict(forms[f"{action}_form"], conflict)
            status = 409
            event.refresh_from_db()
        except ValidationError as error:
            messages.error(request, _errors(error))
            event.refresh_from_db()  # the refused values were set on it, not saved
    registrations = list(selectors.list_registrations(viewer=request.user, event=event))
    no_shows = selectors.count_no_shows(user_ids={r.user_id for r in registrations})
    for registration in registrations:
        registration.no_shows = no_shows.get(registration.user_id, 0)
    return render(
        request,
        "events/event_manage.html",
        {
            "event": event,
            **forms,
            **setup_forms(event),
            "matrix": _rule_matrix(event),
            "has_pending": any(r.status == Registration.Status.PENDING for r in registrations),
            "zones": event.zones.prefetch_related("exhibitor_set__organisation"),
            "types": event.participant_types.prefetch_related("may_meet"),
            "slot_count": selectors.count_slots(event=event),
            "registrations": registrations,
            "meeting_count": selectors.count_meetings(event=event),
            "statuses": Event.Status.choices,
            "history": selectors.list_event_history(event=event),
        },
        status=status,
    )


def _rule_matrix(event) -> list:
    """Rows of (asking type, [(asked type, checkbox value, checked)]) for the rule table."""
    types = list(event.participant_types.order_by("pk"))
    pairs = services.rule_table(event.pk).pairs
    return [(a, [(b, f"{a.pk}-{b.pk}", (a.pk, b.pk) in pairs) for b in types]) for a in types]


@login_required
@require_POST
def registration_decide(request, pk, registration_pk):
    event = selectors.access_organised_event(viewer=request.user, event_id=pk)
    registration = get_object_or_404(Registration, pk=registration_pk, event=event)
    decision = request.POST.get("decision")
    try:
        if decision == "approve":
            services.approve_registration(registration=registration, approved_by=request.user)
        elif decision == "decline":
            services.decline_registration(
                registration=registration,
                declined_by=request.user,
                reason=request.POST.get("reason", ""),
            )
        elif decision in ("check_in", "undo_check_in"):
            services.check_in(
                registration=registration,
                checked_in_by=request.user,
                present=decision == "check_in",
            )
    except (ValidationError, PermissionDenied) as error:
        _report(request, error)
    return redirect("events:event_manage", pk)


@login_required
def registration_queue(request):
    """Registrations waiting for the viewer's decision, across the events they organise."""
    registrations = selectors.list_registrations_to_decide(viewer=request.user)
    return render(request, "events/registration_queue.html", {"registrations": registrations[:500]})


@login_required
@require_POST
def event_plan(request, pk):
    event = selectors.access_organised_event(viewer=request.user, event_id=pk)
    action = request.POST.get("action", "plan")
    try:
        if action == "plan":
            stats = services.plan_meetings(event=event, planned_by=request.user)
            messages.success(
                request,
                _("%(meetings)d meetings planned; %(unscheduled)d requests could not be placed.")
                % {"meetings": stats["meetings"], "unscheduled": stats["unscheduled"]},
            )
        elif action == "announce":
            count = services.announce_meetings(event=event, announced_by=request.user)
            messages.success(request, _("%(count)d meetings announced.") % {"count": count})
        elif action == "introduce":
            count = services.introduce_held_meetings(event=event, introduced_by=request.user)
            messages.success(
                request, _("%(count)d held meetings became introductions.") % {"count": count}
            )
    except (ValidationError, PermissionDenied) as error:
        _report(request, error)
    return redirect("events:event_board", pk)


@login_required
def event_board(request, pk):
    event = selectors.access_organised_event(viewer=request.user, event_id=pk)
    slots, by_place = selectors.list_board(event=event)
    tables = range(1, max((s.tables for s in slots), default=0) + 1)
    rows = [(slot, [(t, by_place.get((slot.pk, t))) for t in tables]) for slot in slots]
    return render(
        request,
        "events/event_board.html",
        {
            "event": event,
            "tables": tables,
            "rows": rows,
            "meeting_count": len(by_place),
            "meeting_statuses": Meeting.Status.choices,
            "absent_choices": Meeting.Absent.choices,
        },
    )


@login_required
@require_POST
def meeting_mark(request, pk, meeting_pk):
    event = selectors.access_organised_event(viewer=request.user, event_id=pk)
    meeting = get_object_or_404(Meeting.objects.select_related("event"), pk=meeting_pk, event=event)
    try:
        services.mark_meeting(
            meeting=meeting,
            marked_by=request.user,
            status=request.POST.get("status", ""),
            absent=request.POST.get("absent", ""),
        )
    except (ValidationError, PermissionDenied) as error:
        _report(request, error)
    return redirect("events:event_board", pk)


# --- Participants --------------------------------------------------------------------------


@login_required
def my_profile(request):
    profile = selectors.my_profile(viewer=request.user)
    initial = (
        {
            "headline": profile.headline,
            "seeking": profile.seeking,
            "offering": profile.offering,
            "version": profile.version,
        }
        if profile
        else {}
    )
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        # A form shown before any profile existed carries no version: if one exists now
        # (saved from another tab), version 0 makes that a conflict, not an overwrite.
        data["version"] = data["version"] or 0
        try:
            services.save_profile(user=request.user, **data)
        except Conflict as conflict:
            # Saved meanwhile in another tab or browser: show that change, keep nothing.
            show_conflict(form, conflict)
            return render(request, "events/profile_form.html", {"form": form}, status=409)
        messages.success(request, _("Your profile was saved; every event shows it."))
        return redirect(safe_next_url(request, "events:my_profile"))
    return render(request, "events/profile_form.html", {"form": form})


def _approved_registration(request, event) -> Registration:
    mine = selectors.my_registration(viewer=request.user, event=event)
    if mine is None or not mine.is_approved:
        raise PermissionDenied
    return mine


@login_required
def event_meetings(request, pk):
    """The participant's page: whom to meet (recommended first), requests sent and received."""
    event = selectors.access_event(viewer=request.user, event_id=pk)
    mine = _approved_registration(request, event)
    sent, received = selectors.list_my_requests(registration=mine)
    asked = {r.recipient_id for r in sent if r.status in ("pending", "accepted")} | {
        r.sender_id for r in received if r.status in ("pending", "accepted")
    }
    participants = selectors.list_askable(viewer=request.user, registration=mine)
    return render(
        request,
        "events/event_meetings.html",
        {
            "event": event,
            "mine": mine,
            "sent": sent,
            "received": received,
            "asked": asked,
            "participants": participants,
            "recommendations": selectors.recommend(viewer=request.user, registration=mine),
            "request_form": RequestForm(),
            "slots": MeetingSlot.objects.filter(event=event).order_by("starts_at"),
            "unavailable": set(mine.unavailable_slots.values_list("pk", flat=True)),
        },
    )


@login_required
@require_POST
def request_send(request, pk):
    event = selectors.access_event(viewer=request.user, event_id=pk)
    mine = _approved_registration(request, event)
    form = RequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The request is not valid."))
        return redirect("events:event_meetings", pk)
    recipient = selectors.access_registration(
        viewer=request.user, event=event, registration_id=form.cleaned_data["recipient"]
    )
    try:
        services.send_request(
            sender=mine,
            recipient=recipient,
            sent_by=request.user,
            message=form.cleaned_data["message"],
            priority=form.cleaned_data["priority"],
        )
    except (ValidationError, PermissionDenied) as error:
        _report(request, error)
    else:
        messages.success(request, _("Your request was sent."))
    return redirect("events:event_meetings", pk)


@login_required
@require_POST
def request_answer(request, request_pk):
    meeting_request = selectors.access_request(viewer=request.user, request_id=request_pk)
    decision = request.POST.get("decision")
    try:
        if decision == "cancel":
            services.cancel_request(
                request=meeting_request,
                cancelled_by=request.user,
                reason=request.POST.get("reason", ""),
            )
        else:
            services.answer_request(
                request=meeting_request,
                answered_by=request.user,
                accept=decision == "accept",
                reason=request.POST.get("reason", ""),
            )
    except (ValidationError, PermissionDenied) as error:
        _report(request, error)
    return redirect("events:event_meetings", meeting_request.event_id)


@login_required
@require_POST
def availability(request, pk):
    """The participant marks the slots in which they cannot meet."""
    event = selectors.access_event(viewer=request.user, event_id=pk)
    mine = _approved_registration(request, event)
    chosen = [int(v) for v in request.POST.getlist("unavailable") if v.isdigit()]
    slots = list(MeetingSlot.objects.filter(event=event, pk__in=chosen))
    try:
        services.set_unavailable(registration=mine, set_by=request.user, slots=slots)
    except (ValidationError, PermissionDenied) as error:
        _report(request, error)
    else:
        messages.success(request, _("Your availability was saved."))
    return redirect("events:event_meetings", pk)


def _agenda_context(request, pk, registration_pk):
    event = selectors.access_event(viewer=request.user, event_id=pk)
    registration = selectors.access_agenda(
        viewer=request.user, event=event, registration_id=registration_pk
    )
    return event, registration, selectors.list_agenda(registration=registration)


@login_required
def agenda(request, pk, registration_pk=None):
    event, registration, meetings = _agenda_context(request, pk, registration_pk)
    rows = []
    for meeting in meetings:
        other = (
            meeting.request.recipient
            if meeting.request.sender_id == registration.pk
            else meeting.request.sender
        )
        rows.append((meeting, other))
    return render(
        request,
        "events/agenda.html",
        {
            "event": event,
            "registration": registration,
            "rows": rows,
            "sessions": event.sessions.all(),
            "feed_url": request.build_absolute_uri(
                reverse("events:agenda_feed", args=[calendar.feed_token(registration)])
            )
            if registration.user_id == request.user.pk
            else "",
        },
    )


@login_required
def agenda_ics(request, pk):
    event, registration, meetings = _agenda_context(request, pk, None)
    body = calendar.agenda_calendar(
        event=event, registration=registration, meetings=meetings, host=request.get_host()
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}-agenda.ics"'
    return response
