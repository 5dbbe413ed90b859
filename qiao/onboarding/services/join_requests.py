"""Requests to join an organisation: made by a signed-in person, decided by its admins."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from qiao.core import policy, writes
from qiao.directory import services as directory_services
from qiao.directory.models import Membership, Organisation
from qiao.inbox import notices
from qiao.onboarding import notices as onboarding_notices
from qiao.onboarding import policies  # noqa: F401  (registers the rules)
from qiao.onboarding.models import JoinRequest, Status


def _deciders(organisation_id: int):
    admins = notices.admins_of(organisation_id)
    # An organisation without admins is run by the operators.
    return admins if admins.exists() else notices.operators()


@transaction.atomic
def request_to_join(*, by, organisation: Organisation, message: str = "") -> JoinRequest:
    """Ask to become a member; the organisation's admins (or the operators) are told."""
    policy.authorize(by, "onboarding.request_join", organisation)
    if JoinRequest.objects.filter(
        user=by, organisation=organisation, status=Status.PENDING
    ).exists():
        raise ValidationError(_("You have already asked to join this organisation."))
    join_request = writes.create(
        JoinRequest,
        actor=by,
        data={"message": (message or "").strip()},
        allowed={"message"},
        fixed={"user": by, "organisation": organisation},
    )
    notices.send(
        onboarding_notices.JOIN_REQUESTED,
        recipients=_deciders(organisation.pk),
        params={"person": by.get_full_name(), "organisation": notices.name_of(organisation)},
        url=reverse("onboarding:join_request_list"),
        about=f"onboarding.join:{organisation.pk}",
        exclude=[by],
    )
    return join_request


def _decide(join_request: JoinRequest, by, data: dict, note: str = "") -> JoinRequest:
    policy.authorize(by, "onboarding.decide_join_request", join_request)
    join_request = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
    if join_request.status != Status.PENDING:
        raise ValidationError(_("This request has already been decided."))
    writes.update(
        join_request,
        actor=by,
        data={**data, "decided_by": by, "decided_at": timezone.now()},
        allowed={"status", "reason", "decided_by", "decided_at"},
        note=note,
    )
    return join_request


@transaction.atomic
def approve_join_request(*, join_request: JoinRequest, by) -> JoinRequest:
    """Make the person a member and tell them."""
    join_request = _decide(join_request, by, {"status": Status.APPROVED})
    directory_services.add_member(
        organisation=join_request.organisation,
        user=join_request.user,
        role=Membership.Role.MEMBER,
        by=by,
    )
    notices.send(
        onboarding_notices.JOIN_APPROVED,
        recipients=[join_request.user],
        params={"organisation": notices.name_of(join_request.organisation)},
        url=reverse("directory:organisation_detail", args=[join_request.organisation_id]),
        about=join_request,
        exclude=[by],
    )
    return join_request


@transaction.atomic
def decline_join_request(*, join_request: JoinRequest, by, reason: str) -> JoinRequest:
    """Decline with a reason the person reads in their inbox."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Tell the person why.")})
    join_request = _decide(join_request, by, {"status": Status.DECLINED, "reason": reason}, reason)
    notices.send(
        onboarding_notices.JOIN_DECLINED,
        recipients=[join_request.user],
        params={"organisation": notices.name_of(join_request.organisation), "reason": reason},
        url=reverse("onboarding:join"),
        about=join_request,
        exclude=[by],
    )
    return join_request
