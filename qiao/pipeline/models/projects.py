"""Projects and their journey: stages, milestones, providers and funding rounds."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qiao.core.models import BaseModel, NaturalMessages
from qiao.core.writes import Versioned
from qiao.directory.models import Organisation
from qiao.market.models import FundingRound, Listing, Side
from qiao.pipeline.models.agreements import Agreement
from qiao.pipeline.models.introductions import Introduction


def not_in_future() -> str:
    return _("The date is in the future. Record a step of the journey once it has happened.")


__all__ = ["Milestone", "Project", "ProjectFunding", "ProjectProvider", "ProjectStage"]


class Project(BaseModel, Versioned):
    """A product or technology of an organisation on its way from idea to market."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="projects",
    )
    name_zh = models.CharField(_("Chinese name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    stage = models.ForeignKey(
        "taxonomy.Term",
        verbose_name=_("lifecycle stage"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"vocabulary": "lifecycle_stage"},
    )
    category = models.ForeignKey(
        "taxonomy.Term",
        verbose_name=_("device category"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"vocabulary": "device_category"},
    )
    is_confidential = models.BooleanField(
        _("confidential"),
        default=False,
        help_text=_("Only the organisation and operators see a confidential project."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    # Where the project came from; each shows on the need, introduction and agreement.
    need = models.ForeignKey(
        Listing,
        verbose_name=_("need it answers"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
        limit_choices_to={"side": Side.NEED},
    )
    introduction = models.ForeignKey(
        Introduction,
        verbose_name=_("introduction it came from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
    )
    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement it came from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
    )

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["name_zh"]

    def __str__(self):
        return self.name_zh


class ProjectStage(NaturalMessages, models.Model):
    """One step of a project's journey: the stage it entered, and when."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="stage_history")
    stage = models.ForeignKey(
        "taxonomy.Term",
        verbose_name=_("lifecycle stage"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    entered_on = models.DateField(_("entered on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        ordering = ["entered_on", "id"]

    def __str__(self):
        return f"{self.project} → {self.stage} ({self.entered_on})"


class Milestone(BaseModel):
    """A dated fact of the journey: type testing passed, a trial started at a hospital, …"""

    class Kind(models.TextChoices):
        TYPE_TESTING = "type_testing", _("Type testing passed")
        TRIAL_STARTED = "trial_started", _("Clinical trial started")
        TRIAL_COMPLETED = "trial_completed", _("Clinical trial completed")
        PATENT_FILED = "patent_filed", _("Patent application filed")
        PATENT_GRANTED = "patent_granted", _("Patent granted")
        REGISTRATION = "registration", _("Registration certificate issued")
        FIRST_SALE = "first_sale", _("First sale")
        OTHER = "other", _("Other")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    reached_on = models.DateField(_("date"))
    site = models.ForeignKey(
        Organisation,
        verbose_name=_("site (e.g. the trial hospital)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    certificate_number = models.CharField(
        _("certificate or patent number"), max_length=60, blank=True
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["reached_on", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.reached_on})"

    def clean(self):
        # A milestone is a fact that happened: a date ahead would count it as reached today.
        if self.reached_on and self.reached_on > timezone.localdate():
            raise ValidationError({"reached_on": not_in_future()})


class ProjectProvider(NaturalMessages, models.Model):
    """A service provider a project used: its CRO, CDMO or testing lab."""

    class Service(models.TextChoices):
        CRO = "cro", _("Clinical research (CRO)")
        CDMO = "cdmo", _("Development and manufacturing (CDMO)")
        TESTING = "testing", _("Testing and inspection")
        OTHER = "other", _("Other service")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="providers")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="+"
    )
    service = models.CharField(_("service"), max_length=10, choices=Service.choices)

    class Meta:
        verbose_name = _("service provider")
        verbose_name_plural = _("service providers")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organisation", "service"], name="provider_once"
            )
        ]

    def __str__(self):
        return f"{self.organisation} ({self.get_service_display()})"


class ProjectFunding(BaseModel):
    """A funding round a project raised: investors, amount, date."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="funding_rounds")
    round = models.CharField(_("round"), max_length=10, choices=FundingRound.choices)
    amount = models.DecimalField(
        _("amount"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    currency = models.CharField(
        _("currency"),
        max_length=3,
        choices=Agreement.Currency.choices,
        default=Agreement.Currency.CNY,
    )
    closed_on = models.DateField(_("date"))
    investors = models.ManyToManyField(
        Organisation, verbose_name=_("investors"), blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("funding round")
        verbose_name_plural = _("funding rounds")
        ordering = ["closed_on", "id"]

    def __str__(self):
        return f"{self.project} {self.get_round_display()}"

    def clean(self):
        if self.closed_on and self.closed_on > timezone.localdate():
            raise ValidationError({"closed_on": not_in_future()})
