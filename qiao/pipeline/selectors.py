"""Read queries of the pipeline, each through the viewer's permissions.

Introductions: operators see all, members their organisations' own, the admins of the
organisation whose event the parties met at the introductions that event produced. Agreements and
projects follow the visibility of the organisations they name (see the functions).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from qiao.core.audit import AuditEntry, list_audit_entries
from qiao.directory.models import Organisation
from qiao.directory.roles import roles_of
from qiao.directory.selectors import list_visible_organisations, sees_every_organisation
from qiao.market.models import Listing, Side
from qiao.market.selectors import list_visible_listings
from qiao.pipeline.models import (
    Agreement,
    AgreementChange,
    AgreementConsent,
    AgreementDocument,
    AgreementParty,
    Introduction,
    Project,
    ProjectProvider,
)


def list_visible_introductions(*, viewer) -> QuerySet[Introduction]:
    roles = roles_of(viewer)
    introductions = Introduction.objects.select_related(
        "requesting_organisation", "receiving_organisation", "broker"
    )
    if roles.is_operator:
        return introductions
    # The admins of an organisation that convened the meeting (an event's organisers) may
    # follow what their event produced; they gain no right to change it (policies.py).
    return introductions.filter(
        Q(requesting_organisation__in=roles.member_of)
        | Q(receiving_organisation__in=roles.member_of)
        | Q(convened_by__in=roles.admin_of)
    )


def access_introduction(*, viewer, introduction_id: int) -> Introduction:
    return get_object_or_404(list_visible_introductions(viewer=viewer), pk=introduction_id)


# The filters of the introductions page (``?show=…``); the home counts through the same ones,
# so a count and the list it links to always agree.
INTRODUCTION_FILTERS = ("requested", "overdue", "to_answer")


def filter_introductions(
    introductions: QuerySet[Introduction], *, viewer, show: str, today: date | None = None
) -> QuerySet[Introduction]:
    """Narrow visible introductions to one of ``INTRODUCTION_FILTERS`` (else unchanged).

    requested: members' requests still waiting for a broker; overdue: open ones whose next
    action is past due; to_answer: proposals to one of the viewer's organisations that wait
    for its answer (a request only once a broker has taken it up).
    """
    today = today or timezone.localdate()
    open_ = introductions.exclude(status__in=Introduction.CLOSED_STATUSES)
    if show == "requested":
        return open_.filter(broker__isnull=True)
    if show == "overdue":
        return open_.filter(next_action_due__lt=today)
    if show == "to_answer":
        return introductions.filter(
            status=Introduction.Status.PROPOSED,
            broker__isnull=False,
            receiving_organisation_id__in=roles_of(viewer).member_of,
        )
    return introductions


@dataclass(frozen=True)
class BrokerQueue:
    """What a broker should look at today."""

    overdue: list[Introduction]
    requested: list[Introduction]
    mine: list[Introduction]
    unanswered_needs: list[Listing]
    unanswered_days: int


def get_broker_queue(*, broker, today: date | None = None) -> BrokerQueue:
    """Return the broker's open introductions (overdue first), members' requests waiting for
    a broker, and published needs that nobody has introduced for QIAO_UNANSWERED_DAYS days.
    """
    today = today or timezone.localdate()
    open_ = list_visible_introductions(viewer=broker).exclude(
        status__in=Introduction.CLOSED_STATUSES
    )
    # Undated ones last on both databases (SQLite sorts NULL first, PostgreSQL last).
    mine = list(
        open_.filter(broker=broker).order_by(
            F("next_action_due").asc(nulls_last=True), "-created_at"
        )
    )
    days = settings.QIAO_UNANSWERED_DAYS
    introduced = Introduction.listings.through.objects.filter(listing=OuterRef("pk"))
    unanswered = (
        Listing.objects.filter(
            side=Side.NEED,
            status__in=Listing.OPEN_STATUSES,
            published_at__date__lte=today - timedelta(days=days),
        )
        .exclude(Exists(introduced))
        .select_related("organisation")
        .order_by("published_at")[:50]
    )
    return BrokerQueue(
        overdue=[i for i in mine if i.next_action_due and i.next_action_due < today],
        requested=list(open_.filter(broker__isnull=True).order_by("created_at")),
        mine=mine,
        unanswered_needs=list(unanswered),
        unanswered_days=days,
    )


def _hidden_organisations(viewer):
    """Organisations this viewer may not see (none for a signed-in user), as a subquery."""
    if sees_every_organisation(viewer):
        return None
    return Organisation.objects.exclude(
        pk__in=list_visible_organisations(viewer=viewer).values("pk")
    ).values("pk")


def may_see_organisation(viewer, organisation) -> bool:
    return sees_every_organisation(viewer) or (
        organisation.visibility == Organisation.Visibility.PUBLIC
    )


def list_visible_agreements(*, viewer) -> QuerySet[Agreement]:
    """Public agreements for everyone, confidential ones for their parties and operators,
    and an agreement waiting for an organisation's consent to its admins' organisation.

    An agreement one of whose parties the viewer may not see (a members-only organisation,
    for an anonymous visitor) is not shown to them at all: its parties are what it is.
    """
    roles = roles_of(viewer)
    agreements = Agreement.objects.all()
    if roles.is_operator:
        return agreements
    mine = AgreementParty.objects.filter(
        agreement=OuterRef("pk"), organisation_id__in=roles.member_of
    )
    asked = AgreementConsent.objects.filter(
        change__agreement=OuterRef("pk"),
        change__status=AgreementChange.Status.PENDING,
        organisation_id__in=roles.member_of,
    )
    agreements = agreements.filter(Q(is_confidential=False) | Exists(mine) | Exists(asked))
    hidden = _hidden_organisations(viewer)
    if hidden is not None:
        unseen = AgreementParty.objects.filter(agreement=OuterRef("pk"), organisation__in=hidden)
        agreements = agreements.exclude(Exists(unseen))
    return agreements


def access_agreement(*, viewer, agreement_id: int) -> Agreement:
    return get_object_or_404(
        list_visible_agreements(viewer=viewer).prefetch_related("parties__organisation"),
        pk=agreement_id,
    )


def is_party(viewer, agreement: Agreement) -> bool:
    roles = roles_of(viewer)
    return (
        roles.is_operator or agreement.parties.filter(organisation_id__in=roles.member_of).exists()
    )


def list_agreement_documents(*, viewer, agreement: Agreement) -> QuerySet[AgreementDocument]:
    """The agreement's documents for its parties and operators; nobody else, whatever the
    agreement's confidentiality (a public agreement's terms are public, its files are not)."""
    if not is_party(viewer, agreement):
        return AgreementDocument.objects.none()
    return agreement.documents.all()


def access_agreement_document(*, viewer, agreement_id: int, document_id: int):
    agreement = access_agreement(viewer=viewer, agreement_id=agreement_id)
    return get_object_or_404(
        list_agreement_documents(viewer=viewer, agreement=agreement), pk=document_id
    )


def get_pending_change(agreement: Agreement) -> AgreementChange | None:
    return (
        agreement.change_requests.filter(status=AgreementChange.Status.PENDING)
        .select_related("requested_by")
        .prefetch_related("consents__organisation")
        .first()
    )


def list_agreement_changes(*, viewer, agreement: Agreement) -> QuerySet[AgreementChange]:
    """The agreement's change requests, for its parties, those asked, and operators."""
    roles = roles_of(viewer)
    changes = agreement.change_requests.prefetch_related("consents__organisation")
    if roles.is_operator or is_party(viewer, agreement):
        return changes
    return changes.filter(consents__organisation_id__in=roles.member_of).distinct()


