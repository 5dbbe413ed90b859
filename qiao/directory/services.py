"""Write operations on the directory. Callers check permissions with the selectors first."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from qiao.core import effects
from qiao.core.text import index_document
from qiao.directory.models import (
    Affiliation,
    Invitation,
    Membership,
    Organisation,
    Person,
)
from qiao.taxonomy.models import Term

INVITATION_DAYS = 14


def organisation_search_document(
    organisation: Organisation,
    *,
    terms: Iterable[Term] = (),
    extra_texts: Iterable[str] = (),
) -> str:
    """Return the search tokens of an organisation, its tags and other related texts."""
    texts = [
        organisation.description_zh,
        organisation.description_en,
        organisation.province,
        organisation.city,
        organisation.district,
        *organisation.kind.search_texts(),
        *extra_texts,
    ]
    for term in terms:
        texts.extend(term.search_texts())
    names = [
        organisation.name_zh,
        organisation.name_en,
        organisation.short_name_zh,
        organisation.short_name_en,
        *organisation.alias_list,
    ]
    return index_document(names=names, texts=texts)


def reindex_organisation(*, organisation: Organisation) -> None:
    """Recompute the organisation's search document from its row and related rows."""
    extra = [
        text
        for capability in organisation.capabilities.all()
        for text in (capability.name_zh, capability.name_en)
    ]
    extra += [d.name_zh for d in organisation.departments.all()]
    organisation.search_document = organisation_search_document(
        organisation, terms=organisation.terms.all(), extra_texts=extra
    )
    Organisation.objects.filter(pk=organisation.pk).update(
        search_document=organisation.search_document
    )
    # Every path that changes an organisation or its parts ends here.
    effects.emit("organisation_changed", organisation_id=organisation.pk)


@transaction.atomic
def create_organisation(*, terms: Iterable[Term] = (), **fields: Any) -> Organisation:
    """Create an organisation with its tags; raise ValidationError on bad data."""
    organisation = Organisation(**fields)
    organisation.full_clean()
    organisation.save()
    organisation.terms.set(list(terms))
    reindex_organisation(organisation=organisation)
    return organisation


@transaction.atomic
def update_organisation(
    *, organisation: Organisation, terms: Iterable[Term] | None = None, **fields: Any
) -> Organisation:
    """Change the given fields (and tags, if given); raise ValidationError on bad data."""
    for name, value in fields.items():
        setattr(organisation, name, value)
    organisation.full_clean()
    organisation.save()
    if terms is not None:
        organisation.terms.set(list(terms))
    reindex_organisation(organisation=organisation)
    return organisation


def save_organisation_part(*, part) -> Any:
    """Validate and save a department, capability, credential, key figure or relation."""
    part.full_clean()
    part.save()
    if hasattr(part, "organisation"):
        reindex_organisation(organisation=part.organisation)
    return part


def person_search_document(
    person: Person, *, organisation_names: Iterable[str] = (), titles: Iterable[str] = ()
) -> str:
    return index_document(
        names=[person.name_zh, person.name_en],
        texts=[person.expertise, *organisation_names, *titles],
    )


def reindex_person(*, person: Person) -> None:
    affiliations = list(person.affiliations.select_related("organisation"))
    person.search_document = person_search_document(
        person,
        organisation_names=[
            n for a in affiliations for n in (a.organisation.name_zh, a.organisation.short_name_zh)
        ],
        titles=[t for a in affiliations for t in (a.title_zh, a.title_en)],
    )
    Person.objects.filter(pk=person.pk).update(search_document=person.search_document)


@transaction.atomic
def save_person(
    *,
    person: Person,
    affiliations: Iterable[dict] | None = None,
    expertise_terms: Iterable[Term] | None = None,
) -> Person:
    """Validate and save a person; ``affiliations`` replaces theirs when given.

    Each affiliation is ``{"organisation": Organisation, "title_zh": …, "title_en": …}``.
    """
    person.full_clean()
    person.save()
    if expertise_terms is not None:
        person.expertise_terms.set(list(expertise_terms))
    if affiliations is not None:
        wanted = {a["organisation"].pk: a for a in affiliations}
        person.affiliations.exclude(organisation_id__in=wanted).delete()
        for position, (organisation_id, data) in enumerate(wanted.items()):
            Affiliation.objects.update_or_create(
                person=person,
                organisation_id=organisation_id,
                defaults={
                    "title_zh": data.get("title_zh", ""),
                    "title_en": data.get("title_en", ""),
                    "is_primary": position == 0,
                },
            )
    reindex_person(person=person)
    return person


def _send_invitation_email(*, invitation_id: int, accept_url: str) -> None:
    invitation = Invitation.objects.select_related("organisation").get(pk=invitation_id)
    send_mail(
        subject=_("You are invited to %(organisation)s on Qiao")
        % {"organisation": invitation.organisation.name_zh},
        message=_(
            "You have been invited to join %(organisation)s on Qiao.\n\n"
            "Open this link to choose a password and sign in (valid for %(days)s days):\n"
            "%(url)s\n"
        )
        % {
            "organisation": invitation.organisation.name_zh,
            "url": accept_url,
            "days": INVITATION_DAYS,
        },
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[invitation.email],
    )


@transaction.atomic
def invite_member(
    *, organisation: Organisation, email: str, role: str, invited_by, base_url: str
) -> Invitation:
    """Record an invitation and e-mail its link after commit."""
    email = email.strip().lower()
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise ValidationError({"email": _("This person is already a member.")})
    invitation = Invitation(
        organisation=organisation,
        email=email,
        role=role,
        invited_by=invited_by,
        token=secrets.token_urlsafe(32),
        expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
    )
    invitation.full_clean()
    invitation.save()
    accept_url = base_url + reverse("accounts:accept_invitation", args=[invitation.token])
    transaction.on_commit(
        lambda: _send_invitation_email(invitation_id=invitation.pk, accept_url=accept_url)
    )
    return invitation


def get_open_invitation(*, token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("organisation")
        .filter(token=token, accepted_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )


@transaction.atomic
def accept_invitation(*, invitation: Invitation, full_name: str, password: str):
    """Create (or reuse) the invitee's account and make them a member; return the user."""
    User = get_user_model()
    user = User.objects.filter(email__iexact=invitation.email).first()
    if user is None:
        user = User(email=invitation.email, full_name=full_name)
        validate_password(password, user)
        user.set_password(password)
        user.save()
    Membership.objects.update_or_create(
        user=user, organisation=invitation.organisation, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at", "updated_at"])
    return user
