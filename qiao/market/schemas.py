"""API schemas of needs and offers. Details are a nested object, null when not disclosed."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, FilterSchema, Schema

from qiao.directory.schemas import TermRef
from qiao.market.models import (
    Accreditation,
    Disclosure,
    Frequency,
    FundingRound,
    IpStatus,
    Kind,
    Listing,
    ServiceType,
    Severity,
    Side,
    TransferMode,
)


class ListingFilter(FilterSchema):
    q: str = Field("", max_length=100, description="Chinese, English, pinyin or mixed text")
    side: Side | None = None
    kind: Kind | None = None
    status: Listing.Status | None = None
    province: str = ""
    category: str = Field("", description="device_category code, e.g. 22")
    technology_area: str = ""
    therapeutic_area: str = ""
    stage: str = Field("", description="lifecycle_stage code, e.g. prototype")
    organisation: int | None = None


class ListingDetailsOut(Schema):
    description: str
    clinical_problem: str
    patient_population: str
    current_practice: str
    shortcomings: str
    desired_outcome: str
    frequency: str
    severity: str
    department_id: int | None
    hosts_validation: bool | None
    ip_note: str
    service_type: str
    amount: Decimal | None
    funding_round: str
    use_of_funds: str
    patent_numbers: str
    ip_status: str
    transfer_modes: list[str]
    registration_number: str
    capabilities: str
    accreditations: list[str]
    investment_stages: list[str]
    ticket_min: Decimal | None
    ticket_max: Decimal | None
    equipment_model: str
    location: str
    specifications: str
    contact_id: int | None


class ListingOut(Schema):
    id: int
    side: Side
    kind: Kind
    status: Listing.Status
    visibility: Listing.Visibility
    alliance_id: int | None
    organisation_id: int
    organisation_name: str = Field(..., alias="organisation.name_zh")
    title_zh: str
    title_en: str
    summary_zh: str
    summary_en: str
    stage: str | None
    province: str
    city: str
    deadline: date | None
    published_at: datetime | None
    completeness: int
    details_visible: bool
    details: ListingDetailsOut | None

    @staticmethod
    def resolve_stage(obj):
        return obj.stage.code if obj.stage_id else None

    @staticmethod
    def resolve_details(obj):
        return obj if getattr(obj, "details_visible", False) else None


class ListingDetailOut(ListingOut):
    tags: list[TermRef]
    version: int = Field(..., description="send it back as `version` or `If-Match` to edit")

    @staticmethod
    def resolve_tags(obj):
        return list(obj.terms.all())


class _ListingFields(Schema):
    title_zh: str = ""
    title_en: str = ""
    summary_zh: str = ""
    summary_en: str = ""
    description: str = ""
    tags: list[str] = Field([], description='"vocabulary:code", e.g. "device_category:22"')
    stage: str | None = Field(None, description="lifecycle_stage code")
    province: str = ""
    city: str = ""
    deadline: date | None = None
    visibility: Listing.Visibility = Listing.Visibility.PUBLIC
    shared_with: list[int] = Field([], description="organisation ids, for visibility=chosen")
    alliance_id: int | None = Field(
        None, description="the alliance's organisation id, for visibility=alliance"
    )
    nda_terms: str = ""
    disclosure_needs_approval: bool = False
    contact_id: int | None = None
    clinical_problem: str = ""
    patient_population: str = ""
    current_practice: str = ""
    shortcomings: str = ""
    desired_outcome: str = ""
    frequency: Frequency | None = None
    severity: Severity | None = None
    department_id: int | None = None
    hosts_validation: bool | None = None
    ip_note: str = ""
    confirms_no_patient_data: bool = False
    service_type: ServiceType | None = None
    amount: Decimal | None = Field(None, ge=0)
    funding_round: FundingRound | None = None
    use_of_funds: str = ""
    patent_numbers: str = ""
    ip_status: IpStatus | None = None
    transfer_modes: list[TransferMode] = []
    registration_number: str = ""
    capabilities: str = ""
    accreditations: list[Accreditation] = []
    investment_stages: list[FundingRound] = []
    ticket_min: Decimal | None = Field(None, ge=0)
    ticket_max: Decimal | None = Field(None, ge=0)
    equipment_model: str = ""
    location: str = ""
    specifications: str = ""


class ListingIn(_ListingFields):
    kind: Kind
    organisation_id: int


class ListingPatch(_ListingFields):
    version: int | None = Field(
        None, ge=1, description="the version you edited (or send If-Match); stale: 409"
    )


class StatusIn(Schema):
    status: Listing.Status


class NdaAcceptIn(Schema):
    organisation_id: int = Field(..., description="your organisation, which accepts the terms")
    accept: bool = Field(..., description="must be true")


class DisclosureOut(Schema):
    id: int
    listing_id: int
    organisation_id: int
    organisation_name: str = Field(..., alias="organisation.name_zh")
    accepted_by: str = Field(..., alias="accepted_by.email")
    accepted_at: datetime
    accepted_as: str = Field(..., description='"admin" or "signatory" (a member an admin allows)')
    terms_accepted: str
    status: Disclosure.Status
    decided_at: datetime | None


class RefusalOut(Schema):
    detail: str


class DecisionIn(Schema):
    grant: bool


class CompletenessOut(Schema):
    score: int
    hints: list[dict[str, str]]
