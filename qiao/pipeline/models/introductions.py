"""Introductions: the matchmaker's step from a match towards an agreement.

An operator (the broker) proposes an introduction from a match or by hand, or a member
requests one; the parties then move it along proposed → accepted → meeting held → NDA
signed → negotiating → agreement signed, or it is declined or dropped with a reason. Every
change is audited in core's ``AuditEntry`` (read as sentences); the status and broker steps
are also kept as ``IntroductionEvent`` rows, a status history the insights time (how long a
request waited for a broker, a proposal for its answer). The parties talk in
``IntroductionMessage``s.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from qiao.core.models import BaseModel
from qiao.core.writes import Versioned
from qiao.directory.models import Organisation
from qiao.market.models import Listing
from qiao.matching.models import Match

__all__ = ["Introduction", "IntroductionEvent", "IntroductionMessage"]


class Introduction(BaseModel, Versioned):
    """Two parties that a broker proposes should talk, and the listings that brought them."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        MEETING_HELD = "meeting_held", _("Meeting held")
        NDA_SIGNED = "nda_signed", _("NDA signed")
        NEGOTIATING = "negotiating", _("Negotiating")
        AGREEMENT_SIGNED = "agreement_signed", _("Agreement signed")
        DROPPED = "dropped", _("Dropped")

    CLOSED_STATUSES = (Status.DECLINED, Status.AGREEMENT_SIGNED, Status.DROPPED)

    match = models.ForeignKey(
        Match,
        verbose_name=_("match"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="introductions",
    )
    requesting_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("proposing organisation"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    receiving_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("receiving organisation"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    listings = models.ManyToManyField(
        Listing, verbose_name=_("listings"), blank=True, related_name="introductions"
    )
    broker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("broker"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="brokered_introductions",
        help_text=_("Empty while a member's request waits for an operator to take it."),
    )
    convened_by = models.ForeignKey(
        Organisation,
        verbose_name=_("met at an event of"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_(
            "The organisation whose event the two parties met at; its admins follow the "
            "introduction."
        ),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED
    )
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)
    drop_reason = models.TextField(_("reason for dropping or declining"), blank=True)
    next_action = models.CharField(_("next action"), max_length=200, blank=True)
    next_action_due = models.DateField(_("next action due"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("introduction")
        verbose_name_plural = _("introductions")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["broker", "status", "next_action_due"], name="intro_queue"),
        ]

    def __str__(self):
        return f"{self.requesting_organisation} ↔ {self.receiving_organisation}"

    @property
    def is_closed(self) -> bool:
        return self.status in self.CLOSED_STATUSES


class IntroductionEvent(models.Model):
    """One step of an introduction's status history: its status or broker changed, when.

    Domain data, not the audit trail (that is core's ``AuditEntry``, written by the same
    services): the insights' broker response times are medians over these rows, a join a
    JSON audit column could not serve at a million introductions.
    """

    introduction = models.ForeignKey(
        Introduction,
        verbose_name=_("introduction"),
        on_delete=models.CASCADE,
        related_name="events",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    at = models.DateTimeField(_("when"))
    field = models.CharField(_("what"), max_length=30)
    old_value = models.TextField(_("before"), blank=True)
    new_value = models.TextField(_("after"), blank=True)

    class Meta:
        verbose_name = _("introduction event")
        verbose_name_plural = _("introduction events")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.field}: {self.old_value} → {self.new_value}"


class IntroductionMessage(BaseModel):
    """A message between the parties of an introduction (and its broker)."""

    introduction = models.ForeignKey(
        Introduction,
        verbose_name=_("introduction"),
        on_delete=models.CASCADE,
        related_name="messages",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    body = models.TextField(_("message"))

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.body[:60]
