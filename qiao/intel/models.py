"""Articles read from the news and the updates they propose for operators to review."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from qiao.core.models import BaseModel
from qiao.directory.models import KeyFigure, Organisation
from qiao.pipeline.models import Agreement


class OrganisationType(models.TextChoices):
    """What the extraction calls an organisation (``extract.ORG_TYPES``), for the reviewer."""

    HOSPITAL = "hospital", _("Hospital")
    COMPANY = "company", _("Company")
    UNIVERSITY = "university", _("University")
    INSTITUTE = "institute", _("Research institute")
    GOVERNMENT = "government", _("Government body")
    PARK = "park", _("Industrial park")
    ALLIANCE = "alliance", _("Alliance")
    ASSOCIATION = "association", _("Association")
    INVESTOR = "investor", _("Investor")
    PLATFORM = "platform", _("Platform")
    OTHER = "other", _("Other")


class EventKind(models.TextChoices):
    """What happened at a reported event (``extract.EVENT_KINDS``)."""

    SIGNING = "signing", _("Signing ceremony")
    FORUM = "forum", _("Forum or summit")
    CONFERENCE = "conference", _("Conference")
    EXHIBITION = "exhibition", _("Exhibition")
    ALLIANCE_LAUNCH = "alliance_launch", _("Alliance launch")
    PLATFORM_LAUNCH = "platform_launch", _("Platform launch")
    UNVEILING = "unveiling", _("Unveiling")
    MATCHMAKING = "matchmaking", _("Matchmaking or roadshow")


class Article(BaseModel):
    """One news article: the original as received, its cleaned text and where it came from."""

    title = models.CharField(_("title"), max_length=300, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    url = models.URLField(_("URL"), max_length=1000, blank=True)
    raw = models.TextField(_("original file"), help_text=_("As received: text or HTML."))
    original_text = models.TextField(
        _("original text"), help_text=_("The text the cleaning started from (HTML: main text).")
    )
    cleaned_text = models.TextField(_("cleaned text"))
    published_on = models.DateField(_("published on"), null=True, blank=True)
    content_hash = models.CharField(_("content hash"), max_length=64, unique=True)
    ingested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ingested by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    organisations = models.ManyToManyField(
        Organisation,
        verbose_name=_("organisations mentioned"),
        blank=True,
        related_name="news_articles",
    )
    agreements = models.ManyToManyField(
        Agreement,
        verbose_name=_("agreements reported"),
        blank=True,
        related_name="news_articles",
    )

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-published_on", "-id"]

    def __str__(self):
        return self.title or self.source or f"#{self.pk}"


class Proposal(BaseModel):
    """One fact read from an article, waiting for an operator to accept, edit or reject it."""

    class Kind(models.TextChoices):
        ORGANISATION = "organisation", _("Organisation")
        PERSON = "person", _("Person")
        EVENT = "event", _("Event")
        AGREEMENT = "agreement", _("Agreement")
        FIGURE = "figure", _("Figure")
        RELATION = "relation", _("Relation")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="proposals"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    payload = models.JSONField(_("payload"))
    confidence = models.FloatField(_("confidence"))
    span_start = models.PositiveIntegerField(_("start in the original text"))
    span_end = models.PositiveIntegerField(_("end in the original text"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("directory organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    result_id = models.PositiveIntegerField(_("created record"), null=True, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["article", "kind", "span_start", "id"]
        indexes = [models.Index(fields=["status", "article"], name="proposal_queue")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.label}"

    @property
    def display(self) -> str:
        """The proposal's subject in the reader's language (``label`` keeps the codes)."""
        p = self.payload
        if self.kind == self.Kind.EVENT:
            kind = p.get("kind")
            text = EventKind(kind).label if kind in EventKind.values else str(kind or "")
            return " · ".join(str(x) for x in (text, p.get("date"), p.get("place")) if x)
        if self.kind == self.Kind.AGREEMENT:
            kind = p.get("kind")
            text = Agreement.Kind(kind).label if kind in Agreement.Kind.values else ""
            return " · ".join(x for x in ("、".join(p.get("parties") or []), str(text)) if x)
        return self.label

    @property
    def label(self) -> str:
        p = self.payload
        if self.kind == self.Kind.AGREEMENT:
            return "、".join(p.get("parties") or []) or p.get("kind", "")
        if self.kind == self.Kind.FIGURE:
            return p.get("text", "")
        if self.kind == self.Kind.EVENT:
            return p.get("kind", "")
        if self.kind == self.Kind.RELATION:
            return f"{p.get('source', '')} → {p.get('target', '')}"
        return p.get("name", "")


class IntelSettings(BaseModel):
    """Operator settings of news intelligence (one row)."""

    auto_accept_threshold = models.FloatField(
        _("automatic acceptance threshold"),
        null=True,
        blank=True,
        help_text=_(
            "Proposals at or above this confidence are accepted without review; empty: never."
        ),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("news intelligence settings")
        verbose_name_plural = _("news intelligence settings")

    def __str__(self):
        return str(self.auto_accept_threshold)


class ArticleFetch(BaseModel):
    """An operator's request to read an article from a URL, done later by a worker."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Fetching")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    url = models.URLField(_("URL"), max_length=1000)
    source = models.CharField(_("source"), max_length=300, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    # A code (see qiao.intel.fetch.REASONS), shown in each reader's language.
    error = models.CharField(_("error"), max_length=20, blank=True)
    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("article fetch")
        verbose_name_plural = _("article fetches")
        ordering = ["-id"]

    def __str__(self):
        return self.url

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class NewsEvent(BaseModel):
    """Something that happened as a news article reports it: a signing, a forum, a launch.

    Not a partnering event (``qiao.events``): nobody registers for it or meets there; it is
    a dated fact on the profiles of the organisations that took part.
    """

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="news_events"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    held_on = models.DateField(_("date"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    organisations = models.ManyToManyField(
        Organisation, verbose_name=_("participants"), blank=True, related_name="news_events"
    )

    class Meta:
        verbose_name = _("event in the news")
        verbose_name_plural = _("events in the news")
        ordering = ["-held_on", "-id"]

    def __str__(self):
        return " ".join(
            str(x) for x in (self.get_kind_display(), self.held_on or "", self.place) if x
        )


class KeyFigureSource(models.Model):
    """The article a directory key figure was taken from."""

    key_figure = models.OneToOneField(
        KeyFigure, on_delete=models.CASCADE, related_name="news_source"
    )
    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="key_figures"
    )

    class Meta:
        verbose_name = _("source of a key figure")
        verbose_name_plural = _("sources of key figures")

    def __str__(self):
        return str(self.article)
