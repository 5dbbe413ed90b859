"""What a reviewed proposal may say: one cleaning per kind, shared by the page and the API.

``clean_payload(kind, payload)`` returns the payload with every field checked and normalised
(dates as ``YYYY-MM-DD``, numbers as numbers, names trimmed) or raises ``ValidationError``
keyed by field, with messages in the active language. Nothing here reads the database:
whether a name is in the directory is ``qiao.intel.resolve``'s question, asked when the
proposal is written.
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from qiao.directory.models import RelationKind
from qiao.intel.models import EventKind, OrganisationType, Proposal
from qiao.pipeline.models import Agreement

NAME_MAX = 200
MAX_NAMES = 20
# The largest amount Agreement.amount and KeyFigure.value hold (16 digits, 2 decimals).
MAX_NUMBER = Decimal("99999999999999.99")

# The fields of each kind, as the extraction writes them plus what review adds.
FIELDS: dict[str, tuple[str, ...]] = {
    Proposal.Kind.ORGANISATION: ("name", "type", "aliases"),
    Proposal.Kind.PERSON: ("name", "title", "organisation", "no_organisation"),
    Proposal.Kind.EVENT: ("kind", "date", "place", "participants"),
    Proposal.Kind.AGREEMENT: ("parties", "kind", "date", "amount_cny", "count"),
    Proposal.Kind.FIGURE: ("text", "value", "unit", "about", "organisation", "date"),
    Proposal.Kind.RELATION: ("source", "kind", "target"),
}


class _Errors:
    def __init__(self) -> None:
        self.by_field: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.by_field.setdefault(field, []).append(message)

    def raise_any(self) -> None:
        if self.by_field:
            raise ValidationError(self.by_field)


def _text(data, field: str, errors: _Errors, *, limit: int, required: bool = False) -> str:
    value = data.get(field)
    if value is None:
        value = ""
    if not isinstance(value, str):
        errors.add(field, _("Enter text."))
        return ""
    value = " ".join(value.split())
    if required and not value:
        errors.add(field, _("This field is required."))
    elif len(value) > limit:
        errors.add(
            field,
            _("Use at most %(limit)d characters (it has %(count)d).")
            % {"limit": limit, "count": len(value)},
        )
    return value


def _choice(data, field: str, errors: _Errors, choices, *, default: str | None = None) -> str:
    value = data.get(field)
    if (value is None or value == "") and default is not None:
        return default
    if value not in choices.values:
        errors.add(
            field,
            _("“%(value)s” is not one of the choices: %(choices)s.")
            % {"value": value, "choices": " / ".join(str(label) for label in choices.labels)},
        )
        return ""
    return str(value)


def _date(data, field: str, errors: _Errors) -> str | None:
    value = data.get(field)
    if value in (None, ""):
        return None
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            pass
    errors.add(field, _("“%(value)s” is not a date: write it as 2025-03-17.") % {"value": value})
    return None


def _number(data, field: str, errors: _Errors, *, whole: bool = False) -> Decimal | None:
    value = data.get(field)
    if value in (None, ""):
        return None
    try:
        if isinstance(value, bool):
            raise InvalidOperation
        number = Decimal(str(value).replace(",", "").strip())
        if not number.is_finite():
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        errors.add(field, _("“%(value)s” is not a number.") % {"value": value})
        return None
    if number < 0 or number > MAX_NUMBER:
        errors.add(field, _("Enter a number between 0 and %(max)s.") % {"max": "99999999999999"})
        return None
    if whole and number != number.to_integral_value():
        errors.add(field, _("Enter a whole number."))
        return None
    return number


def _as_json_number(number: Decimal | None):
    if number is None:
        return None
    return int(number) if number == number.to_integral_value() else float(number)


def _names(data, field: str, errors: _Errors) -> list[str]:
    value = data.get(field)
    if value in (None, ""):
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        errors.add(field, _("Give a list of names."))
        return []
    names = list(dict.fromkeys(" ".join(v.split()) for v in value if v.strip()))
    if len(names) > MAX_NAMES:
        errors.add(field, _("Name at most %(count)d organisations.") % {"count": MAX_NAMES})
    for name in names:
        if len(name) > NAME_MAX:
            errors.add(field, _("A name has at most %(limit)d characters.") % {"limit": NAME_MAX})
            break
    return names


def _organisation(data, errors: _Errors) -> dict[str, Any]:
    aliases = _names(data, "aliases", errors)
    return {
        "name": _text(data, "name", errors, limit=NAME_MAX, required=True),
        "type": _choice(data, "type", errors, OrganisationType, default="other"),
        "aliases": aliases,
    }


def _person(data, errors: _Errors) -> dict[str, Any]:
    cleaned = {
        "name": _text(data, "name", errors, limit=60, required=True),
        "title": _text(data, "title", errors, limit=100),
        "organisation": _text(data, "organisation", errors, limit=NAME_MAX),
        "no_organisation": data.get("no_organisation") in (True, "true", "on", "1"),
    }
    if cleaned["organisation"] and cleaned["no_organisation"]:
        errors.add("organisation", _("Choose an organisation or “no organisation”, not both."))
    elif not cleaned["organisation"] and not cleaned["no_organisation"]:
        errors.add(
            "organisation",
            _("Choose the person's organisation, or say explicitly that there is none."),
        )
    return cleaned


def _event(data, errors: _Errors) -> dict[str, Any]:
    return {
        "kind": _choice(data, "kind", errors, EventKind),
        "date": _date(data, "date", errors),
        "place": _text(data, "place", errors, limit=200),
        "participants": _names(data, "participants", errors),
    }


def _agreement(data, errors: _Errors) -> dict[str, Any]:
    parties = _names(data, "parties", errors)
    if "parties" not in errors.by_field and len(parties) < 2:
        errors.add("parties", _("Name at least two different organisations."))
    return {
        "parties": parties,
        "kind": _choice(data, "kind", errors, Agreement.Kind),
        "date": _date(data, "date", errors),
        "amount_cny": _as_json_number(_number(data, "amount_cny", errors)),
        "count": _as_json_number(_number(data, "count", errors, whole=True)),
    }


def _figure(data, errors: _Errors) -> dict[str, Any]:
    value = _number(data, "value", errors)
    if value is None and "value" not in errors.by_field:
        errors.add("value", _("This field is required."))
    return {
        "text": _text(data, "text", errors, limit=200),
        "value": _as_json_number(value),
        "unit": _text(data, "unit", errors, limit=20),
        "about": _text(data, "about", errors, limit=60, required=True),
        "organisation": _text(data, "organisation", errors, limit=NAME_MAX, required=True),
        "date": _date(data, "date", errors),
    }


def _relation(data, errors: _Errors) -> dict[str, Any]:
    return {
        "source": _text(data, "source", errors, limit=NAME_MAX, required=True),
        "kind": _choice(data, "kind", errors, RelationKind),
        "target": _text(data, "target", errors, limit=NAME_MAX, required=True),
    }


_CLEANERS = {
    Proposal.Kind.ORGANISATION: _organisation,
    Proposal.Kind.PERSON: _person,
    Proposal.Kind.EVENT: _event,
    Proposal.Kind.AGREEMENT: _agreement,
    Proposal.Kind.FIGURE: _figure,
    Proposal.Kind.RELATION: _relation,
}


def clean_payload(kind: str, stored: dict, edit: Any = None) -> dict[str, Any]:
    """Return the checked payload of a proposal of ``kind`` as ``edit`` changes ``stored``;
    raise ValidationError by field.

    Fields of the edit that the kind does not have are refused rather than dropped (the edit
    was meant for something else); fields the extraction stored beyond ``FIELDS`` are left
    out, so a richer extraction does not make old review code refuse its proposals.
    """
    if edit is None:
        edit = {}
    if not isinstance(edit, dict):
        raise ValidationError(_("The proposal is a JSON object."))
    errors = _Errors()
    for field in sorted(set(edit) - set(FIELDS[kind])):
        errors.add(field, _("A proposal of this kind has no field “%(field)s”.") % {"field": field})
    merged = {k: v for k, v in stored.items() if k in FIELDS[kind]} | edit
    cleaned = _CLEANERS[kind](merged, errors)
    errors.raise_any()
    return cleaned
