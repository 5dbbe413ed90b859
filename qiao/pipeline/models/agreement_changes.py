"""Changes to an agreement's parties or confidentiality, waiting for every party's consent.

An agreement belongs to all its parties: one party's member must not be able to hand it to
others, drop a party (who would lose access to it) or make it public (its documents stay
with the parties whatever the flag, but its terms would not). Such a change is a request an
admin of each organisation concerned approves in Qiao; it is applied when the last one has
consented, refused as soon as one refuses, and an operator's word settles it at once.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from qiao.core.models import BaseModel, NaturalMessages
from qiao.directory.models import Organisation
from qiao.pipeline.models.agreements import Agreement

__all__ = ["AgreementChange", "AgreementConsent"]


class AgreementChange(BaseModel):
    """A requested change of an agreement's parties or confidentiality."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for consent")
        APPLIED = "applied", _("Applied")
        REFUSED = "refused", _("Refused")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        on_delete=models.CASCADE,
        related_name="change_requests",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    # The parties as they would be: [[organisation id, role], …]; null leaves them as they are.
    parties = models.JSONField(_("proposed parties"), null=True, blank=True)
    is_confidential = models.BooleanField(_("confidential"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )

    # How the audit trail names the parts recorded with ``writes.record_added``.
    audit_labels = {"consents": _("the organisations that consented")}

    class Meta:
        verbose_name = _("change of an agreement")
        verbose_name_plural = _("changes of agreements")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement"],
                condition=models.Q(status="pending"),
                name="one_pending_agreement_change",
            )
        ]

    def __str__(self):
        return f"{self.agreement} ({self.get_status_display()})"


class AgreementConsent(NaturalMessages, models.Model):
    """One organisation's answer to a change: an admin of it approves or refuses."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("Not answered yet")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    change = models.ForeignKey(AgreementChange, on_delete=models.CASCADE, related_name="consents")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="+"
    )
    decision = models.CharField(
        _("decision"), max_length=10, choices=Decision.choices, default=Decision.PENDING
    )
    # Who answered and when are the audit entry's (``writes.update`` records both).

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.UniqueConstraint(fields=["change", "organisation"], name="consent_once")
        ]

    def __str__(self):
        return str(self.organisation)
