"""E-mails about meeting requests and announced meetings, each in its reader's language.

Sent after commit (a refused or rolled-back write tells nobody anything). A request's
message goes only to its recipient.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from qiao.events.models import Event, Meeting, MeetingRequest


def _link(name: str, event_id: int) -> str:
    return settings.QIAO_BASE_URL + reverse(name, args=[event_id])


def request_sent(request: MeetingRequest) -> None:
    recipient = request.recipient.user
    sender = request.sender
    with translation.override(recipient.language):
        send_mail(
            _("Qiao: a meeting request at %(event)s") % {"event": request.event.title},
            _(
                "%(person)s (%(organisation)s) asks you for a meeting:\n\n%(message)s\n\n"
                "Accept or decline on Qiao: %(link)s"
            )
            % {
                "person": sender.user.get_full_name(),
                "organisation": sender.organisation.name,
                "message": request.message or "—",
                "link": _link("events:event_meetings", request.event_id),
            },
            None,
            [recipient.email],
        )


def request_answered(request: MeetingRequest) -> None:
    sender = request.sender.user
    other = request.recipient
    with translation.override(sender.language):
        if request.status == MeetingRequest.Status.ACCEPTED:
            body = _("%(person)s (%(organisation)s) accepted your meeting request.")
        else:
            body = _("%(person)s (%(organisation)s) declined your meeting request: %(reason)s")
        send_mail(
            _("Qiao: your meeting request at %(event)s") % {"event": request.event.title},
            body
            % {
                "person": other.user.get_full_name(),
                "organisation": other.organisation.name,
                "reason": request.reason,
            }
            + "\n\n"
            + _link("events:event_meetings", request.event_id),
            None,
            [sender.email],
        )


def meetings_announced(event: Event, only: frozenset[int] | None = None) -> None:
    """Tell every participant with new or moved meetings those meetings (``only``: their
    ids; every meeting when not given)."""
    meetings = Meeting.objects.filter(event=event)
    if only is not None:
        meetings = meetings.filter(pk__in=only)
    meetings = meetings.select_related(
        "slot",
        "request__sender__user",
        "request__sender__organisation",
        "request__recipient__user",
        "request__recipient__organisation",
    )
    agendas: dict[int, list] = {}
    for meeting in meetings:
        for me, other in (
            (meeting.request.sender, meeting.request.recipient),
            (meeting.request.recipient, meeting.request.sender),
        ):
            agendas.setdefault(me.pk, [me]).append((meeting, other))
    for me, *rows in agendas.values():
        with translation.override(me.user.language):
            lines = [
                _("%(time)s, table %(table)d: %(person)s (%(organisation)s)")
                % {
                    "time": timezone.localtime(m.slot.starts_at).strftime("%m-%d %H:%M"),
                    "table": m.table,
                    "person": other.user.get_full_name(),
                    "organisation": other.organisation.name,
                }
                for m, other in sorted(rows, key=lambda row: row[0].slot.starts_at)
            ]
            send_mail(
                _("Qiao: your meetings at %(event)s") % {"event": event.title},
                "\n".join(lines) + "\n\n" + _link("events:agenda", event.pk),
                None,
                [me.user.email],
            )
