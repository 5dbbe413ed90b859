"""The in-app inbox: what Qiao tells a user, also gathered into an e-mail digest."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from qiao.core.models import BaseModel


class Notification(BaseModel):
    """One message to one user, e.g. "3 new matches for your need …", with a link."""

    class Kind(models.TextChoices):
        NEW_MATCHES = "new_matches", _("New matches")
        DISCLOSURE_REQUESTED = "disclosure_requested", _("NDA accepted")
        DISCLOSURE_DECIDED = "disclosure_decided", _("Disclosure decided")
        MATCH_FEEDBACK = "match_feedback", _("Feedback on a match")
        INTRODUCTION = "introduction", _("Introduction")
        LAB_BOOKING = "lab_booking", _("Lab booking")
        AGREEMENT = "agreement", _("Agreement")
        LISTING = "listing", _("Listing")
        EVENT = "event", _("Event")
        MEETING = "meeting", _("Meeting")
        MEMBERSHIP = "membership", _("Membership")
        REVIEW = "review", _("Review")
        POLICY = "policy", _("Policy")
        SERVICE_REQUEST = "service_request", _("Service request")
        REPORTING = "reporting", _("Reporting")
        OTHER = "other", _("Other")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    # A notice defined in ``qiao.inbox.notices``: rendered in the reader's language when read.
    notice = models.CharField(_("notice"), max_length=80, blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    count = models.PositiveIntegerField(_("count"), default=1)
    fold_key = models.CharField(_("fold key"), max_length=200, blank=True)
    # Stored in both languages so the inbox and the digest follow the reader's language.
    title_zh = models.CharField(pgettext_lazy("listing", "Chinese title"), max_length=300)
    title_en = models.CharField(pgettext_lazy("listing", "English title"), max_length=300)
    url = models.CharField(_("link"), max_length=300, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["emailed_at", "recipient"], name="notification_digest"),
            models.Index(fields=["recipient", "fold_key"], name="notification_fold"),
        ]

    def __str__(self):
        return self.title_zh

    def title_in(self, language: str) -> str:
        from qiao.inbox import notices

        notice = notices.get(self.notice) if self.notice else None
        if notice is not None:
            return notice.render(self.params, self.count, language)
        return self.title_en if language.startswith("en") else self.title_zh
