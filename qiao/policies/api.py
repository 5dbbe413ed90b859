"""Support policies API: the catalogue, a firm's eligibility with reasons, applications."""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router
from ninja.security import django_auth

from qiao.directory.roles import roles_of
from qiao.policies import selectors, services
from qiao.policies.eligibility import Result
from qiao.policies.models import Application
from qiao.policies.schemas import ApplicationIn, ApplicationOut, EligibilityOut, PolicyOut
from qiao.policies.sentences import sentences_both

router = Router(tags=["policies"], auth=django_auth)


@router.get("/", response=list[PolicyOut], url_name="list_policies")
def list_policies(request: HttpRequest):
    """Published policies (operators also see drafts)."""
    return list(selectors.list_visible_policies(request.user)[:500])


@router.get("/{policy_id}", response=PolicyOut, url_name="get_policy")
def get_policy(request: HttpRequest, policy_id: int):
    return selectors.access_policy(request.user, policy_id)


def _criteria(result: Result, depth: int = 0) -> list[dict]:
    both = sentences_both(dict(result.criterion))
    rows = [{
        "sentence_zh": both["zh-hans"], "sentence_en": both["en"],
        "outcome": result.outcome.name.lower(),
        "proof": [{"kind": r.kind, "id": r.id, "label": r.label} for r in result.proof],
        "missing": result.missing, "depth": depth,
    }]  # fmt: skip
    for item in result.items:
        rows.extend(_criteria(item, depth + 1))
    return rows


@router.get(
    "/{policy_id}/eligibility/{organisation_id}", response=EligibilityOut,
    url_name="get_eligibility",
)  # fmt: skip
def get_eligibility(request: HttpRequest, policy_id: int, organisation_id: int):
    """Why a firm qualifies or not: each criterion met (with proof), not met or unknown."""
    policy = selectors.access_policy(request.user, policy_id)
    organisation = selectors.access_firm(request.user, organisation_id)
    result = selectors.explain(policy, organisation)
    return {
        "policy": policy.pk,
        "organisation": organisation.pk,
        "outcome": result.outcome.name.lower() if result else "unknown",
        "missing": result.missing_fields() if result else [],
        "criteria": _criteria(result)[1:] if result else [],
    }


@router.get("/applications/", response=list[ApplicationOut], url_name="list_applications")
def list_applications(request: HttpRequest):
    """Applications of the caller's firms (operators: all)."""
    roles = roles_of(request.user)
    applications = Application.objects.order_by("-pk")
    if not roles.is_operator:
        applications = applications.filter(organisation_id__in=roles.member_of)
    return list(applications[:1000])


@router.put(
    "/{policy_id}/applications/{organisation_id}", response=ApplicationOut,
    url_name="record_application",
)  # fmt: skip
def record_application(
    request: HttpRequest, policy_id: int, organisation_id: int, payload: ApplicationIn
):
    """Record the firm's application (its admins or operators)."""
    policy = selectors.access_policy(request.user, policy_id)
    organisation = selectors.access_firm(request.user, organisation_id)
    data = payload.dict()
    version = data.pop("version")
    services.record_application(
        by=request.user, policy_obj=policy, organisation=organisation, version=version, **data
    )
    return get_object_or_404(Application, policy=policy, organisation=organisation)
