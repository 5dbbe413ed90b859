from django.http import HttpRequest
from ninja import Router
from ninja.security import django_auth

from qiao.reporting import selectors
from qiao.reporting.schemas import IndicatorOut, SubmissionOut

router = Router(tags=["reporting"])


@router.get("/indicators/", response=list[IndicatorOut], url_name="list_indicators")
def list_indicators(request: HttpRequest):
    return selectors.list_indicators(active_only=True)


@router.get("/forms/{submission_id}", response=SubmissionOut, auth=django_auth, url_name="get_form")
def get_form(request: HttpRequest, submission_id: int):
    """A firm's form with its lines: the operator sees any, a member only their firm's."""
    return selectors.access_submission(viewer=request.user, submission_id=submission_id)
