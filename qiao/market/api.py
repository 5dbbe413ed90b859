"""Needs and offers API. Same rights as the pages: details are null until disclosed."""

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from qiao.core.api_auth import session_or_token
from qiao.core.api_errors import etag, expected_version
from qiao.core.pagination import BoundedPageNumberPagination
from qiao.directory.models import Department, Organisation, Person
from qiao.directory.roles import roles_of
from qiao.market import policies, selectors, services
from qiao.market.completeness import assess
from qiao.market.forms import KIND_FIELDS, side_of
from qiao.market.schemas import (
    CompletenessOut,
    DecisionIn,
    DisclosureOut,
    ListingDetailOut,
    ListingFilter,
    ListingIn,
    ListingOut,
    ListingPatch,
    NdaAcceptIn,
    RefusalOut,
    StatusIn,
)
from qiao.taxonomy.models import Term, Vocabulary
from qiao.taxonomy.selectors import get_terms_by_tags

router = Router(tags=["market"])

PAGE_SIZE = 20


def _related(model, pk, field, **scope):
    if pk is None:
        return None
    obj = model.objects.filter(pk=pk, **scope).first()
    if obj is None:
        raise ValidationError({field: [_("Unknown id: %(id)s") % {"id": pk}]})
    return obj


def _listing_fields(data: dict, *, kind: str, organisation_id: int) -> dict:
    """Turn API payload values into model values; drop fields foreign to the kind."""
    foreign = {f for fields in KIND_FIELDS.values() for f in fields} - set(KIND_FIELDS[kind])
    for name in list(data):
        if name in foreign or name.removesuffix("_id") in foreign:
            data.pop(name)
    if "stage" in data:
        code = data.pop("stage")
        stages = Term.objects.filter(vocabulary=Vocabulary.LIFECYCLE_STAGE, code=code)
        data["stage"] = stages.first() if code else None
        if code and data["stage"] is None:
            raise ValidationError({"stage": [_("Unknown code: %(code)s") % {"code": code}]})
    if "contact_id" in data:
        data["contact"] = _related(
            Person, data.pop("contact_id"), "contact_id", organisations=organisation_id
        )
    if "alliance_id" in data:
        data["alliance"] = _related(Organisation, data.pop("alliance_id"), "alliance_id")
    if "department_id" in data:
        data["department"] = _related(
            Department, data.pop("department_id"), "department_id", organisation=organisation_id
        )
    for name in ("frequency", "severity", "service_type", "funding_round", "ip_status"):
        if name in data and data[name] is None:
            data[name] = ""
    return data


def _extract_relations(data: dict):
    tags = data.pop("tags", None)
    shared = data.pop("shared_with", None)
    terms = None if tags is None else get_terms_by_tags(tags)
    organisations = None if shared is None else list(Organisation.objects.filter(pk__in=shared))
    if shared is not None and len(organisations) != len(set(shared)):
        raise ValidationError({"shared_with": [_("Unknown organisation id.")]})
    return terms, organisations


@router.get("/listings/", response=list[ListingOut], url_name="list_listings")
@paginate(BoundedPageNumberPagination, page_size=PAGE_SIZE)
def list_listings(request: HttpRequest, filters: Query[ListingFilter]):
    """Search the needs and offers the caller may see; every filter is optional."""
    data = {k: (v or "") for k, v in filters.dict().items() if k != "organisation"}
    return selectors.search_listings(
        viewer=request.user,
        filters=selectors.ListingFilter(**data, organisation=filters.organisation),
    )


@router.get("/listings/{listing_id}", response=ListingDetailOut, url_name="get_listing")
def get_listing(request: HttpRequest, listing_id: int, response: HttpResponse):
    """Return one listing; its ``ETag`` is the version to send back with a change."""
    listing = selectors.access_listing(viewer=request.user, listing_id=listing_id)
    response["ETag"] = etag(listing.version)
    return listing


@router.post(
    "/listings/", response={201: ListingDetailOut}, auth=session_or_token, url_name="create_listing"
)
def create_listing(request: HttpRequest, payload: ListingIn):
    data = payload.dict()
    kind, organisation_id = data.pop("kind"), data.pop("organisation_id")
    roles = roles_of(request.user)
    if not (roles.is_operator or organisation_id in roles.member_of):
        raise ValidationError({"organisation_id": [_("You may not post for this organisation.")]})
    organisation = _related(Organisation, organisation_id, "organisation_id")
    terms, shared = _extract_relations(data)
    listing = services.create_listing(
        created_by=request.user,
        organisation=organisation,
        side=side_of(kind),
        kind=kind,
        terms=terms or [],
        shared_with=shared or [],
        **_listing_fields(data, kind=kind, organisation_id=organisation_id),
    )
    return Status(201, selectors.access_listing(viewer=request.user, listing_id=listing.pk))


