"""What the home page keeps: the cluster's own words about itself, and each user's last visit."""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from qiao.core.models import BaseModel
from qiao.core.writes import Versioned


def _in_english() -> bool:
    return (get_language() or "").startswith("en")


class SiteProfile(Versioned, BaseModel):
    """Who runs this Qiao and what the cluster is, as the operators put it (one row)."""

    operator_name_zh = models.CharField(_("operator's name (Chinese)"), max_length=200)
    operator_name_en = models.CharField(_("operator's name (English)"), max_length=200, blank=True)
    description_zh = models.TextField(_("description (Chinese)"), max_length=2000, blank=True)
    description_en = models.TextField(_("description (English)"), max_length=2000, blank=True)

    EDITABLE_FIELDS = ("operator_name_zh", "operator_name_en", "description_zh", "description_en")

    class Meta:
        verbose_name = _("site profile")
        verbose_name_plural = _("site profiles")

    def __str__(self):
        return self.operator_name_zh

    @property
    def operator_name(self) -> str:
        zh, en = self.operator_name_zh, self.operator_name_en
        return (en or zh) if _in_english() else (zh or en)

    @property
    def description(self) -> str:
        zh, en = self.description_zh, self.description_en
        return (en or zh) if _in_english() else (zh or en)


class HomeVisit(models.Model):
    """When a user last opened their home, and when their visit before this one began.

    ``previous_seen_at`` is what "since your last visit" counts from; it moves only when a
    new visit begins (``QIAO_HOME_VISIT_GAP`` after the last page view), so reloading the
    home during one visit keeps showing the same news.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="home_visit",
    )
    last_seen_at = models.DateTimeField(_("last seen at"))
    previous_seen_at = models.DateTimeField(_("visit before"), null=True, blank=True)

    class Meta:
        verbose_name = _("home visit")
        verbose_name_plural = _("home visits")

    def __str__(self):
        return f"{self.user_id} {self.last_seen_at:%Y-%m-%d %H:%M}"
