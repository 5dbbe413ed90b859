"""Directory API: organisations, their parts, people and invitations.

Reads are open to anonymous visitors for public records; writes need a signed-in session
(and its CSRF token) and the same rights as the pages. Another organisation's records
answer 404, as on the pages.
"""

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from qiao.core.api_auth import session_or_token
from qiao.core.api_errors import etag, expected_version
from qiao.core.pagination import BoundedPageNumberPagination
from qiao.directory import selectors, services
from qiao.directory.models import (
    Capability,
    Credential,
    Department,
    Organisation,
    OrganisationRelation,
)
from qiao.directory.roles import require_operator
from qiao.directory.schemas import (
    CapabilityIn,
    CapabilityOut,
    CredentialIn,
    CredentialOut,
    DepartmentIn,
    DepartmentOut,
    InvitationIn,
    InvitationOut,
    OrganisationDetailOut,
    OrganisationFilter,
    OrganisationIn,
    OrganisationOut,
    OrganisationPatch,
    PersonDetailOut,
    PersonIn,
    PersonOut,
    PersonPatch,
    RelationIn,
    RelationOut,
)
from qiao.taxonomy.models import Term, Vocabulary
from qiao.taxonomy.selectors import get_terms_by_tags

router = Router(tags=["directory"])


PAGE_SIZE = 20


def _term(vocabulary: str, code: str | None, field: str) -> Term | None:
    if not code:
        return None
    term = Term.objects.filter(vocabulary=vocabulary, code=code).first()
    if term is None:
        raise ValidationError({field: [_("Unknown code: %(code)s") % {"code": code}]})
    return term


def _organisation_fields(payload: dict) -> dict:
    if "kind" in payload:
        payload["kind"] = _term(Vocabulary.ORGANISATION_KIND, payload["kind"], "kind")
        if payload["kind"] is None:
            raise ValidationError({"kind": [_("This field is required.")]})
    if "aliases" in payload:
        payload["aliases"] = "\n".join(a.strip() for a in (payload["aliases"] or ()) if a.strip())
    for name, value in payload.items():
        # null clears a text field (as for people); a required one then fails validation.
        if value is None and name != "tags" and not Organisation._meta.get_field(name).null:
            payload[name] = ""
    return payload


def _profile(request, organisation_id: int):
    return selectors.access_organisation_profile(
        viewer=request.user, organisation_id=organisation_id
    )


@router.get("/organisations/", response=list[OrganisationOut], url_name="list_organisations")
@paginate(BoundedPageNumberPagination, page_size=PAGE_SIZE)
def list_organisations(request: HttpRequest, filters: Query[OrganisationFilter]):
    """Search the organisations the caller may see, in the directory page's order; every
    filter is optional."""
    search = selectors.consistent_region(selectors.OrganisationFilter(**filters.dict()))
    results, _facets = selectors.run_search(viewer=request.user, filters=search)
    return results


@router.get(
    "/organisations/{organisation_id}", response=OrganisationDetailOut, url_name="get_organisation"
)
def get_organisation(request: HttpRequest, organisation_id: int, response: HttpResponse):
    organisation = _profile(request, organisation_id)
    response["ETag"] = etag(organisation.version)
    return organisation


@router.post(
    "/organisations/",
    response={201: OrganisationDetailOut},
    auth=session_or_token,
    url_name="create_organisation",
)
def create_organisation(request: HttpRequest, payload: OrganisationIn, response: HttpResponse):
    require_operator(request.user)
    data = _organisation_fields(payload.dict())
    data["terms"] = get_terms_by_tags(data.pop("tags") or [])
    organisation = services.create_organisation(by=request.user, data=data)
    response["ETag"] = etag(organisation.version)
    return Status(201, _profile(request, organisation.pk))


