"""Where a project came from: the need it answers, the introduction and the agreement.

A project may name only what its editor may see, and an introduction or agreement only
when the project's organisation took part in it: a link never reveals, or claims, another
organisation's dealings.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from qiao.market.models import Side
from qiao.market.selectors import list_visible_listings
from qiao.pipeline.selectors import list_visible_agreements, list_visible_introductions

ORIGIN_FIELDS = ("need", "introduction", "agreement")


def check_origins(fields: Mapping[str, Any], *, organisation, by, project=None) -> None:
    """Raise ValidationError for a named need, introduction or agreement not allowed."""
    errors: dict[str, str] = {}
    need = fields.get("need")
    if need is not None and not _kept(project, "need", need):
        visible = list_visible_listings(viewer=by).filter(pk=need.pk, side=Side.NEED)
        if not visible.exists():
            errors["need"] = _("Choose a need you can see.")
    introduction = fields.get("introduction")
    if introduction is not None and not _kept(project, "introduction", introduction):
        took_part = organisation.pk in (
            introduction.requesting_organisation_id,
            introduction.receiving_organisation_id,
        )
        visible = list_visible_introductions(viewer=by).filter(pk=introduction.pk).exists()
        if not (took_part and visible):
            errors["introduction"] = _(
                "Choose an introduction the project's organisation took part in."
            )
    agreement = fields.get("agreement")
    if agreement is not None and not _kept(project, "agreement", agreement):
        visible = list_visible_agreements(viewer=by).filter(
            pk=agreement.pk, parties__organisation=organisation
        )
        if not visible.exists():
            errors["agreement"] = _("Choose an agreement the project's organisation signed.")
    if errors:
        raise ValidationError(errors)


def _kept(project, name: str, value) -> bool:
    """An unchanged link stays, even if its editor can no longer see it."""
    return project is not None and getattr(project, f"{name}_id") == value.pk
