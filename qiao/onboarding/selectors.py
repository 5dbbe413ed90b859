"""Read queries of joining. Nothing here writes."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from qiao.directory.roles import require_operator, roles_of
from qiao.directory.selectors import list_visible_organisations
from qiao.onboarding.models import Application, JoinRequest, Status


def list_applications(*, viewer, status: str = "") -> QuerySet[Application]:
    """Operators only (others get 404); ``status`` filters when it is one of Status."""
    require_operator(viewer)
    applications = Application.objects.select_related("kind", "decided_by")
    if status in Status.values:
        applications = applications.filter(status=status)
    return applications


def count_pending_applications(*, viewer) -> int:
    """What waits on the operators (the home's count); 0 for anyone else."""
    if not roles_of(viewer).is_operator:
        return 0
    return Application.objects.filter(status=Status.PENDING).count()


def access_application(*, viewer, application_id: int) -> Application:
    return get_object_or_404(list_applications(viewer=viewer), pk=application_id)


def list_join_requests_to_decide(*, viewer) -> QuerySet[JoinRequest]:
    """Pending requests for the organisations the viewer runs (every one for operators)."""
    roles = roles_of(viewer)
    requests = JoinRequest.objects.filter(status=Status.PENDING).select_related(
        "user", "organisation"
    )
    if not roles.is_operator:
        requests = requests.filter(organisation_id__in=roles.admin_of)
    return requests.order_by("created_at", "id")


def access_join_request(*, viewer, join_request_id: int) -> JoinRequest:
    return get_object_or_404(list_join_requests_to_decide(viewer=viewer), pk=join_request_id)


def list_own_join_requests(*, viewer) -> QuerySet[JoinRequest]:
    return JoinRequest.objects.filter(user=viewer).select_related("organisation")


def list_joinable_organisations(*, viewer):
    """Organisations the viewer may see and doesn't belong to yet."""
    return (
        list_visible_organisations(viewer=viewer)
        .exclude(pk__in=roles_of(viewer).member_of)
        .order_by("name_zh")
    )


def account_for(application: Application):
    """The account that would become the first admin, if one exists already."""
    from django.contrib.auth import get_user_model

    if application.applicant_id:
        return application.applicant
    return get_user_model().objects.filter(email__iexact=application.contact_email).first()
