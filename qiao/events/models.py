"""Partnering events: the event, its programme and zones, who takes part, and their meetings.

An event belongs to an organising organisation; its organisers are the operators and the
admins of that organisation. Members of other organisations register (the organisers
approve), send one another meeting requests, and the scheduler places the accepted ones in
the event's meeting slots at its tables. Who may request whom, and how often, is set per
participant type (``ParticipantType``); the timetable by ``EventRules``.
"""

from __future__ import annotations

from datetime import time, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from qiao.core.models import BaseModel
from qiao.core.writes import Versioned
from qiao.directory.models import Organisation


def _in_english() -> bool:
    return (get_language() or "").startswith("en")


class Bilingual:
    """``name`` / ``title`` in the page's language, falling back to the Chinese text."""

    def _pick(self, stem: str) -> str:
        zh = getattr(self, f"{stem}_zh")
        en = getattr(self, f"{stem}_en")
        return (en or zh) if _in_english() else (zh or en)


class Event(Bilingual, Versioned, BaseModel):
    """A forum, conference, expo, roadshow, matchmaking session or signing ceremony."""

    class Kind(models.TextChoices):
        FORUM = "forum", _("Forum")
        CONFERENCE = "conference", _("Conference")
        EXPO = "expo", _("Expo")
        ROADSHOW = "roadshow", _("Roadshow")
        MATCHMAKING = "matchmaking", _("Matchmaking session")
        SIGNING = "signing", _("Signing ceremony")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        FINISHED = "finished", _("Finished")
        CANCELLED = "cancelled", _("Cancelled")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    organiser = models.ForeignKey(
        Organisation,
        verbose_name=_("organising organisation"),
        on_delete=models.PROTECT,
        related_name="organised_events",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    title_zh = models.CharField(_("title (Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    description_zh = models.TextField(_("description (Chinese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    venue_zh = models.CharField(_("venue (Chinese)"), max_length=200, blank=True)
    venue_en = models.CharField(_("venue (English)"), max_length=200, blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        help_text=_("Most participants that may be approved; empty for no limit."),
    )
    registration_open = models.BooleanField(_("registration open"), default=True)
    approved_count = models.PositiveIntegerField(_("approved participants"), default=0)

    # What the event's audit entries name besides its fields: the summary of a planning run,
    # an announcement, the slots generated, the introductions made (counts, not rows).
    audit_labels = {
        "slots": _("meeting slots"),
        "meetings": _("planned meetings"),
        "unplaced_requests": _("requests that could not be placed"),
        "announced_meetings": _("announced meetings"),
        "introductions": _("introductions from held meetings"),
    }

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="event_ends_after_start",
                violation_error_message=_("The last day cannot come before the first."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(approved_count__lte=F("capacity")),
                name="event_within_capacity",
                violation_error_message=_(
                    "More participants are approved than the capacity allows."
                ),
            ),
        ]
        indexes = [models.Index(fields=["status", "starts_on"], name="event_list")]

    def __str__(self):
        return self.title_zh

    @property
    def title(self) -> str:
        return self._pick("title")

    @property
    def description(self) -> str:
        return self._pick("description")

    @property
    def venue(self) -> str:
        return self._pick("venue")

    @property
    def is_full(self) -> bool:
        return self.capacity is not None and self.approved_count >= self.capacity


class EventRules(Versioned, BaseModel):
    """How meetings run: their length, the daily window of slots, tables, caps, moves."""

    event = models.OneToOneField(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="rules"
    )
    meeting_minutes = models.PositiveSmallIntegerField(
        _("meeting length (minutes)"),
        default=20,
        validators=[MinValueValidator(5), MaxValueValidator(240)],
    )
    break_minutes = models.PositiveSmallIntegerField(
        _("break between meetings (minutes)"), default=5, validators=[MaxValueValidator(120)]
    )
    day_starts_at = models.TimeField(_("meetings start each day at"), default=time(14, 0))
    day_ends_at = models.TimeField(_("meetings end each day by"), default=time(17, 0))
    tables = models.PositiveSmallIntegerField(
        _("tables per slot"), default=10, validators=[MinValueValidator(1)]
    )
    max_meetings = models.PositiveSmallIntegerField(
        _("meetings per participant at most"),
        null=True,
        blank=True,
        help_text=_("Empty for no limit; a participant type may set a lower cap."),
    )
    allow_moves = models.BooleanField(
        _("re-planning may move announced meetings"),
        default=False,
        help_text=_("Off: meetings already announced keep their slot and table."),
    )

    class Meta:
        verbose_name = _("meeting rules")
        verbose_name_plural = _("meeting rules")

    def __str__(self):
        return str(self.event)


class ParticipantType(Bilingual, BaseModel):
    """A kind of participant at one event (e.g. buyer, supplier, investor) and its rules."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="participant_types"
    )
    name_zh = models.CharField(_("name (Chinese)"), max_length=60)
    name_en = models.CharField(_("name (English)"), max_length=60, blank=True)
    request_quota = models.PositiveSmallIntegerField(
        _("meeting requests each may send"), default=10
    )
    max_meetings = models.PositiveSmallIntegerField(
        _("meetings each may have at most"), null=True, blank=True
    )
    # Directed: A.may_meet ∋ B is the rule "A may ask B". How the rules combine is
    # ``qiao.events.rules`` (one reading for the page, the request check and the planner).
    may_meet = models.ManyToManyField(
        "self",
        verbose_name=_("may ask"),
        symmetrical=False,
        blank=True,
        related_name="askable_by",
        help_text=_("Types whose participants they may ask for a meeting."),
    )

    class Meta:
        verbose_name = _("participant type")
        verbose_name_plural = _("participant types")
        ordering = ["event", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "name_zh"], name="participant_type_once")
        ]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return self._pick("name")


class Session(Bilingual, BaseModel):
    """An item of the event's agenda: a keynote, a panel, a roadshow pitch block."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="sessions"
    )
    title_zh = models.CharField(_("title (Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    room = models.CharField(_("room"), max_length=100, blank=True)
    speakers = models.CharField(_("speakers"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="session_ends_after_start",
                violation_error_message=_("A session must end after it starts."),
            )
        ]

    def __str__(self):
        return self.title_zh

    @property
    def title(self) -> str:
        return self._pick("title")


class Zone(Bilingual, BaseModel):
    """A themed zone (展区) of an expo, with its exhibitors."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="zones"
    )
    name_zh = models.CharField(_("name (Chinese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    exhibitors = models.ManyToManyField(
        Organisation,
        through="Exhibitor",
        verbose_name=_("exhibitors"),
        related_name="exhibited_zones",
        blank=True,
    )

    class Meta:
        verbose_name = _("zone")
        verbose_name_plural = _("zones")
        ordering = ["event", "pk"]

    def __str__(self):
        return self.name_zh

    @property
    def name(self) -> str:
        return self._pick("name")


class Exhibitor(BaseModel):
    zone = models.ForeignKey(Zone, verbose_name=_("zone"), on_delete=models.CASCADE)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE
    )
    booth = models.CharField(_("booth"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("exhibitor")
        verbose_name_plural = _("exhibitors")
        constraints = [
            models.UniqueConstraint(fields=["zone", "organisation"], name="exhibitor_once")
        ]

    def __str__(self):
        return f"{self.organisation} @ {self.zone}"


class ParticipantProfile(Versioned, BaseModel):
    """What a person seeks and offers; written once and shown at every event they attend."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="participant_profile",
    )
    headline = models.CharField(_("job title and focus"), max_length=200, blank=True)
    seeking = models.TextField(_("what I seek"), blank=True)
    offering = models.TextField(_("what I offer"), blank=True)

    class Meta:
        verbose_name = _("participant profile")
        verbose_name_plural = _("participant profiles")

    def __str__(self):
        return str(self.user)


class MeetingSlot(BaseModel):
    """A time in which meetings run in parallel at ``tables`` tables."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="slots"
    )
    starts_at = models.DateTimeField(_("starts at"))
    minutes = models.PositiveSmallIntegerField(_("minutes"))
    tables = models.PositiveSmallIntegerField(_("tables"))

    class Meta:
        verbose_name = _("meeting slot")
        verbose_name_plural = _("meeting slots")
        ordering = ["event", "starts_at"]
        constraints = [models.UniqueConstraint(fields=["event", "starts_at"], name="slot_once")]

    def __str__(self):
        return f"{self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=self.minutes)


class Registration(BaseModel):
    """A person from a member organisation taking part in an event."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting approval")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="event_registrations",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="event_registrations",
    )
    participant_type = models.ForeignKey(
        ParticipantType,
        verbose_name=_("participant type"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registrations",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decline_reason = models.CharField(_("reason"), max_length=300, blank=True)
    unavailable_slots = models.ManyToManyField(
        MeetingSlot, verbose_name=_("cannot meet in"), blank=True, related_name="+"
    )
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["event", "pk"]
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="registration_once")]
        indexes = [models.Index(fields=["event", "status"], name="registration_status")]

    def __str__(self):
        return f"{self.user} @ {self.event}"

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED


class MeetingRequest(BaseModel):
    """One participant asks another for a meeting; the other accepts or declines."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")

    class Priority(models.IntegerChoices):
        LOW = 1, _("Low")
        NORMAL = 2, _("Normal")
        HIGH = 3, _("High")

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="meeting_requests"
    )
    sender = models.ForeignKey(
        Registration, verbose_name=_("from"), on_delete=models.CASCADE, related_name="sent"
    )
    recipient = models.ForeignKey(
        Registration, verbose_name=_("to"), on_delete=models.CASCADE, related_name="received"
    )
    message = models.TextField(_("message"), blank=True)
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.NORMAL
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    # The calendar feed's view of this request's meeting: SEQUENCE grows with every change
    # people were told of, and a withdrawn announced meeting keeps its slot so the feed can
    # say STATUS:CANCELLED for it.
    sequence = models.PositiveIntegerField(_("calendar revision"), default=0)
    withdrawn_slot = models.ForeignKey(
        MeetingSlot,
        verbose_name=_("announced slot before withdrawal"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("meeting request")
        verbose_name_plural = _("meeting requests")
        ordering = ["event", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(sender=F("recipient")), name="request_not_to_oneself"
            ),
            models.UniqueConstraint(
                fields=["sender", "recipient"],
                condition=Q(status__in=["pending", "accepted"]),
                name="request_open_once",
            ),
        ]

    def __str__(self):
        return f"{self.sender} → {self.recipient}"


class Meeting(BaseModel):
    """An accepted request placed in a slot at a table; marked held or no-show afterwards."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        NO_SHOW = "no_show", _("No-show")

    class Absent(models.TextChoices):
        NOBODY = "", _("Nobody")
        SENDER = "sender", _("The requester")
        RECIPIENT = "recipient", _("The person asked")
        BOTH = "both", _("Both")

    # Status changes after the fact that end the meeting's life as a plan: neither side
    # may withdraw it any more.
    FINAL_STATUSES = (Status.HELD, Status.NO_SHOW)

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="meetings"
    )
    request = models.OneToOneField(
        MeetingRequest, verbose_name=_("request"), on_delete=models.CASCADE, related_name="meeting"
    )
    slot = models.ForeignKey(
        MeetingSlot, verbose_name=_("slot"), on_delete=models.PROTECT, related_name="meetings"
    )
    table = models.PositiveSmallIntegerField(_("table"), validators=[MinValueValidator(1)])
    announced = models.BooleanField(_("announced"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    introduction = models.ForeignKey(
        "pipeline.Introduction",
        verbose_name=_("introduction"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    absent = models.CharField(
        _("who did not come"), max_length=10, choices=Absent.choices, default="", blank=True
    )
    # Where the participants were last told the meeting is (by an announcement), so the
    # next announcement tells only what changed.
    told_slot = models.ForeignKey(
        MeetingSlot,
        verbose_name=_("announced slot"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    told_table = models.PositiveSmallIntegerField(_("announced table"), null=True, blank=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["slot__starts_at", "table"]
        constraints = [models.UniqueConstraint(fields=["slot", "table"], name="meeting_table_once")]

    def __str__(self):
        return f"{self.request} ({self.slot}, {self.table})"
