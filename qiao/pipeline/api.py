"""Pipeline API: introductions from matches, their status, next action and messages."""

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import File, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from qiao.core.api_auth import session_or_token
from qiao.core.api_errors import etag, expected_version
from qiao.core.pagination import BoundedPageNumberPagination
from qiao.directory.models import Organisation
from qiao.directory.roles import roles_of
from qiao.market.models import Listing
from qiao.matching.selectors import access_match
from qiao.pipeline import selectors, services
from qiao.pipeline.models import Agreement, Introduction
from qiao.pipeline.schemas import (
    AgreementChangeIn,
    AgreementChangeOut,
    AgreementIn,
    AgreementOut,
    AgreementUpdateIn,
    ConsentAnswerIn,
    DocumentOut,
    FundingIn,
    IntroductionIn,
    IntroductionOut,
    MessageIn,
    MessageOut,
    MilestoneIn,
    NextActionIn,
    ProjectIn,
    ProjectOut,
    ProjectUpdateIn,
    ProviderIn,
    StageChangeIn,
    StatusIn,
)
from qiao.taxonomy.models import Term, Vocabulary

router = Router(tags=["pipeline"], auth=session_or_token)


@router.post(
    "/matches/{match_id}/introduction",
    response={201: IntroductionOut},
    url_name="propose_introduction",
)
def propose_introduction(request: HttpRequest, match_id: int, payload: IntroductionIn):
    """Operators propose an introduction from a match; the listing's owners request one."""
    match = access_match(viewer=request.user, match_id=match_id)
    if roles_of(request.user).is_operator:
        introduction = services.propose_introduction_from_match(
            match=match, broker=request.user, note=payload.note
        )
    else:
        introduction = services.request_introduction(
            match=match, requested_by=request.user, note=payload.note
        )
    return Status(201, introduction)


@router.get("/introductions/", response=list[IntroductionOut], url_name="list_introductions")
@paginate(BoundedPageNumberPagination, page_size=50)
def list_introductions(request: HttpRequest, status: Introduction.Status | None = None):
    introductions = selectors.list_visible_introductions(viewer=request.user).prefetch_related(
        "listings"
    )
    return introductions.filter(status=status) if status else introductions


@router.get(
    "/introductions/{introduction_id}", response=IntroductionOut, url_name="get_introduction"
)
def get_introduction(request: HttpRequest, response: HttpResponse, introduction_id: int):
    return _tagged(
        response,
        selectors.access_introduction(viewer=request.user, introduction_id=introduction_id),
    )


def _tagged(response: HttpResponse, obj):
    """Answer with the object's version as ETag (send it back in If-Match)."""
    response["ETag"] = etag(obj.version)
    return obj


@router.post(
    "/introductions/{introduction_id}/status",
    response=IntroductionOut,
    url_name="change_introduction_status",
)
def change_introduction_status(
    request: HttpRequest, response: HttpResponse, introduction_id: int, payload: StatusIn
):
    introduction = selectors.access_introduction(
        viewer=request.user, introduction_id=introduction_id
    )
    services.change_introduction_status(
        introduction=introduction,
        status=payload.status,
        changed_by=request.user,
        reason=payload.reason,
        version=expected_version(request, payload.version),
    )
    return _tagged(response, introduction)


@router.post(
    "/introductions/{introduction_id}/next-action",
    response=IntroductionOut,
    url_name="set_introduction_next_action",
)
def set_introduction_next_action(
    request: HttpRequest, response: HttpResponse, introduction_id: int, payload: NextActionIn
):
    introduction = selectors.access_introduction(
        viewer=request.user, introduction_id=introduction_id
    )
    services.set_next_action(
        introduction=introduction,
        next_action=payload.next_action,
        due=payload.due,
        set_by=request.user,
        version=expected_version(request, payload.version),
    )
    return _tagged(response, introduction)


@router.get(
    "/introductions/{introduction_id}/messages",
    response=list[MessageOut],
    url_name="list_introduction_messages",
)
def list_introduction_messages(request: HttpRequest, introduction_id: int):
    introduction = selectors.access_introduction(
        viewer=request.user, introduction_id=introduction_id
    )
    return introduction.messages.select_related("author")


