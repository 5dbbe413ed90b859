"""Signing up: an account that works once its owner opens the link e-mailed to them.

The link carries a signed, timestamped token (``django.core.signing``, ``max_age``) naming
the account and its address; until it is opened the account is inactive and cannot sign
in. Asking again with an address that already has an account sends that owner a note
instead, and the page answers the same either way, so addresses can't be probed.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from qiao.accounts import services as account_services
from qiao.core import writes
from qiao.onboarding import emails

SIGNUP_SALT = "qiao.onboarding.sign_up"
SIGNUP_MAX_AGE = 2 * 24 * 60 * 60  # seconds


def _unconfirmed(user) -> bool:
    """An account made by signing up whose link was never opened (a deactivated account
    has signed in before, or belongs somewhere, and is left alone)."""
    return not user.is_active and user.last_login is None and not user.memberships.exists()


def _link(user) -> str:
    token = signing.dumps({"u": user.pk, "e": user.email}, salt=SIGNUP_SALT, compress=True)
    return settings.QIAO_BASE_URL + reverse("onboarding:verify", args=[token])


@transaction.atomic
def sign_up(*, email: str, full_name: str, phone: str, password: str, language: str) -> None:
    """Create an inactive account and e-mail the link that activates it (after commit)."""
    User = get_user_model()
    email = email.strip().lower()
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None and not _unconfirmed(existing):
        transaction.on_commit(
            lambda: emails.send_sign_up_link(
                email=email, url="", language=existing.language, existing=True
            )
        )
        return
    if phone and User.objects.filter(phone=phone).exclude(email__iexact=email).exists():
        raise ValidationError({"phone": _("Another account already uses this phone number.")})
    if existing is not None:
        # Signed up before and never confirmed: the newest form wins, with a new link.
        writes.delete(existing, actor=None, note="sign-up repeated")
    user = account_services.create_account(
        by=None,
        email=email,
        full_name=full_name,
        phone=phone,
        password=password,
        language=language,
        is_active=False,
    )
    url = _link(user)
    transaction.on_commit(
        lambda: emails.send_sign_up_link(email=email, url=url, language=language, existing=False)
    )


@transaction.atomic
def verify_sign_up(*, token: str):
    """Activate the account the token names; return it, or None for a bad or old link."""
    try:
        payload = signing.loads(token, salt=SIGNUP_SALT, max_age=SIGNUP_MAX_AGE)
    except signing.BadSignature:  # includes SignatureExpired
        return None
    User = get_user_model()
    user = User.objects.filter(pk=payload.get("u"), email__iexact=payload.get("e", "")).first()
    if user is None or not (user.is_active or _unconfirmed(user)):
        return None
    return account_services.activate_account(user=user)
