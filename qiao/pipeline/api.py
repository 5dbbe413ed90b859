"""Pipeline API: an operator turns a match into an introduction; parties read theirs."""

from django.http import Http404, HttpRequest
from ninja import Router, Status
from ninja.security import django_auth

from qiao.directory.roles import roles_of
from qiao.matching.selectors import access_match
from qiao.pipeline import selectors, services
from qiao.pipeline.schemas import IntroductionIn, IntroductionOut

router = Router(tags=["pipeline"], auth=django_auth)


@router.post(
    "/matches/{match_id}/introduction",
    response={201: IntroductionOut},
    url_name="propose_introduction",
)
def propose_introduction(request: HttpRequest, match_id: int, payload: IntroductionIn):
    """Propose an introduction between a match's two organisations (operators only)."""
    if not roles_of(request.user).is_operator:
        raise Http404
    match = access_match(viewer=request.user, match_id=match_id)
    introduction = services.propose_introduction_from_match(
        match=match, broker=request.user, note=payload.note
    )
    return Status(201, introduction)


@router.get(
    "/introductions/{introduction_id}", response=IntroductionOut, url_name="get_introduction"
)
def get_introduction(request: HttpRequest, introduction_id: int):
    return selectors.access_introduction(viewer=request.user, introduction_id=introduction_id)
