"""The organisers' event report: registrations, requests, meetings, no-shows, and the
introductions and agreements that came of the meetings; on a page and in Excel.

Read-only. Introductions are read through the pipeline's permission-checked selector (the
organiser sees those their event produced), agreements through its visible agreements, so
a confidential agreement counts only where the viewer may see it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from io import BytesIO

from django.db.models import Count
from django.utils.translation import gettext as _
from openpyxl import Workbook

from qiao.core.xlsx import append_row
from qiao.events.models import Event, Meeting, MeetingRequest, Registration
from qiao.pipeline.models import Introduction
from qiao.pipeline.selectors import list_visible_agreements, list_visible_introductions


@dataclass
class EventReport:
    event: Event
    registrations: dict[str, int]
    requests: dict[str, int]
    meetings: dict[str, int]
    no_show_people: int
    introductions: list[Introduction] = field(default_factory=list)
    stages: list[tuple[str, int]] = field(default_factory=list)
    agreements: int = 0

    def figures(self) -> list[tuple[str, str, int]]:
        """The headline figures as (key, label, value), in the order the page, the sheet and
        the API give them; the key is the API's name for the figure."""
        registrations, requests, meetings = self.registrations, self.requests, self.meetings
        return [
            ("registrations", _("Registrations"), sum(registrations.values())),
            (
                "approved",
                _("Approved participants"),
                registrations.get(Registration.Status.APPROVED, 0),
            ),
            (
                "declined",
                _("Declined registrations"),
                registrations.get(Registration.Status.DECLINED, 0),
            ),
            ("requests_sent", _("Meeting requests sent"), sum(requests.values())),
            (
                "requests_accepted",
                _("Requests accepted"),
                requests.get(MeetingRequest.Status.ACCEPTED, 0),
            ),
            (
                "requests_declined",
                _("Requests declined"),
                requests.get(MeetingRequest.Status.DECLINED, 0),
            ),
            (
                "requests_withdrawn",
                _("Requests withdrawn"),
                requests.get(MeetingRequest.Status.CANCELLED, 0),
            ),
            (
                "requests_pending",
                _("Requests awaiting an answer"),
                requests.get(MeetingRequest.Status.PENDING, 0),
            ),
            ("meetings_planned", _("Meetings planned"), sum(meetings.values())),
            ("meetings_held", _("Meetings held"), meetings.get(Meeting.Status.HELD, 0)),
            (
                "meetings_no_show",
                _("Meetings missed (no-show)"),
                meetings.get(Meeting.Status.NO_SHOW, 0),
            ),
            ("no_show_people", _("People who missed a meeting"), self.no_show_people),
            ("introductions", _("Introductions from held meetings"), len(self.introductions)),
            ("agreements", _("Agreements signed from them"), self.agreements),
        ]

    def rows(self) -> list[tuple[str, int]]:
        """The headline figures, in the order the page and the sheet show them."""
        return [(label, value) for _key, label, value in self.figures()]


def _counts(queryset) -> dict[str, int]:
    return {row["status"]: row["n"] for row in queryset.values("status").annotate(n=Count("pk"))}


def _no_show_people(event: Event) -> int:
    people = set()
    for meeting in Meeting.objects.filter(event=event, status=Meeting.Status.NO_SHOW).values(
        "absent", "request__sender__user_id", "request__recipient__user_id"
    ):
        if meeting["absent"] in (Meeting.Absent.SENDER, Meeting.Absent.BOTH):
            people.add(meeting["request__sender__user_id"])
        if meeting["absent"] in (Meeting.Absent.RECIPIENT, Meeting.Absent.BOTH):
            people.add(meeting["request__recipient__user_id"])
    return len(people)


def build_report(*, event: Event, viewer) -> EventReport:
    """The event's figures as the viewer (an organiser) may see them."""
    introduction_ids = Meeting.objects.filter(event=event, introduction__isnull=False).values(
        "introduction_id"
    )
    introductions = list(
        list_visible_introductions(viewer=viewer).filter(pk__in=introduction_ids).order_by("pk")
    )
    labels = dict(Introduction.Status.choices)
    stage_counts: dict[str, int] = {}
    for introduction in introductions:
        stage_counts[introduction.status] = stage_counts.get(introduction.status, 0) + 1
    agreements = list_visible_agreements(viewer=viewer).filter(
        introduction__in=[i.pk for i in introductions]
    )
    return EventReport(
        event=event,
        registrations=_counts(Registration.objects.filter(event=event)),
        requests=_counts(MeetingRequest.objects.filter(event=event)),
        meetings=_counts(Meeting.objects.filter(event=event)),
        no_show_people=_no_show_people(event),
        introductions=introductions,
        stages=[(str(labels[s]), n) for s, n in stage_counts.items()],
        agreements=agreements.count(),
    )


def report_workbook(report: EventReport) -> Workbook:
    """Two sheets: the figures, and the introductions with their stage."""
    workbook = Workbook(write_only=True)
    figures = workbook.create_sheet(_("Figures")[:31])
    append_row(figures, [_("Event"), report.event.title])
    append_row(figures, [])
    for label, value in report.rows():
        append_row(figures, [label, value])
    append_row(figures, [])
    for label, value in report.stages:
        append_row(figures, [_("Introductions at “%(stage)s”") % {"stage": label}, value])
    sheet = workbook.create_sheet(_("Introductions")[:31])
    append_row(sheet, [_("Proposing organisation"), _("Receiving organisation"), _("Stage")])
    for introduction in report.introductions:
        append_row(
            sheet,
            [
                introduction.requesting_organisation.name,
                introduction.receiving_organisation.name,
                introduction.get_status_display(),
            ],
        )
    return workbook


def report_xlsx(report: EventReport) -> bytes:
    buffer = BytesIO()
    report_workbook(report).save(buffer)
    return buffer.getvalue()