@router.post(
    "/introductions/{introduction_id}/messages",
    response={201: MessageOut},
    url_name="post_introduction_message",
)
def post_introduction_message(request: HttpRequest, introduction_id: int, payload: MessageIn):
    introduction = selectors.access_introduction(
        viewer=request.user, introduction_id=introduction_id
    )
    return Status(
        201,
        services.post_message(introduction=introduction, author=request.user, body=payload.body),
    )


@router.get("/agreements/", response=list[AgreementOut], url_name="list_agreements", auth=None)
@paginate(BoundedPageNumberPagination, page_size=50)
def list_agreements(request: HttpRequest):
    """Public agreements, and the confidential ones of your organisations."""
    return selectors.list_visible_agreements(viewer=request.user).prefetch_related(
        "parties__organisation", "documents"
    )


@router.get(
    "/agreements/{agreement_id}", response=AgreementOut, url_name="get_agreement", auth=None
)
def get_agreement(request: HttpRequest, response: HttpResponse, agreement_id: int):
    return _tagged(
        response, selectors.access_agreement(viewer=request.user, agreement_id=agreement_id)
    )


def _organisations(ids: list[int], field: str) -> dict[int, Organisation]:
    organisations = Organisation.objects.in_bulk(ids)
    if len(organisations) != len(set(ids)):
        raise ValidationError({field: [_("Unknown organisation id.")]})
    return organisations


def _parties(parties: list[dict]) -> list[tuple[Organisation, str]]:
    organisations = _organisations([p["organisation_id"] for p in parties], "parties")
    return [(organisations[p["organisation_id"]], p["role"]) for p in parties]


def _categories(codes: list[str]) -> list[Term]:
    return [_term(Vocabulary.DEVICE_CATEGORY, code, "categories") for code in codes]


@router.post("/agreements/", response={201: AgreementOut}, url_name="create_agreement")
def create_agreement(request: HttpRequest, payload: AgreementIn):
    data = payload.dict()
    parties = _parties(data.pop("parties"))
    categories = _categories(data.pop("categories"))
    introduction_id = data.pop("introduction_id")
    introduction = (
        selectors.access_introduction(viewer=request.user, introduction_id=introduction_id)
        if introduction_id
        else None
    )
    agreement = services.create_agreement(
        created_by=request.user,
        parties=parties,
        categories=categories,
        introduction=introduction,
        **data,
    )
    return Status(201, selectors.access_agreement(viewer=request.user, agreement_id=agreement.pk))


@router.put("/agreements/{agreement_id}", response=AgreementOut, url_name="update_agreement")
def update_agreement(
    request: HttpRequest, response: HttpResponse, agreement_id: int, payload: AgreementUpdateIn
):
    """Correct an agreement's own fields (operators, or admins of one of its parties).

    Send the version you edited (``version`` or ``If-Match``): a stale one is a 409 with the
    other person's change. Parties and confidentiality change through ``/changes``.
    """
    agreement = selectors.access_agreement(viewer=request.user, agreement_id=agreement_id)
    data = payload.dict()
    version = expected_version(request, data.pop("version"))
    services.update_agreement(
        agreement=agreement,
        updated_by=request.user,
        categories=_categories(data.pop("categories")),
        version=version,
        **data,
    )
    return _tagged(
        response, selectors.access_agreement(viewer=request.user, agreement_id=agreement.pk)
    )


@router.get(
    "/agreements/{agreement_id}/changes",
    response=list[AgreementChangeOut],
    url_name="list_agreement_changes",
)
def list_agreement_changes(request: HttpRequest, agreement_id: int):
    """Requested changes of the parties or confidentiality, newest first (the parties')."""
    agreement = selectors.access_agreement(viewer=request.user, agreement_id=agreement_id)
    return selectors.list_agreement_changes(viewer=request.user, agreement=agreement)


