"""The criteria composer: rows of (field, operator, value) an operator picks in a form,
turned into the criteria JSON the engine reads, with a message for each row it cannot read.

No JavaScript (the CSP allows none inline): the form posts, the server builds, validates and
previews the sentences; saving goes through ``services.update_policy``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qiao.policies.eligibility import validate

COUNT, LIST, NUMBER, YEAR, NAME, NONE = "count", "list", "number", "year", "name", "none"

# field → (label, value kind, operators allowed)
FIELDS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "kind": (gettext_lazy("organisation kind (codes)"), LIST, ("in",)),
    "district": (gettext_lazy("district"), LIST, ("in",)),
    "city": (gettext_lazy("city"), LIST, ("in",)),
    "founded_year": (gettext_lazy("year founded"), YEAR, (">=", "<=", ">", "<", "==")),
    "headcount": (gettext_lazy("headcount"), NUMBER, (">=", "<=", ">", "<")),
    "revenue": (gettext_lazy("annual revenue (10,000 yuan)"), NUMBER, (">=", "<=", ">", "<")),
    "rd_spend": (gettext_lazy("R&D spend (10,000 yuan)"), NUMBER, (">=", "<=", ">", "<")),
    "first_registration": (gettext_lazy("first registration certificate of class"), LIST, ("in",)),
    "registrations": (gettext_lazy("registration certificates (count)"), COUNT, (">=",)),
    "patents": (gettext_lazy("patents (count)"), COUNT, (">=",)),
    "invention_patents": (gettext_lazy("invention patents (count)"), COUNT, (">=",)),
    "software_copyrights": (gettext_lazy("software copyrights (count)"), COUNT, (">=",)),
    "milestone": (gettext_lazy("a product reached the milestone (code)"), NAME, ("reached",)),
    "local_services": (gettext_lazy("services used from local providers (count)"), COUNT, (">=",)),
    "membership": (
        gettext_lazy("member of the alliance (Chinese name; empty: any)"),
        NAME,
        ("member",),
    ),  # fmt: skip
    "high_tech": (gettext_lazy("high and new technology enterprise"), NONE, ("held",)),
    "specialised": (gettext_lazy("specialised and innovative SME"), NONE, ("held",)),
    "little_giant": (gettext_lazy("little giant"), NONE, ("held",)),
}
OPERATORS = {
    "in": gettext_lazy("is one of"),
    ">=": gettext_lazy("at least"),
    "<=": gettext_lazy("at most"),
    ">": gettext_lazy("more than"),
    "<": gettext_lazy("less than"),
    "==": gettext_lazy("exactly"),
    "reached": gettext_lazy("reached"),
    "member": gettext_lazy("is a member"),
    "held": gettext_lazy("is held"),
}


@dataclass(frozen=True)
class Row:
    field: str
    operator: str
    value: str = ""
    since: datetime.date | None = None


def _list(value: str) -> list[str]:
    return [v.strip() for v in value.replace("，", ",").replace("、", ",").split(",") if v.strip()]


def build_row(row: Row, *, alliance_ids=None) -> dict:
    """One row as a criterion; ``ValueError`` with a message saying what to change."""
    if row.field not in FIELDS:
        raise ValueError(_("Choose a field."))
    label, kind, operators = FIELDS[row.field]
    if row.operator not in operators:
        raise ValueError(_("“%(op)s” does not apply to %(field)s.")
                         % {"op": OPERATORS.get(row.operator, row.operator), "field": label})  # fmt: skip
    value = row.value.strip()
    number: float | int = 0
    if kind in (COUNT, NUMBER, YEAR):
        try:
            number = int(value) if kind in (COUNT, YEAR) else float(value)
        except ValueError:
            raise ValueError(_("%(field)s needs a number.") % {"field": label}) from None
        if kind == COUNT and number < 1:
            raise ValueError(_("A count is at least 1."))
    if kind == LIST and not _list(value):
        raise ValueError(_("%(field)s needs at least one value.") % {"field": label})
    since = {"since": row.since.isoformat()} if row.since else {}
    f = row.field
    if f == "kind":
        return {"type": "kind", "in": _list(value)}
    if f in ("district", "city"):
        return {"type": "region", f: _list(value)}
    if f == "founded_year":
        return {"type": "founded", "op": row.operator, "year": number}
    if f in ("headcount", "revenue", "rd_spend"):
        return {"type": "figure", "name": f, "op": row.operator, "value": number}
    if f == "first_registration":
        classes = [c.upper() for c in _list(value)]
        if not set(classes) <= {"I", "II", "III"}:
            raise ValueError(_("Device classes are I, II or III."))
        return {"type": "credential", "kind": "registration", "classes": classes, "first": True,
                **since}  # fmt: skip
    if f == "registrations":
        return {"type": "credential", "kind": "registration", "min_count": number, **since}
    if f == "patents":
        return {"type": "patents", "min_count": number, **since}
    if f == "invention_patents":
        return {"type": "patents", "patent_types": ["invention"], "min_count": number, **since}
    if f == "software_copyrights":
        return {"type": "patents", "kinds": ["software_copyright"], "min_count": number, **since}
    if f == "milestone":
        if not value:
            raise ValueError(_("Name the milestone, e.g. registration or trial_started."))
        return {"type": "milestone", "kind": value, **since}
    if f == "local_services":
        return {"type": "local_service", "min_count": number}
    if f == "membership":
        criterion: dict = {"type": "membership"}
        if value:
            ids = (alliance_ids or (lambda name: []))(value)
            if not ids:
                raise ValueError(_("No organisation is called “%(name)s”.") % {"name": value})
            criterion["alliances"] = ids
        return criterion
    return {"type": "flag", "name": f}


def build(rows: list[Row], *, combine: str = "all", alliance_ids=None):
    """The criteria for ``rows`` and the messages by row index ({} when all is well)."""
    items, problems = [], {}
    for index, row in enumerate(rows):
        try:
            items.append(build_row(row, alliance_ids=alliance_ids))
        except ValueError as error:
            problems[index] = str(error)
    if problems:
        return [], problems
    if not items:
        return [], {-1: _("Fill in at least one row.")}
    criteria = items if combine == "all" or len(items) == 1 else [{"type": "any", "items": items}]
    codes = validate(criteria)
    if codes:
        return [], {-1: _("The criteria cannot be read (%(code)s).") % {"code": codes[0]}}
    return criteria, {}
