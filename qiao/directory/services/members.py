"""Write operations on memberships: invitations by e-mail and their acceptance.

Joining links the account to its person in the directory, affiliated with the
organisation (``accounts.link_account_person``).

Both are audited; a membership that starts or changes emits ``organisation_changed`` for
its organisation (what a member may see of it, and the figures of dashboards cached per
role, depend on it).
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from qiao.core import audit, effects, policy, writes
from qiao.directory import policies  # noqa: F401  (registers the rules)
from qiao.directory.models import Invitation, Membership, Organisation
from qiao.directory.services.accounts import link_account_person

INVITATION_DAYS = 14


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
    *, organisation: Organisation, by, email: str, role: str, base_url: str
) -> Invitation:
    """Record an invitation (audited) and e-mail its link after commit."""
    policy.authorize(by, "directory.invite_member", organisation)
    email = email.strip().lower()
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise ValidationError({"email": _("This person is already a member.")})
    invitation = writes.create(
        Invitation,
        actor=by,
        data={"email": email, "role": role},
        allowed={"email", "role"},
        fixed={
            "organisation": organisation,
            "invited_by": by,
            "token": secrets.token_urlsafe(32),
            "expires_at": timezone.now() + timedelta(days=INVITATION_DAYS),
        },
    )
    accept_url = base_url + reverse("accounts:accept_invitation", args=[invitation.token])
    transaction.on_commit(
        lambda: _send_invitation_email(invitation_id=invitation.pk, accept_url=accept_url)
    )
    return invitation


@transaction.atomic
def add_member(*, organisation: Organisation, user, role: str, by) -> Membership:
    """Make ``user`` a member (or admin) of the organisation, audited; an existing
    membership takes the new role. For approved applications and join requests."""
    policy.authorize(by, "directory.add_member", organisation)
    existing = Membership.objects.filter(user=user, organisation=organisation).first()
    if existing is not None:
        writes.update(existing, actor=by, data={"role": role}, allowed={"role"})
        membership = existing
    else:
        membership = writes.create(
            Membership,
            actor=by,
            data={"role": role},
            allowed={"role"},
            fixed={"user": user, "organisation": organisation},
        )
    link_account_person(user=user, organisation=organisation, by=by)
    effects.emit("organisation_changed", organisation_id=organisation.pk)
    return membership


def _invitee(invitation: Invitation, *, full_name: str, password: str):
    User = get_user_model()
    user = User.objects.filter(email__iexact=invitation.email).first()
    if user is not None:
        return user
    user = User(email=invitation.email, full_name=full_name)
    validate_password(password, user)
    user.set_password(password)
    user.save()
    audit.record_change(instance=user, actor=user, action=audit.AuditEntry.Action.CREATED)
    return user


@transaction.atomic
def accept_invitation(*, invitation: Invitation, full_name: str, password: str):
    """Create (or reuse) the invitee's account and make them a member; return the user.

    The link is the permission: the acting user is the invitee. The invitation is locked,
    so the same link accepted twice at once makes one membership.
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    policy.authorize(None, "directory.accept_invitation", invitation)
    user = _invitee(invitation, full_name=full_name, password=password)
    membership = Membership.objects.filter(user=user, organisation=invitation.organisation_id)
    existing = membership.first()
    if existing is None:
        writes.create(
            Membership,
            actor=user,
            data={"role": invitation.role},
            allowed={"role"},
            fixed={"user": user, "organisation": invitation.organisation},
        )
    else:
        writes.update(existing, actor=user, data={"role": invitation.role}, allowed={"role"})
    writes.update(
        invitation, actor=user, data={"accepted_at": timezone.now()}, allowed={"accepted_at"}
    )
    link_account_person(user=user, organisation=invitation.organisation, by=user)
    effects.emit("organisation_changed", organisation_id=invitation.organisation_id)
    return user
