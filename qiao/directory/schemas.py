"""API schemas of the directory: <Noun>In, <Noun>Patch, <Noun>Out, <Noun>Filter."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from ninja import Field, FilterSchema, Schema

from qiao.directory.models import (
    Capability,
    Credential,
    Department,
    Membership,
    Organisation,
    RelationKind,
)


class TermRef(Schema):
    vocabulary: str
    code: str
    name_zh: str
    name_en: str


class OrganisationFilter(FilterSchema):
    q: str = Field("", max_length=100, description="Chinese, English, pinyin or mixed text")
    kind: str = Field("", description="organisation_kind code, e.g. hospital")
    province: str = ""
    city: str = ""
    district: str = ""
    category: str = Field("", description="device_category code, e.g. 22 or ivd")
    technology_area: str = ""
    therapeutic_area: str = ""
    sort: Literal["relevance", "name", "updated"] = Field(
        "relevance",
        description="relevance (exact name, name, exact tag, tags and capabilities, "
        "description; then prominence, then name), name, or updated (latest first)",
    )


class OrganisationOut(Schema):
    id: int
    kind: str = Field(..., alias="kind.code")
    name_zh: str
    name_en: str
    short_name_zh: str
    short_name_en: str
    province: str
    city: str
    district: str
    visibility: Organisation.Visibility


class RelationOut(Schema):
    id: int
    kind: RelationKind
    source_id: int
    source_name: str = Field(..., alias="source.name_zh")
    target_id: int
    target_name: str = Field(..., alias="target.name_zh")
    started_on: date | None
    ended_on: date | None
    note: str


class DepartmentOut(Schema):
    id: int
    name_zh: str
    name_en: str
    key_specialty_level: str


class CapabilityOut(Schema):
    id: int
    kind: Capability.Kind
    name_zh: str
    name_en: str
    technology_area: str | None = Field(None, alias="technology_area.code")
    description: str


class CredentialOut(Schema):
    id: int
    kind: Credential.Kind
    number: str
    title: str
    device_class: str
    category: str | None = Field(None, alias="category.code")
    status: Credential.Status
    issued_on: date | None


class KeyFigureOut(Schema):
    label_zh: str
    label_en: str
    value: Decimal
    unit_zh: str
    unit_en: str
    as_of: date | None
    source: str = Field(..., description="where the stated figure comes from")
    counts: str = Field(..., description="the credential kind it counts (e.g. patent), or empty")


class AffiliationOut(Schema):
    person_id: int
    name_zh: str = Field(..., alias="person.name_zh")
    name_en: str = Field(..., alias="person.name_en")
    title_zh: str
    title_en: str
    is_think_tank_expert: bool = Field(..., alias="person.is_think_tank_expert")


class OrganisationDetailOut(OrganisationOut):
    version: int = Field(..., description="Send it back with a change (or as If-Match).")
    aliases: list[str] = Field(..., alias="alias_list")
    address: str
    website: str
    founded_year: int | None
    description_zh: str
    description_en: str
    credit_code: str
    tags: list[TermRef]
    relations: list[RelationOut]
    departments: list[DepartmentOut]
    capabilities: list[CapabilityOut]
    credentials: list[CredentialOut]
    key_figures: list[KeyFigureOut]
    people: list[AffiliationOut]

    @staticmethod
    def resolve_tags(obj):
        return list(obj.terms.all())

    @staticmethod
    def resolve_relations(obj):
        return obj.all_relations

    @staticmethod
    def resolve_departments(obj):
        return list(obj.departments.all())

    @staticmethod
    def resolve_capabilities(obj):
        return list(obj.capabilities.all())

    @staticmethod
    def resolve_credentials(obj):
        return list(obj.credentials.all())

    @staticmethod
    def resolve_key_figures(obj):
        return list(obj.key_figures.all())

    @staticmethod
    def resolve_people(obj):
        return list(obj.affiliations.all())


class OrganisationIn(Schema):
    kind: str = Field(..., description="organisation_kind code")
    name_zh: str = Field(..., min_length=1, max_length=200)
    name_en: str = Field("", max_length=200)
    short_name_zh: str = Field("", max_length=60)
    short_name_en: str = Field("", max_length=60)
    aliases: list[str] = []
    province: str = Field("", max_length=30)
    city: str = Field("", max_length=30)
    district: str = Field("", max_length=30)
    address: str = Field("", max_length=200)
    website: str = ""
    founded_year: int | None = Field(None, ge=1800, le=2100)
    description_zh: str = ""
    description_en: str = ""
    visibility: Organisation.Visibility = Organisation.Visibility.PUBLIC
    credit_code: str = Field("", max_length=40, description="统一社会信用代码 (GB 32100)")
    tags: list[str] = Field([], description='Terms as "vocabulary:code", e.g. "device_category:22"')


class OrganisationPatch(Schema):
    kind: str | None = None
    name_zh: str | None = Field(None, min_length=1, max_length=200)
    name_en: str | None = Field(None, max_length=200)
    short_name_zh: str | None = Field(None, max_length=60)
    short_name_en: str | None = Field(None, max_length=60)
    aliases: list[str] | None = None
    province: str | None = Field(None, max_length=30)
    city: str | None = Field(None, max_length=30)
    district: str | None = Field(None, max_length=30)
    address: str | None = Field(None, max_length=200)
    website: str | None = None
    founded_year: int | None = Field(None, ge=1800, le=2100)
    description_zh: str | None = None
    description_en: str | None = None
    visibility: Organisation.Visibility | None = None
    credit_code: str | None = Field(None, max_length=40, description="统一社会信用代码")
    tags: list[str] | None = None
    version: int | None = Field(
        None, ge=1, description="The version you edited; a stale one is answered 409."
    )


class RelationIn(Schema):
    kind: RelationKind
    target_id: int
    started_on: date | None = None
    ended_on: date | None = None
    note: str = Field("", max_length=200)


class DepartmentIn(Schema):
    name_zh: str = Field(..., min_length=1, max_length=100)
    name_en: str = Field("", max_length=100)
    key_specialty_level: Department.SpecialtyLevel | None = None
    description: str = ""


class CapabilityIn(Schema):
    kind: Capability.Kind
    name_zh: str = Field(..., min_length=1, max_length=100)
    name_en: str = Field("", max_length=100)
    technology_area: str | None = Field(None, description="technology_area code")
    description: str = ""


class CredentialIn(Schema):
    kind: Credential.Kind
    number: str = Field("", max_length=60)
    title: str = Field(..., min_length=1, max_length=200)
    device_class: Credential.DeviceClass | None = None
    category: str | None = Field(None, description="device_category code")
    status: Credential.Status = Credential.Status.GRANTED
    issued_on: date | None = None


class AffiliationIn(Schema):
    organisation_id: int
    title_zh: str = Field("", max_length=100)
    title_en: str = Field("", max_length=100)


class PersonOut(Schema):
    id: int
    name_zh: str
    name_en: str
    expertise: str
    is_think_tank_expert: bool
    affiliations: list[AffiliationRef]

    @staticmethod
    def resolve_affiliations(obj):
        return list(obj.affiliations.all())


class AffiliationRef(Schema):
    organisation_id: int
    organisation_name: str = Field(..., alias="organisation.name_zh")
    title_zh: str
    title_en: str


class PersonDetailOut(PersonOut):
    """Contact details are null for anonymous visitors."""

    version: int = Field(..., description="Send it back with a change (or as If-Match).")
    email: str | None = None
    phone: str | None = None

    @staticmethod
    def resolve_email(obj, context):
        return obj.email if context["request"].user.is_authenticated else None

    @staticmethod
    def resolve_phone(obj, context):
        if not context["request"].user.is_authenticated:
            return None
        return str(obj.phone) if obj.phone else ""


class PersonIn(Schema):
    name_zh: str = Field(..., min_length=1, max_length=60)
    name_en: str = Field("", max_length=100)
    expertise: str = ""
    is_think_tank_expert: bool = False
    email: str | None = Field(None, max_length=254)
    phone: str = Field("", max_length=40)
    affiliations: list[AffiliationIn] = Field(..., min_length=1)


class PersonPatch(Schema):
    name_zh: str | None = Field(None, min_length=1, max_length=60)
    name_en: str | None = Field(None, max_length=100)
    expertise: str | None = None
    is_think_tank_expert: bool | None = None
    email: str | None = Field(None, max_length=254)
    phone: str | None = Field(None, max_length=40)
    affiliations: list[AffiliationIn] | None = Field(
        None, description="Replaces your organisations' affiliations; others stay."
    )
    version: int | None = Field(
        None, ge=1, description="The version you edited; a stale one is answered 409."
    )


class InvitationIn(Schema):
    email: str = Field(..., max_length=254)
    role: Membership.Role = Membership.Role.MEMBER


class InvitationOut(Schema):
    id: int
    email: str
    role: str
    expires_at: str

    @staticmethod
    def resolve_expires_at(obj):
        return obj.expires_at.isoformat()


PersonOut.model_rebuild()
PersonDetailOut.model_rebuild()