@router.patch(
    "/organisations/{organisation_id}",
    response=OrganisationDetailOut,
    auth=session_or_token,
    url_name="update_organisation",
)
def update_organisation(
    request: HttpRequest, organisation_id: int, payload: OrganisationPatch, response: HttpResponse
):
    """Change the given fields. Send the version you edited (``version`` or ``If-Match``):
    if someone saved since, the answer is 409 with their change, and nothing is saved."""
    organisation = selectors.access_editable_organisation(
        viewer=request.user, organisation_id=organisation_id
    )
    data = payload.dict(exclude_unset=True)
    version = expected_version(request, data.pop("version", None))
    data = _organisation_fields(data)
    if "tags" in data:
        # null clears the tags, as an empty list does
        data["terms"] = get_terms_by_tags(data.pop("tags") or [])
    services.update_organisation(
        organisation=organisation, by=request.user, data=data, version=version
    )
    response["ETag"] = etag(organisation.version)
    return _profile(request, organisation.pk)


def _add_part(request, organisation_id: int, model, data: dict):
    organisation = selectors.access_editable_organisation(
        viewer=request.user, organisation_id=organisation_id
    )
    part = services.add_part(organisation=organisation, by=request.user, model=model, data=data)
    return Status(201, part)


def _delete_part(request, organisation_id: int, model, part_id: int):
    organisation = selectors.access_editable_organisation(
        viewer=request.user, organisation_id=organisation_id
    )
    owner = "source" if model is OrganisationRelation else "organisation"
    part = get_object_or_404(model, pk=part_id, **{owner: organisation})
    services.remove_part(part=part, by=request.user)
    return Status(204, None)


@router.post(
    "/organisations/{organisation_id}/relations/",
    response={201: RelationOut},
    auth=session_or_token,
    url_name="create_relation",
)
def create_relation(request: HttpRequest, organisation_id: int, payload: RelationIn):
    source = selectors.access_editable_organisation(
        viewer=request.user, organisation_id=organisation_id
    )
    target = selectors.access_organisation(viewer=request.user, organisation_id=payload.target_id)
    data = payload.dict(exclude={"target_id"})
    relation = services.add_part(
        organisation=source,
        by=request.user,
        model=OrganisationRelation,
        data={**data, "target": target},
    )
    return Status(201, relation)


@router.delete(
    "/organisations/{organisation_id}/relations/{relation_id}",
    response={204: None},
    auth=session_or_token,
    url_name="delete_relation",
)
def delete_relation(request: HttpRequest, organisation_id: int, relation_id: int):
    return _delete_part(request, organisation_id, OrganisationRelation, relation_id)


@router.post(
    "/organisations/{organisation_id}/departments/",
    response={201: DepartmentOut},
    auth=session_or_token,
    url_name="create_department",
)
def create_department(request: HttpRequest, organisation_id: int, payload: DepartmentIn):
    data = payload.dict()
    data["key_specialty_level"] = data["key_specialty_level"] or ""
    return _add_part(request, organisation_id, Department, data)


@router.delete(
    "/organisations/{organisation_id}/departments/{part_id}",
    response={204: None},
    auth=session_or_token,
    url_name="delete_department",
)
def delete_department(request: HttpRequest, organisation_id: int, part_id: int):
    return _delete_part(request, organisation_id, Department, part_id)


@router.post(
    "/organisations/{organisation_id}/capabilities/",
    response={201: CapabilityOut},
    auth=session_or_token,
    url_name="create_capability",
)
def create_capability(request: HttpRequest, organisation_id: int, payload: CapabilityIn):
    data = payload.dict()
    data["technology_area"] = _term(
        Vocabulary.TECHNOLOGY_AREA, data["technology_area"], "technology_area"
    )
    return _add_part(request, organisation_id, Capability, data)


@router.delete(
    "/organisations/{organisation_id}/capabilities/{part_id}",
    response={204: None},
    auth=session_or_token,
    url_name="delete_capability",
)
def delete_capability(request: HttpRequest, organisation_id: int, part_id: int):
    return _delete_part(request, organisation_id, Capability, part_id)


