"""Identifiers the directory checks: the unified social credit code (统一社会信用代码)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.cn import uscc
from stdnum.exceptions import InvalidChecksum
from stdnum.exceptions import ValidationError as StdnumError


def clean_credit_code(value: str) -> str:
    """Return the code as stored (18 characters, upper case, no spaces or dashes)."""
    return uscc.compact(value or "")


def validate_credit_code(value: str) -> None:
    """Refuse a code that is not 18 characters of GB 32100 with a matching check digit."""
    if not value:
        return
    try:
        uscc.validate(value)
    except InvalidChecksum:
        raise ValidationError(
            _("The check digit of this unified social credit code does not match: check it."),
            code="checksum",
        ) from None
    except StdnumError:
        raise ValidationError(
            _("A unified social credit code has 18 digits and capital letters (GB 32100)."),
            code="invalid",
        ) from None