def list_agreement_audit_entries(agreement: Agreement) -> list[AuditEntry]:
    """The agreement's trail with its change requests' (oldest first)."""
    entries = list(list_audit_entries(agreement))
    for change in agreement.change_requests.all():
        entries += list(list_audit_entries(change))
    return sorted(entries, key=lambda e: (e.at, e.pk))


def list_visible_projects(*, viewer) -> QuerySet[Project]:
    """Public projects for everyone; confidential ones for their organisation and operators;
    none of an organisation the viewer may not see."""
    roles = roles_of(viewer)
    projects = Project.objects.select_related("organisation", "stage", "category")
    if roles.is_operator:
        return projects
    projects = projects.filter(Q(is_confidential=False) | Q(organisation_id__in=roles.member_of))
    hidden = _hidden_organisations(viewer)
    if hidden is not None:
        projects = projects.exclude(organisation__in=hidden)
    return projects


def access_project(*, viewer, project_id: int) -> Project:
    return get_object_or_404(list_visible_projects(viewer=viewer), pk=project_id)


@dataclass(frozen=True)
class Named:
    """An organisation a project names, as this viewer may see it (``id`` None: undisclosed)."""

    id: int | None
    name: str

    @property
    def url(self) -> str:
        return reverse("directory:organisation_detail", args=[self.id]) if self.id else ""


