"""Linking a user account to its person in the directory.

An account is someone signing in; a ``Person`` is someone the directory lists (and the
contact a listing names). Every member's account gets its person when they join an
organisation (an accepted invitation, an approved application or join request) or, for
an account that joined before this existed, when they first post: the person already
linked, else an unlinked person with the account's e-mail address, else a new one from
the account's name, e-mail and phone, affiliated with the organisation.

This is part of a write another service already authorised (the membership, the
listing), so it checks no policy of its own; it is audited in the caller's transaction.
"""

from __future__ import annotations

from django.db import transaction

from qiao.core import effects, writes
from qiao.directory.models import Affiliation, Organisation, Person
from qiao.directory.services.people import reindex_person

NAME_LENGTH = Person._meta.get_field("name_zh").max_length


def person_of(user) -> Person | None:
    """The person linked to ``user``'s account, if any."""
    if user is None or not getattr(user, "pk", None):
        return None
    return Person.objects.filter(user=user).first()


@transaction.atomic
def link_account_person(*, user, organisation: Organisation | None = None, by=None) -> Person:
    """Return ``user``'s person, linking or creating it, affiliated with ``organisation``.

    ``by`` is who caused it (the admin approving, or the user themself), for the audit.
    """
    actor = by or user
    changed = False
    person = person_of(user)
    if person is None:
        person = _unlinked_with_email(user.email)
        if person is not None:
            writes.update(person, actor=actor, data={"user": user}, allowed={"user"})
        else:
            person = writes.create(
                Person,
                actor=actor,
                data={
                    "name_zh": (user.full_name or user.email.split("@")[0])[:NAME_LENGTH],
                    "email": user.email,
                    "phone": user.phone or "",
                },
                allowed={"name_zh", "email", "phone"},
                fixed={"user": user},
            )
        changed = True
    if (
        organisation is not None
        and not person.affiliations.filter(organisation=organisation).exists()
    ):
        affiliation = Affiliation(
            person=person,
            organisation=organisation,
            is_primary=not person.affiliations.exists(),
        )
        affiliation.full_clean()
        affiliation.save()
        writes.record_added(person, actor=actor, part=organisation, field="affiliations")
        changed = True
    if changed:
        reindex_person(person=person)
        effects.emit("person_changed", person_id=person.pk)
    return person


def _unlinked_with_email(email: str) -> Person | None:
    """The one person without an account who has this e-mail address (none if several)."""
    if not email:
        return None
    candidates = list(Person.objects.filter(user__isnull=True, email__iexact=email)[:2])
    return candidates[0] if len(candidates) == 1 else None