@router.patch(
    "/listings/{listing_id}",
    response=ListingDetailOut,
    auth=session_or_token,
    url_name="update_listing",
)
def update_listing(
    request: HttpRequest, listing_id: int, payload: ListingPatch, response: HttpResponse
):
    """Change the fields sent. Send the version you edited (``version`` or ``If-Match``):
    if someone saved since, nothing is saved and the answer is 409 with their change."""
    listing = selectors.access_editable_listing(viewer=request.user, listing_id=listing_id)
    data = payload.dict(exclude_unset=True)
    version = expected_version(request, data.pop("version", None))
    terms, shared = _extract_relations(data)
    services.update_listing(
        listing=listing,
        updated_by=request.user,
        version=version,
        terms=terms,
        shared_with=shared,
        **_listing_fields(data, kind=listing.kind, organisation_id=listing.organisation_id),
    )
    saved = selectors.access_listing(viewer=request.user, listing_id=listing.pk)
    response["ETag"] = etag(saved.version)
    return saved


@router.post(
    "/listings/{listing_id}/status",
    response=ListingDetailOut,
    auth=session_or_token,
    url_name="change_listing_status",
)
def change_listing_status(request: HttpRequest, listing_id: int, payload: StatusIn):
    listing = selectors.access_editable_listing(viewer=request.user, listing_id=listing_id)
    services.change_listing_status(listing=listing, status=payload.status, changed_by=request.user)
    return selectors.access_listing(viewer=request.user, listing_id=listing.pk)


@router.get(
    "/listings/{listing_id}/completeness",
    response=CompletenessOut,
    auth=session_or_token,
    url_name="get_listing_completeness",
)
def get_listing_completeness(request: HttpRequest, listing_id: int):
    listing = selectors.access_editable_listing(viewer=request.user, listing_id=listing_id)
    result = assess(listing, tag_count=listing.terms.count())
    return {"score": result.score, "hints": [{"field": f, "hint": h} for f, h in result.hints]}


@router.post(
    "/listings/{listing_id}/nda",
    response={201: DisclosureOut, 403: RefusalOut},
    auth=session_or_token,
    url_name="accept_nda",
)
def accept_nda(request: HttpRequest, listing_id: int, payload: NdaAcceptIn):
    """Accept the listing's NDA terms for your organisation; the owner may have to approve.

    Accepting binds the organisation: only its admins, or members an admin allows, may.
    """
    listing = selectors.access_listing(viewer=request.user, listing_id=listing_id)
    if not payload.accept:
        raise ValidationError({"accept": [_("Accept the terms to request the details.")]})
    if payload.organisation_id not in roles_of(request.user).member_of:
        raise ValidationError(
            {"organisation_id": [_("You are not a member of this organisation.")]}
        )
    if not policies.is_nda_signatory(request.user, payload.organisation_id):
        return Status(403, {"detail": str(policies.NOT_SIGNATORY)})
    disclosure = services.accept_nda(
        listing=listing,
        organisation=Organisation.objects.get(pk=payload.organisation_id),
        accepted_by=request.user,
    )
    return Status(201, disclosure)


@router.get(
    "/listings/{listing_id}/disclosures",
    response=list[DisclosureOut],
    auth=session_or_token,
    url_name="list_disclosures",
)
def list_disclosures(request: HttpRequest, listing_id: int):
    listing = selectors.access_editable_listing(viewer=request.user, listing_id=listing_id)
    return selectors.list_disclosures(viewer=request.user, listing=listing)


@router.post(
    "/listings/{listing_id}/disclosures/{disclosure_id}/decision",
    response=DisclosureOut,
    auth=session_or_token,
    url_name="decide_disclosure",
)
def decide_disclosure(
    request: HttpRequest, listing_id: int, disclosure_id: int, payload: DecisionIn
):
    listing = selectors.access_editable_listing(viewer=request.user, listing_id=listing_id)
    disclosure = get_object_or_404(listing.disclosures, pk=disclosure_id)
    return services.decide_disclosure(
        disclosure=disclosure, decided_by=request.user, grant=payload.grant
    )
