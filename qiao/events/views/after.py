"""After the planning: the participant's calendar subscription, every agenda to print, and
the organisers' event report (page and Excel)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import translation

from qiao.events import calendar, selectors
from qiao.events.report import build_report, report_xlsx

__all__ = ["agenda_feed", "agendas_print", "event_report", "event_report_xlsx"]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def agenda_feed(request, token):
    """The participant's agenda as a calendar subscription: the token is the permission
    (no sign-in: calendar apps fetch it on their own), written in the participant's
    language."""
    registration = selectors.access_feed(token=token)
    meetings, withdrawn = selectors.list_feed(registration=registration)
    with translation.override(registration.user.language or "zh-hans"):
        body = calendar.agenda_calendar(
            event=registration.event,
            registration=registration,
            meetings=meetings,
            withdrawn=withdrawn,
            host=request.get_host(),
            as_told=True,
        )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def agendas_print(request, pk):
    """Every approved participant's agenda, one printed page each."""
    event = selectors.access_organised_event(viewer=request.user, event_id=pk)
    return render(
        request,
        "events/agendas_print.html",
        {
            "event": event,
            "agendas": selectors.list_all_agendas(event=event),
            "sessions": event.sessions.all(),
        },
    )


@login_required
def event_report(request, pk):
    event = selectors.access_organised_event(viewer=request.user, event_id=pk)
    return render(
        request,
        "events/event_report.html",
        {"event": event, "report": build_report(event=event, viewer=request.user)},
    )


@login_required
def event_report_xlsx(request, pk):
    event = selectors.access_organised_event(viewer=request.user, event_id=pk)
    body = report_xlsx(build_report(event=event, viewer=request.user))
    response = HttpResponse(body, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}-report.xlsx"'
    return response
