"""Read queries over introductions: operators see all, members their organisations' own."""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from qiao.directory.roles import roles_of
from qiao.pipeline.models import Introduction


def list_visible_introductions(*, viewer) -> QuerySet[Introduction]:
    roles = roles_of(viewer)
    introductions = Introduction.objects.select_related(
        "requesting_organisation", "receiving_organisation", "broker"
    )
    if roles.is_operator:
        return introductions
    return introductions.filter(
        Q(requesting_organisation__in=roles.member_of)
        | Q(receiving_organisation__in=roles.member_of)
    )


def access_introduction(*, viewer, introduction_id: int) -> Introduction:
    return get_object_or_404(list_visible_introductions(viewer=viewer), pk=introduction_id)
