"""API schemas of the pipeline."""

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema
from pydantic import ConfigDict

from qiao.market.models import FundingRound
from qiao.pipeline.models import (
    Agreement,
    AgreementParty,
    Introduction,
    Milestone,
    ProjectProvider,
)


class IntroductionIn(Schema):
    note: str = Field("", max_length=2000)


class IntroductionOut(Schema):
    id: int
    match_id: int | None
    requesting_organisation_id: int
    receiving_organisation_id: int
    listing_ids: list[int]
    broker: str | None
    status: Introduction.Status
    version: int
    drop_reason: str
    next_action: str
    next_action_due: date | None
    note: str
    created_at: datetime
    status_changed_at: datetime | None

    @staticmethod
    def resolve_listing_ids(obj):
        return sorted(obj.listings.values_list("pk", flat=True))

    @staticmethod
    def resolve_broker(obj):
        return obj.broker.email if obj.broker_id else None


class StatusIn(Schema):
    status: Introduction.Status
    reason: str = Field("", max_length=2000, description="required to decline or drop")
    version: int | None = Field(
        None, ge=1, description="the version you edited (or send If-Match); stale is a 409"
    )


class NextActionIn(Schema):
    next_action: str = Field("", max_length=200)
    due: date | None = None
    version: int | None = Field(
        None, ge=1, description="the version you edited (or send If-Match); stale is a 409"
    )


class MessageIn(Schema):
    body: str = Field(..., min_length=1, max_length=10000)


class MessageOut(Schema):
    id: int
    author: str = Field(..., alias="author.email")
    body: str
    created_at: datetime


class PartyIn(Schema):
    organisation_id: int
    role: AgreementParty.Role = AgreementParty.Role.PARTY


class PartyOut(Schema):
    organisation_id: int
    organisation_name: str = Field(..., alias="organisation.name_zh")
    role: AgreementParty.Role


class AgreementIn(Schema):
    kind: Agreement.Kind
    title_zh: str = Field(..., min_length=1, max_length=200)
    title_en: str = ""
    signed_on: date
    place: str = ""
    amount: Decimal | None = Field(None, ge=0)
    currency: Agreement.Currency = Agreement.Currency.CNY
    project_count: int | None = Field(None, ge=0)
    description: str = ""
    is_confidential: bool = False
    introduction_id: int | None = None
    parties: list[PartyIn] = Field(..., min_length=2)
    categories: list[str] = Field(
        default_factory=list,
        description="device_category codes; empty takes those of the introduction's listings",
    )


class AgreementUpdateIn(Schema):
    """The agreement's own fields as corrected (every field is replaced, like the edit form).

    Parties and confidentiality are not here: ask for them with
    ``POST /agreements/{id}/changes`` (every party consents, or an operator).
    """

    model_config = ConfigDict(extra="forbid")

    kind: Agreement.Kind
    title_zh: str = Field(..., min_length=1, max_length=200)
    title_en: str = ""
    signed_on: date
    place: str = ""
    amount: Decimal | None = Field(None, ge=0)
    currency: Agreement.Currency = Agreement.Currency.CNY
    project_count: int | None = Field(None, ge=0)
    description: str = ""
    categories: list[str] = Field(default_factory=list, description="device_category codes")
    version: int | None = Field(
        None, ge=1, description="the version you edited (or send If-Match); stale is a 409"
    )


class AgreementChangeIn(Schema):
    """Other parties and/or another confidentiality; omitted means unchanged."""

    parties: list[PartyIn] | None = Field(None, min_length=2)
    is_confidential: bool | None = None
    reason: str = Field("", max_length=2000)


class ConsentOut(Schema):
    organisation_id: int
    organisation_name: str = Field(..., alias="organisation.name_zh")
    decision: str = Field(..., description='"pending", "approved" or "refused"')


class AgreementChangeOut(Schema):
    id: int
    agreement_id: int
    status: str = Field(..., description='"pending", "applied", "refused" or "withdrawn"')
    parties: list[PartyIn] | None
    is_confidential: bool | None
    reason: str
    created_at: datetime
    consents: list[ConsentOut]

    @staticmethod
    def resolve_parties(obj):
        if obj.parties is None:
            return None
        return [{"organisation_id": pk, "role": role} for pk, role in obj.parties]

    @staticmethod
    def resolve_consents(obj):
        return list(obj.consents.select_related("organisation"))


class ConsentAnswerIn(Schema):
    organisation_id: int = Field(..., description="the organisation you answer for")
    approve: bool
    reason: str = Field("", max_length=2000)


class DocumentOut(Schema):
    id: int
    original_name: str
    content_type: str
    size: int
    url: str

    @staticmethod
    def resolve_url(obj):
        from django.urls import reverse

        return reverse("pipeline:agreement_document", args=[obj.agreement_id, obj.pk])