@router.post(
    "/organisations/{organisation_id}/credentials/",
    response={201: CredentialOut},
    auth=session_or_token,
    url_name="create_credential",
)
def create_credential(request: HttpRequest, organisation_id: int, payload: CredentialIn):
    data = payload.dict()
    data["device_class"] = data["device_class"] or ""
    data["category"] = _term(Vocabulary.DEVICE_CATEGORY, data["category"], "category")
    return _add_part(request, organisation_id, Credential, data)


@router.delete(
    "/organisations/{organisation_id}/credentials/{part_id}",
    response={204: None},
    auth=session_or_token,
    url_name="delete_credential",
)
def delete_credential(request: HttpRequest, organisation_id: int, part_id: int):
    return _delete_part(request, organisation_id, Credential, part_id)


@router.post(
    "/organisations/{organisation_id}/invitations/",
    response={201: InvitationOut},
    auth=session_or_token,
    url_name="create_invitation",
)
def create_invitation(request: HttpRequest, organisation_id: int, payload: InvitationIn):
    organisation = selectors.access_editable_organisation(
        viewer=request.user, organisation_id=organisation_id
    )
    invitation = services.invite_member(
        organisation=organisation,
        email=payload.email,
        role=payload.role,
        by=request.user,
        base_url=request.build_absolute_uri("/").rstrip("/"),
    )
    return Status(201, invitation)


@router.get("/people/", response=list[PersonOut], url_name="list_people")
@paginate(BoundedPageNumberPagination, page_size=PAGE_SIZE)
def list_people(
    request: HttpRequest,
    q: str = "",
    organisation_id: int | None = None,
    think_tank: bool | None = None,
):
    return selectors.search_people(
        viewer=request.user, q=q[:100], organisation_id=organisation_id, think_tank=think_tank
    )


@router.get("/people/{person_id}", response=PersonDetailOut, url_name="get_person")
def get_person(request: HttpRequest, person_id: int, response: HttpResponse):
    person = selectors.access_person(viewer=request.user, person_id=person_id)
    response["ETag"] = etag(person.version)
    return person


def _affiliations(request, items) -> list[dict]:
    editable = selectors.list_editable_organisations(viewer=request.user)
    result = []
    for item in items:
        organisation = editable.filter(pk=item["organisation_id"]).first()
        if organisation is None:
            raise ValidationError(
                {
                    "affiliations": [
                        _("You may not add people to organisation %(id)s.")
                        % {"id": item["organisation_id"]}
                    ]
                }
            )
        result.append({**item, "organisation": organisation})
    return result


def _person_data(data: dict) -> dict:
    # Empty text fields are "" in the model; the API accepts null for them.
    return {name: "" if value is None else value for name, value in data.items()}


@router.post(
    "/people/", response={201: PersonDetailOut}, auth=session_or_token, url_name="create_person"
)
def create_person(request: HttpRequest, payload: PersonIn, response: HttpResponse):
    data = payload.dict()
    affiliations = _affiliations(request, data.pop("affiliations"))
    person = services.create_person(
        by=request.user, data=_person_data(data), affiliations=affiliations
    )
    response["ETag"] = etag(person.version)
    return Status(201, selectors.access_person(viewer=request.user, person_id=person.pk))


@router.patch(
    "/people/{person_id}", response=PersonDetailOut, auth=session_or_token, url_name="update_person"
)
def update_person(
    request: HttpRequest, person_id: int, payload: PersonPatch, response: HttpResponse
):
    """Change the person. Their own fields only if every organisation they belong to is
    one you run (else 403); ``affiliations`` replaces only those at organisations you run.
    Send the version you edited (``version`` or ``If-Match``); a stale one is a 409."""
    person = selectors.access_editable_person(viewer=request.user, person_id=person_id)
    data = payload.dict(exclude_unset=True)
    version = expected_version(request, data.pop("version", None))
    affiliations = data.pop("affiliations", None)
    if affiliations is not None:
        affiliations = _affiliations(request, affiliations)
    services.update_person(
        person=person,
        by=request.user,
        data=_person_data(data),
        affiliations=affiliations,
        version=version,
    )
    response["ETag"] = etag(person.version)
    return selectors.access_person(viewer=request.user, person_id=person.pk)