def named(viewer, organisation) -> Named:
    if may_see_organisation(viewer, organisation):
        return Named(organisation.pk, str(organisation.name))
    return Named(None, _("an undisclosed organisation"))


@dataclass(frozen=True)
class JourneyStep:
    day: date
    kind: str  # "stage", "milestone" or "funding"
    code: str  # the stage's, milestone kind's or round's code
    label: str
    site: Named | None = None
    certificate_number: str = ""
    note: str = ""
    amount: Decimal | None = None  # None too when an investor is undisclosed
    currency: str = ""
    investors: tuple[Named, ...] = ()


def get_journey(project: Project, *, viewer) -> list[JourneyStep]:
    """Return the project's dated steps (stages, milestones, funding rounds), oldest first.

    Organisations the viewer may not see are "an undisclosed organisation", and a funding
    round naming one shows no amount, so nothing ties a figure to a hidden organisation.
    """
    steps = [
        JourneyStep(s.entered_on, "stage", s.stage.code, s.stage.label)
        for s in project.stage_history.select_related("stage")
    ]
    for m in project.milestones.select_related("site"):
        steps.append(
            JourneyStep(
                m.reached_on,
                "milestone",
                m.kind,
                m.get_kind_display(),
                site=named(viewer, m.site) if m.site else None,
                certificate_number=m.certificate_number,
                note=m.note,
            )
        )
    for f in project.funding_rounds.prefetch_related("investors"):
        investors = tuple(named(viewer, o) for o in f.investors.all())
        undisclosed = any(i.id is None for i in investors)
        steps.append(
            JourneyStep(
                f.closed_on,
                "funding",
                f.round,
                f.get_round_display(),
                amount=None if undisclosed else f.amount,
                currency=f.currency,
                investors=investors,
            )
        )
    return sorted(steps, key=lambda step: (step.day, step.kind != "stage"))


def list_providers(project: Project, *, viewer) -> list[tuple[Named, ProjectProvider]]:
    return [
        (named(viewer, p.organisation), p) for p in project.providers.select_related("organisation")
    ]


@dataclass(frozen=True)
class Origins:
    """What a project came from, as far as this viewer may see each."""

    need: Listing | None
    introduction: Introduction | None
    agreement: Agreement | None

    def __bool__(self) -> bool:
        return any((self.need, self.introduction, self.agreement))


def get_origins(project: Project, *, viewer) -> Origins:
    def seen(queryset, pk):
        return queryset.filter(pk=pk).first() if pk else None

    return Origins(
        need=seen(list_visible_listings(viewer=viewer), project.need_id),
        introduction=seen(list_visible_introductions(viewer=viewer), project.introduction_id),
        agreement=seen(list_visible_agreements(viewer=viewer), project.agreement_id),
    )


def list_projects_from(*, viewer, **origin) -> QuerySet[Project]:
    """The visible projects that came from an introduction or agreement (``introduction=…``)."""
    return list_visible_projects(viewer=viewer).filter(**origin).order_by("name_zh")
