"""Write operations on users' own settings."""

from __future__ import annotations

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