class AgreementOut(Schema):
    id: int
    kind: Agreement.Kind
    title_zh: str
    title_en: str
    signed_on: date
    place: str
    amount: Decimal | None
    currency: Agreement.Currency
    project_count: int | None
    description: str
    is_confidential: bool
    version: int
    introduction_id: int | None
    parties: list[PartyOut]
    categories: list[str]
    documents: list[DocumentOut]

    @staticmethod
    def resolve_categories(obj):
        return [term.code for term in obj.categories.all()]

    @staticmethod
    def resolve_parties(obj):
        return list(obj.parties.all())

    @staticmethod
    def resolve_documents(obj, context):
        """Only the parties and operators get the documents, whatever the confidentiality."""
        from qiao.pipeline.selectors import list_agreement_documents

        return list(list_agreement_documents(viewer=context["request"].user, agreement=obj))


class JourneyStepOut(Schema):
    date: date
    kind: str = Field(..., description='"stage", "milestone" or "funding"')
    label: str
    detail: str


class ProviderOut(Schema):
    organisation_id: int | None = Field(..., description="null: an undisclosed organisation")
    organisation_name: str
    service: ProjectProvider.Service


class ProjectOriginsOut(Schema):
    need_id: int | None
    introduction_id: int | None
    agreement_id: int | None


class ProjectOut(Schema):
    """A project as the caller may see it: organisations the caller may not see are named
    "an undisclosed organisation" (``organisation_id`` null), and a funding round naming
    one carries no amount."""

    id: int
    organisation_id: int
    name_zh: str
    name_en: str
    description: str
    stage: str = Field(..., alias="stage.code")
    category: str | None
    is_confidential: bool
    version: int
    providers: list[ProviderOut]
    journey: list[JourneyStepOut]
    origins: ProjectOriginsOut = Field(
        ..., description="where it came from, each only if the caller may see it"
    )

    @staticmethod
    def resolve_origins(obj, context):
        from qiao.pipeline.selectors import get_origins

        found = get_origins(obj, viewer=context["request"].user)
        return {
            "need_id": found.need.pk if found.need else None,
            "introduction_id": found.introduction.pk if found.introduction else None,
            "agreement_id": found.agreement.pk if found.agreement else None,
        }

    @staticmethod
    def resolve_providers(obj, context):
        from qiao.pipeline.selectors import list_providers

        return [
            {"organisation_id": named.id, "organisation_name": named.name, "service": p.service}
            for named, p in list_providers(obj, viewer=context["request"].user)
        ]

    @staticmethod
    def resolve_category(obj):
        return obj.category.code if obj.category_id else None

    @staticmethod
    def resolve_journey(obj, context):
        from qiao.pipeline.selectors import get_journey

        steps = []
        for step in get_journey(obj, viewer=context["request"].user):
            if step.kind == "stage":
                detail = ""
            elif step.kind == "milestone":
                site = step.site.name if step.site else ""
                detail = " · ".join(t for t in (site, step.certificate_number, step.note) if t)
            else:
                investors = "、".join(i.name for i in step.investors)
                amount = f"{step.amount} {step.currency}" if step.amount is not None else ""
                detail = " · ".join(t for t in (amount, investors) if t)
            steps.append(
                {"date": step.day, "kind": step.kind, "label": step.code, "detail": detail}
            )
        return steps


class ProjectIn(Schema):
    organisation_id: int
    name_zh: str = Field(..., min_length=1, max_length=200)
    name_en: str = ""
    description: str = ""
    stage: str = Field(..., description="lifecycle_stage code")
    entered_on: date
    category: str | None = Field(None, description="device_category code")
    is_confidential: bool = False
    need_id: int | None = Field(None, description="the need the project answers")
    introduction_id: int | None = Field(None, description="the introduction it came from")
    agreement_id: int | None = Field(None, description="the agreement it came from")


class ProjectUpdateIn(Schema):
    """A project's own fields as corrected (its stage moves through /stage)."""

    name_zh: str = Field(..., min_length=1, max_length=200)
    name_en: str = ""
    description: str = ""
    category: str | None = Field(None, description="device_category code")
    is_confidential: bool = False
    need_id: int | None = Field(
        None, description="left out: unchanged; the need the project answers"
    )
    introduction_id: int | None = Field(
        None, description="left out: unchanged; the introduction it came from"
    )
    agreement_id: int | None = Field(
        None, description="left out: unchanged; the agreement it came from"
    )
    version: int | None = Field(
        None, ge=1, description="the version you edited (or send If-Match); stale is a 409"
    )


class ProviderIn(Schema):
    organisation_id: int
    service: ProjectProvider.Service


class FundingIn(Schema):
    round: FundingRound
    amount: Decimal | None = Field(None, ge=0)
    currency: Agreement.Currency = Agreement.Currency.CNY
    closed_on: date
    investor_ids: list[int] = Field(default_factory=list)


class StageChangeIn(Schema):
    stage: str = Field(..., description="lifecycle_stage code")
    entered_on: date


class MilestoneIn(Schema):
    kind: Milestone.Kind
    reached_on: date
    site_id: int | None = None
    certificate_number: str = ""
    note: str = ""
