from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from qiao.core.models import BaseModel


class Vocabulary(models.TextChoices):
    ORGANISATION_KIND = "organisation_kind", _("Organisation kind")
    DEVICE_CATEGORY = "device_category", _("Device category")
    TECHNOLOGY_AREA = "technology_area", _("Technology area")
    THERAPEUTIC_AREA = "therapeutic_area", _("Therapeutic area")
    LIFECYCLE_STAGE = "lifecycle_stage", _("Lifecycle stage")


class Term(BaseModel):
    """A label in one of the cluster's controlled vocabularies, in Chinese and English."""

    vocabulary = models.CharField(_("vocabulary"), max_length=32, choices=Vocabulary.choices)
    code = models.SlugField(_("code"), max_length=40)
    name_zh = models.CharField(_("Chinese name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100)
    synonyms = models.TextField(
        _("synonyms"), blank=True, help_text=_("Other names and abbreviations, one per line.")
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("taxonomy term")
        verbose_name_plural = _("taxonomy terms")
        ordering = ["vocabulary", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["vocabulary", "code"], name="taxonomy_term_unique_code")
        ]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        """Return the name in the active language, falling back to the other one."""
        if (get_language() or "zh-hans").startswith("en"):
            return self.name_en or self.name_zh
        return self.name_zh or self.name_en

    @property
    def synonym_list(self) -> list[str]:
        return [s.strip() for s in self.synonyms.splitlines() if s.strip()]

    def search_texts(self) -> list[str]:
        return [self.name_zh, self.name_en, *self.synonym_list]
