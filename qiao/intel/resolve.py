"""From a name in a reviewed proposal to a directory organisation. Nothing here writes."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from qiao.directory.models import Organisation, OrganisationNameKey
from qiao.directory.names import name_key
from qiao.intel.models import Article, Proposal


def _names_of(organisation: Organisation) -> set[str]:
    return {
        organisation.name_zh,
        organisation.name_en,
        organisation.short_name_zh,
        organisation.short_name_en,
        *organisation.alias_list,
    } - {""}


def _from_article(article: Article, name: str) -> Organisation | None:
    accepted = article.proposals.filter(
        kind=Proposal.Kind.ORGANISATION, organisation__isnull=False
    ).exclude(status=Proposal.Status.REJECTED)
    for p in accepted.select_related("organisation"):
        if p.payload.get("name") == name or name in (p.payload.get("aliases") or []):
            return p.organisation
    for organisation in article.organisations.all():
        if name in _names_of(organisation):
            return organisation
    return None


def _from_directory(name: str) -> Organisation | None:
    exact = Organisation.objects.filter(
        Q(name_zh=name) | Q(name_en=name) | Q(short_name_zh=name) | Q(short_name_en=name)
    )
    found = list(exact[:2])
    if len(found) == 1:
        return found[0]
    key = name_key(name)
    keys = OrganisationNameKey.objects.filter(key=key).select_related("organisation")
    full = [k.organisation for k in keys if k.is_full_name]
    if full:
        return full[0]  # a full name's key is unique
    short = {k.organisation_id: k.organisation for k in keys}
    if len(short) == 1:
        return next(iter(short.values()))
    by_alias = [
        o for o in Organisation.objects.filter(aliases__contains=name)[:20] if name in o.alias_list
    ]
    return by_alias[0] if len(by_alias) == 1 else None


def organisation_named(article: Article, name: str) -> Organisation | None:
    """Return the organisation ``name`` means in this article: one its review accepted or
    linked, else the one directory organisation with that name, short name or alias (or a
    name that looks the same); None when there is none or more than one."""
    name = " ".join(name.split())
    if not name:
        return None
    return _from_article(article, name) or _from_directory(name)


def require_organisation(article: Article, name: str, *, field: str) -> Organisation:
    """Like ``organisation_named``, but a missing organisation is a ValidationError on ``field``."""
    organisation = organisation_named(article, name)
    if organisation is None:
        raise ValidationError(
            {
                field: _(
                    "%(name)s is not in the directory: accept it, add it from the text, "
                    "or choose another organisation."
                )
                % {"name": name}
            }
        )
    return organisation


def require_organisations(article: Article, names: list[str], *, field: str):
    """Resolve every name, reporting all the missing ones at once."""
    found, missing = [], []
    for name in names:
        organisation = organisation_named(article, name)
        if organisation is None:
            missing.append(name)
        elif organisation not in found:
            found.append(organisation)
    if missing:
        raise ValidationError(
            {
                field: _(
                    "Not in the directory: %(names)s. Accept them, add them from the text, "
                    "or choose other organisations."
                )
                % {"names": "、".join(missing)}
            }
        )
    return found


def organisation_choices(article: Article) -> list[str]:
    """Names of the organisations of this article a reviewer may pick: those it proposes
    (unless rejected) and those linked to it, in the order they appear."""
    names: list[str] = []
    proposals = article.proposals.filter(kind=Proposal.Kind.ORGANISATION).exclude(
        status=Proposal.Status.REJECTED
    )
    for p in proposals.order_by("span_start", "id"):
        name = p.organisation.name_zh if p.organisation_id else p.payload.get("name")
        if name:
            names.append(name)
    names.extend(article.organisations.values_list("name_zh", flat=True))
    return list(dict.fromkeys(names))
