"""How complete a listing is, and what to add.

Buyers pass over listings that are vague about the benefit, the stage or the commercial
route, so those weigh most. The score is the share of weighted checks met, 0–100; each
unmet check gives a hint in the viewer's language. Works on an unsaved listing too (the
form's live hints), so tags are passed in rather than read from the database.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from qiao.market.models import Kind, Listing


@dataclass(frozen=True)
class Check:
    field: str
    weight: int
    hint: str
    met: Callable[[Listing, int], bool]


# A text counts once it is this long. Every hint of a text check states the minimum, so no
# rule stays hidden from the person filling in the form.
MIN_TEXT = 10
MIN_DESCRIPTION = 80


def _text(*names: str) -> Callable[[Listing, int], bool]:
    return lambda listing, tags: any(len(getattr(listing, n, "") or "") >= MIN_TEXT for n in names)


def _rule(hint, count: int = MIN_TEXT):
    """A hint whose ``{count}`` is the minimum length, translated when it is shown."""
    return format_lazy(hint, count=count)


def _value(name: str) -> Callable[[Listing, int], bool]:
    return lambda listing, tags: bool(
        getattr(listing, name + "_id", None) or getattr(listing, name, None)
    )


_COMMON = (
    Check(
        "title_zh",
        10,
        _rule(_("Give a short, specific title of at least {count} characters.")),
        _text("title_zh", "title_en"),
    ),
    Check(
        "summary_zh",
        10,
        _rule(
            _("Write a summary of at least {count} characters that others can read before any NDA.")
        ),
        _text("summary_zh", "summary_en"),
    ),
    Check(
        "description",
        15,
        _rule(
            _(
                "Describe the benefit, the stage and the route to use or market in at least {count} characters."
            ),
            MIN_DESCRIPTION,
        ),
        lambda listing, tags: len(listing.description or "") >= MIN_DESCRIPTION,
    ),
    Check(
        "terms",
        10,
        _("Tag device categories, technology or therapeutic areas."),
        lambda listing, tags: tags > 0,
    ),
    Check("stage", 10, _("Say which lifecycle stage this is at."), _value("stage")),
    Check("province", 5, _("Give the region."), _value("province")),
    Check("contact", 5, _("Name a contact person."), _value("contact")),
    Check("deadline", 5, _("Set a deadline, so others know how urgent it is."), _value("deadline")),
)

_BY_KIND: dict[str, tuple[Check, ...]] = {
    Kind.CLINICAL: (
        Check(
            "clinical_problem",
            10,
            _rule(_("State the clinical problem in at least {count} characters.")),
            _text("clinical_problem"),
        ),
        Check(
            "patient_population",
            5,
            _rule(_("Describe the patient population in at least {count} characters.")),
            _text("patient_population"),
        ),
        Check(
            "shortcomings",
            5,
            _rule(
                _("Describe current practice or its shortcomings in at least {count} characters.")
            ),
            _text("current_practice", "shortcomings"),
        ),
        Check(
            "desired_outcome",
            10,
            _rule(
                _(
                    "Say in at least {count} characters what outcome would count as success (the benefit)."
                )
            ),
            _text("desired_outcome"),
        ),
    ),
    Kind.TECHNOLOGY_NEED: (
        Check(
            "desired_outcome",
            10,
            _rule(
                _(
                    "Say in at least {count} characters what the technology must achieve (the benefit)."
                )
            ),
            _text("desired_outcome"),
        ),
    ),
    Kind.SERVICE_NEED: (
        Check("service_type", 10, _("Choose the type of service needed."), _value("service_type")),
    ),
    Kind.FINANCING: (
        Check("amount", 10, _("Give the amount sought."), _value("amount")),
        Check("funding_round", 5, _("Give the round."), _value("funding_round")),
        Check(
            "use_of_funds",
            10,
            _rule(
                _(
                    "Say in at least {count} characters what the money is for (the commercial route)."
                )
            ),
            _text("use_of_funds"),
        ),
    ),
    Kind.CHANNEL: (
        Check(
            "desired_outcome",
            10,
            _rule(
                _("Say in at least {count} characters which channel or market you want to reach.")
            ),
            _text("desired_outcome"),
        ),
    ),
    Kind.TECHNOLOGY: (
        Check("ip_status", 10, _("Give the IP status."), _value("ip_status")),
        Check(
            "transfer_modes",
            10,
            _("Say how it can be transferred (the commercial route)."),
            _value("transfer_modes"),
        ),
        Check(
            "patent_numbers",
            5,
            _rule(_("List the patent numbers (at least {count} characters).")),
            _text("patent_numbers"),
        ),
    ),
    Kind.PRODUCT: (
        Check(
            "registration_number",
            10,
            _("Give the registration certificate number, if registered."),
            _value("registration_number"),
        ),
    ),
    Kind.SERVICE: (
        Check(
            "capabilities",
            10,
            _rule(_("Describe your capabilities in at least {count} characters.")),
            _text("capabilities"),
        ),
        Check(
            "accreditations",
            5,
            _("List your accreditations (CNAS, GLP …)."),
            _value("accreditations"),
        ),
    ),
    Kind.INVESTMENT: (
        Check(
            "investment_stages",
            10,
            _("Say which stages you invest in."),
            _value("investment_stages"),
        ),
        Check(
            "ticket_max",
            10,
            _("Give your ticket size."),
            lambda listing, tags: bool(listing.ticket_min or listing.ticket_max),
        ),
    ),
    Kind.EQUIPMENT: (
        Check("equipment_model", 10, _("Give the make and model."), _value("equipment_model")),
        Check("location", 5, _("Say where the equipment is."), _value("location")),
        Check(
            "specifications",
            5,
            _rule(_("Give the main specifications in at least {count} characters.")),
            _text("specifications"),
        ),
    ),
}


@dataclass(frozen=True)
class Completeness:
    score: int
    hints: tuple[tuple[str, str], ...]  # (field, hint) for each unmet check, weightiest first


def assess(listing: Listing, *, tag_count: int) -> Completeness:
    """Return the listing's completeness score and its hints."""
    checks = _COMMON + _BY_KIND.get(listing.kind, ())
    total = sum(c.weight for c in checks)
    unmet = [c for c in checks if not c.met(listing, tag_count)]
    score = round(100 * (total - sum(c.weight for c in unmet)) / total)
    unmet.sort(key=lambda c: -c.weight)
    return Completeness(score=score, hints=tuple((c.field, str(c.hint)) for c in unmet))
