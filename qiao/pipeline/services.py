"""Write operations of the pipeline."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from qiao.directory.roles import roles_of
from qiao.inbox import services as inbox_services
from qiao.inbox.models import Notification
from qiao.matching.models import Match
from qiao.pipeline.models import Introduction


@transaction.atomic
def propose_introduction_from_match(*, match: Match, broker, note: str = "") -> Introduction:
    """Turn a match into a proposed introduction between the two organisations (operators)."""
    if not roles_of(broker).is_operator:
        raise PermissionDenied
    listing = match.listing
    counterpart = match.counterpart_listing
    receiving_id = counterpart.organisation_id if counterpart else match.counterpart_organisation_id
    if receiving_id == listing.organisation_id:
        raise ValidationError(_("Both sides belong to the same organisation."))
    existing = Introduction.objects.filter(match=match).first()
    if existing is not None:
        return existing
    introduction = Introduction.objects.create(
        match=match,
        requesting_organisation_id=listing.organisation_id,
        receiving_organisation_id=receiving_id,
        broker=broker,
        note=note,
    )
    introduction.listings.set([listing] + ([counterpart] if counterpart else []))
    transaction.on_commit(lambda: _notify(introduction))
    return introduction


def _notify(introduction: Introduction) -> None:
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(
        memberships__organisation_id__in=[
            introduction.requesting_organisation_id,
            introduction.receiving_organisation_id,
        ]
    )
    a, b = introduction.requesting_organisation, introduction.receiving_organisation
    inbox_services.notify(
        recipients=users,
        kind=Notification.Kind.INTRODUCTION,
        title_zh=f"平台建议 {a.name_zh} 与 {b.name_zh} 对接",
        title_en=f"Qiao proposes an introduction: {a.name_en or a.name_zh} and {b.name_en or b.name_zh}",
        url=reverse("pipeline:introduction_detail", args=[introduction.pk]),
    )