@router.post(
    "/agreements/{agreement_id}/changes",
    response={201: AgreementChangeOut},
    url_name="request_agreement_change",
)
def request_agreement_change(request: HttpRequest, agreement_id: int, payload: AgreementChangeIn):
    """Ask for other parties or another confidentiality (a party's admin, or an operator).

    It applies once an admin of every organisation concerned (parties staying, leaving or
    joining) has approved it; an operator's request applies at once.
    """
    agreement = selectors.access_agreement(viewer=request.user, agreement_id=agreement_id)
    data = payload.dict()
    parties = _parties(data["parties"]) if data["parties"] is not None else None
    change = services.request_agreement_change(
        agreement=agreement,
        requested_by=request.user,
        parties=parties,
        is_confidential=data["is_confidential"],
        reason=data["reason"],
    )
    return Status(201, change)


def _change(request, agreement_id: int, change_id: int):
    agreement = selectors.access_agreement(viewer=request.user, agreement_id=agreement_id)
    return get_object_or_404(
        selectors.list_agreement_changes(viewer=request.user, agreement=agreement), pk=change_id
    )


@router.post(
    "/agreements/{agreement_id}/changes/{change_id}/answer",
    response=AgreementChangeOut,
    url_name="answer_agreement_change",
)
def answer_agreement_change(
    request: HttpRequest, agreement_id: int, change_id: int, payload: ConsentAnswerIn
):
    """Approve or refuse a change for an organisation you administer."""
    change = _change(request, agreement_id, change_id)
    organisation = _organisations([payload.organisation_id], "organisation_id")[
        payload.organisation_id
    ]
    return services.answer_agreement_change(
        change=change,
        organisation=organisation,
        answered_by=request.user,
        approve=payload.approve,
        reason=payload.reason,
    )


@router.post(
    "/agreements/{agreement_id}/changes/{change_id}/withdraw",
    response=AgreementChangeOut,
    url_name="withdraw_agreement_change",
)
def withdraw_agreement_change(request: HttpRequest, agreement_id: int, change_id: int):
    change = _change(request, agreement_id, change_id)
    return services.withdraw_agreement_change(change=change, withdrawn_by=request.user)


@router.post(
    "/agreements/{agreement_id}/documents",
    response={201: DocumentOut},
    url_name="add_agreement_document",
)
def add_agreement_document(request: HttpRequest, agreement_id: int, file: File[UploadedFile]):
    agreement = selectors.access_agreement(viewer=request.user, agreement_id=agreement_id)
    document = services.add_agreement_document(
        agreement=agreement, upload=file, uploaded_by=request.user
    )
    return Status(201, document)


def _term(vocabulary: str, code: str, field: str) -> Term:
    term = Term.objects.filter(vocabulary=vocabulary, code=code).first()
    if term is None:
        raise ValidationError({field: [_("Unknown code: %(code)s") % {"code": code}]})
    return term


@router.get("/projects/", response=list[ProjectOut], url_name="list_projects", auth=None)
@paginate(BoundedPageNumberPagination, page_size=50)
def list_projects(request: HttpRequest):
    """Public projects, and the confidential ones of your organisations."""
    return selectors.list_visible_projects(viewer=request.user)


@router.get("/projects/{project_id}", response=ProjectOut, url_name="get_project", auth=None)
def get_project(request: HttpRequest, response: HttpResponse, project_id: int):
    return _tagged(response, selectors.access_project(viewer=request.user, project_id=project_id))


def _origins(data: dict, given) -> dict:
    """Pop ``need_id``, ``introduction_id``, ``agreement_id`` from ``data``; return the
    objects of those ``given`` (an unknown id is refused like one the caller may not see)."""
    models = {"need": Listing, "introduction": Introduction, "agreement": Agreement}
    found = {}
    for name, model in models.items():
        pk = data.pop(f"{name}_id", None)
        if f"{name}_id" not in given:
            continue
        found[name] = model.objects.filter(pk=pk).first() if pk else None
        if pk and found[name] is None:
            raise ValidationError({f"{name}_id": [_("Unknown id.")]})
    return found


