"""Stored matches, and what the receiving side said about them."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qiao.core.models import BaseModel
from qiao.directory.models import Organisation
from qiao.market.models import Listing


class Match(BaseModel):
    """A counterpart found for a listing: another listing or an organisation, with reasons.

    ``reasons`` holds the engine's structured reasons (code, terms, weight); they are put
    into words in the viewer's language when shown. They are computed from what the
    listing's own side may read, so they never quote a counterpart's confidential details.
    """

    listing = models.ForeignKey(
        Listing, verbose_name=_("listing"), on_delete=models.CASCADE, related_name="matches"
    )
    counterpart_listing = models.ForeignKey(
        Listing,
        verbose_name=_("matched listing"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="matched_by",
    )
    counterpart_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("matched organisation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="matched_by",
    )
    score = models.FloatField(_("score"))
    rank = models.PositiveSmallIntegerField(_("rank"))
    reasons = models.JSONField(_("reasons"), default=list)
    is_current = models.BooleanField(
        _("current"),
        default=True,
        help_text=_("False once a later run no longer finds it; kept for its feedback."),
    )

    class Meta:
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        ordering = ["listing", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["listing", "counterpart_listing"],
                condition=models.Q(counterpart_listing__isnull=False),
                name="match_listing_once",
            ),
            models.UniqueConstraint(
                fields=["listing", "counterpart_organisation"],
                condition=models.Q(counterpart_organisation__isnull=False),
                name="match_organisation_once",
            ),
            models.CheckConstraint(
                condition=models.Q(counterpart_listing__isnull=True)
                ^ models.Q(counterpart_organisation__isnull=True),
                name="match_has_one_counterpart",
            ),
        ]
        indexes = [
            models.Index(fields=["listing", "is_current", "rank"], name="match_panel"),
            # The insights funnel counts current matches over the whole cluster (1,000,000+).
            models.Index(
                fields=["listing"], condition=models.Q(is_current=True), name="match_current"
            ),
        ]

    def __str__(self):
        return (
            f"{self.listing_id} → {self.counterpart_listing_id or self.counterpart_organisation_id}"
        )


class MatchFeedback(BaseModel):
    """The receiving side's verdict on a match: interested or not relevant, and why."""

    class Verdict(models.TextChoices):
        INTERESTED = "interested", _("Interested")
        NOT_RELEVANT = "not_relevant", _("Not relevant")

    class Reason(models.TextChoices):
        WRONG_TECHNOLOGY = "wrong_technology", _("Wrong technology")
        WRONG_STAGE = "wrong_stage", _("Wrong stage")
        WRONG_REGION = "wrong_region", _("Wrong region")
        ALREADY_KNOWN = "already_known", _("Already in contact")
        NOT_CREDIBLE = "not_credible", _("Not credible")
        OTHER = "other", _("Other")

    match = models.ForeignKey(
        Match, verbose_name=_("match"), on_delete=models.CASCADE, related_name="feedback"
    )
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("given by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    verdict = models.CharField(_("verdict"), max_length=15, choices=Verdict.choices)
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("match feedback")
        verbose_name_plural = _("match feedback")
        constraints = [
            models.UniqueConstraint(fields=["match", "given_by"], name="feedback_once_per_user")
        ]


class IndexChange(models.Model):
    """A listing or organisation whose entry in the engine's index must be refreshed.

    Written in the same transaction as the change (``qiao.core.effects.record_with``), read
    by every worker in id order. Ids are handed out when a transaction inserts, not when it
    commits, so a worker also re-reads the ids below its highest one that it has not seen
    yet (``qiao.matching.index``): a row committed out of order is never skipped.
    """

    class Kind(models.TextChoices):
        LISTING = "listing", _("listing")
        ORGANISATION = "organisation", _("organisation")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField(_("object id"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("index change")
        verbose_name_plural = _("index changes")

    def __str__(self):
        return f"{self.id}: {self.kind} {self.object_id}"
