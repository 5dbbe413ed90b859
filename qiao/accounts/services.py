"""Write operations on users' own settings."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from qiao.accounts.models import DigestFrequency


def update_preferences(*, user, language: str | None = None, digest_frequency: str | None = None):
    """Change the user's e-mail language and digest frequency."""
    from django.conf import settings

    fields = []
    if language is not None:
        if language not in dict(settings.LANGUAGES):
            raise ValidationError({"language": _("Choose Chinese or English.")})
        user.language = language
        fields.append("language")
    if digest_frequency is not None:
        if digest_frequency not in DigestFrequency.values:
            raise ValidationError({"digest_frequency": _("Choose one of the offered options.")})
        user.digest_frequency = digest_frequency
        fields.append("digest_frequency")
    if fields:
        user.save(update_fields=fields)
    return user


def create_account(
    *,
    by,
    email: str,
    full_name: str = "",
    phone: str = "",
    password: str = "",
    password_hash: str = "",
    language: str = "zh-hans",
    is_active: bool = True,
):
    """Create an account (audited). ``password`` is checked by the validators and hashed;
    ``password_hash`` is one hashed earlier (an application's); neither gives an account
    that can't sign in until its owner sets a password through a reset link. ``by`` may be
    ``None`` for a person signing themselves up (the entry then names nobody)."""
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.password_validation import validate_password

    from qiao.accounts.models import User
    from qiao.core import writes

    user = User(email=email.strip().lower(), full_name=full_name)
    if password:
        validate_password(password, user)
        password_hash = make_password(password)
    return writes.create(
        User,
        actor=by,
        data={"email": user.email, "full_name": full_name, "phone": phone or None},
        allowed={"email", "full_name", "phone"},
        fixed={
            "password": password_hash or make_password(None),
            "language": language if language in dict(settings.LANGUAGES) else "zh-hans",
            "is_active": is_active,
        },
    )


def activate_account(*, user, by=None):
    """Let a signed-up account sign in, once its e-mail address is confirmed (audited)."""
    from qiao.core import writes

    if not user.is_active:
        writes.update(user, actor=by or user, data={"is_active": True}, allowed={"is_active"})
    return user
