"""API schemas of the pipeline."""

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema

from qiao.market.models import FundingRound
from qiao.pipeline.models import Agreement, AgreementParty, Introduction, Milestone, ProjectProvider


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


class NextActionIn(Schema):
    next_action: str = Field("", max_length=200)
    due: date | None = None


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
    """The whole agreement as corrected (every field is replaced, like the edit form)."""

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
    parties: list[PartyIn] = Field(..., min_length=2)
    categories: list[str] = Field(default_factory=list, description="device_category codes")


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
    def resolve_documents(obj):
        return list(obj.documents.all())


class JourneyStepOut(Schema):
    date: date
    kind: str = Field(..., description='"stage", "milestone" or "funding"')
    label: str
    detail: str


class ProviderOut(Schema):
    organisation_id: int
    organisation_name: str = Field(..., alias="organisation.name_zh")
    service: ProjectProvider.Service


class ProjectOut(Schema):
    id: int
    organisation_id: int
    name_zh: str
    name_en: str
    description: str
    stage: str = Field(..., alias="stage.code")
    category: str | None
    is_confidential: bool
    providers: list[ProviderOut]
    journey: list[JourneyStepOut]

    @staticmethod
    def resolve_providers(obj):
        return list(obj.providers.select_related("organisation"))

    @staticmethod
    def resolve_category(obj):
        return obj.category.code if obj.category_id else None

    @staticmethod
    def resolve_journey(obj):
        from qiao.pipeline.selectors import get_journey

        steps = []
        for day, kind, step in get_journey(obj):
            if kind == "stage":
                steps.append({"date": day, "kind": kind, "label": step.stage.code, "detail": ""})
            elif kind == "milestone":
                detail = " · ".join(
                    t
                    for t in (
                        step.site.name_zh if step.site else "",
                        step.certificate_number,
                        step.note,
                    )
                    if t
                )
                steps.append({"date": day, "kind": kind, "label": step.kind, "detail": detail})
            else:
                investors = "、".join(i.name_zh for i in step.investors.all())
                amount = f"{step.amount} {step.currency}" if step.amount is not None else ""
                detail = " · ".join(t for t in (amount, investors) if t)
                steps.append({"date": day, "kind": kind, "label": step.round, "detail": detail})
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


class ProjectUpdateIn(Schema):
    """A project's own fields as corrected (its stage moves through /stage)."""

    name_zh: str = Field(..., min_length=1, max_length=200)
    name_en: str = ""
    description: str = ""
    category: str | None = Field(None, description="device_category code")
    is_confidential: bool = False


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