@router.post("/projects/", response={201: ProjectOut}, url_name="create_project")
def create_project(request: HttpRequest, payload: ProjectIn):
    data = payload.dict()
    organisation = Organisation.objects.filter(pk=data.pop("organisation_id")).first()
    if organisation is None:
        raise ValidationError({"organisation_id": [_("Unknown organisation id.")]})
    category = data.pop("category")
    data.update(_origins(data, set(data)))
    project = services.create_project(
        created_by=request.user,
        organisation=organisation,
        stage=_term(Vocabulary.LIFECYCLE_STAGE, data.pop("stage"), "stage"),
        category=_term(Vocabulary.DEVICE_CATEGORY, category, "category") if category else None,
        **data,
    )
    return Status(201, selectors.access_project(viewer=request.user, project_id=project.pk))


@router.put("/projects/{project_id}", response=ProjectOut, url_name="update_project")
def update_project(
    request: HttpRequest, response: HttpResponse, project_id: int, payload: ProjectUpdateIn
):
    """Correct a project's own fields (its organisation's members, or operators); send the
    version you edited (``version`` or ``If-Match``), a stale one is a 409."""
    project = selectors.access_project(viewer=request.user, project_id=project_id)
    data = payload.dict()
    category = data.pop("category")
    version = expected_version(request, data.pop("version"))
    data.update(_origins(data, set(payload.dict(exclude_unset=True))))
    services.update_project(
        project=project,
        updated_by=request.user,
        category=_term(Vocabulary.DEVICE_CATEGORY, category, "category") if category else None,
        version=version,
        **data,
    )
    return _tagged(response, selectors.access_project(viewer=request.user, project_id=project.pk))


@router.post(
    "/projects/{project_id}/providers", response={201: ProjectOut}, url_name="add_provider"
)
def add_provider(request: HttpRequest, project_id: int, payload: ProviderIn):
    """Record a service provider the project used (CRO, CDMO, testing lab…)."""
    project = selectors.access_project(viewer=request.user, project_id=project_id)
    organisation = _organisations([payload.organisation_id], "organisation_id")[
        payload.organisation_id
    ]
    services.add_provider(
        project=project, organisation=organisation, service=payload.service, added_by=request.user
    )
    return Status(201, selectors.access_project(viewer=request.user, project_id=project.pk))


@router.post(
    "/projects/{project_id}/funding", response={201: ProjectOut}, url_name="add_funding_round"
)
def add_funding_round(request: HttpRequest, project_id: int, payload: FundingIn):
    """Record a funding round: its investors, amount and date."""
    project = selectors.access_project(viewer=request.user, project_id=project_id)
    data = payload.dict()
    investors = _organisations(data.pop("investor_ids"), "investor_ids")
    services.add_funding_round(
        project=project, investors=list(investors.values()), added_by=request.user, **data
    )
    return Status(201, selectors.access_project(viewer=request.user, project_id=project.pk))


@router.post("/projects/{project_id}/stage", response=ProjectOut, url_name="change_project_stage")
def change_project_stage(request: HttpRequest, project_id: int, payload: StageChangeIn):
    project = selectors.access_project(viewer=request.user, project_id=project_id)
    services.change_project_stage(
        project=project,
        stage=_term(Vocabulary.LIFECYCLE_STAGE, payload.stage, "stage"),
        entered_on=payload.entered_on,
        changed_by=request.user,
    )
    return selectors.access_project(viewer=request.user, project_id=project.pk)


@router.post(
    "/projects/{project_id}/milestones", response={201: ProjectOut}, url_name="add_milestone"
)
def add_milestone(request: HttpRequest, project_id: int, payload: MilestoneIn):
    project = selectors.access_project(viewer=request.user, project_id=project_id)
    data = payload.dict()
    site_id = data.pop("site_id")
    site = Organisation.objects.filter(pk=site_id).first() if site_id else None
    if site_id and site is None:
        raise ValidationError({"site_id": [_("Unknown organisation id.")]})
    services.add_milestone(project=project, added_by=request.user, site=site, **data)
    return Status(201, selectors.access_project(viewer=request.user, project_id=project.pk))
