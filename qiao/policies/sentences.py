"""Plain-language sentences for criteria and for what is missing, in the reader's language.

Generated from the criterion's data (never copied from the policy's text), through gettext,
so each criterion reads in Chinese and in English: ``sentence(criterion)`` in the active
language, ``sentences_both(criterion)`` as ``{"zh-hans": …, "en": …}``.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from qiao.directory.models import Credential
from qiao.policies.facts import FIGURE_NAMES
from qiao.policies.models import StatusFlag


def _join(values) -> str:
    separator = "、" if (translation.get_language() or "zh").startswith("zh") else ", "
    return separator.join(str(v) for v in values)


def _op(op: str) -> str:
    return {
        ">=": _("at least"),
        ">": _("more than"),
        "<=": _("at most"),
        "<": _("less than"),
        "==": _("exactly"),
    }.get(op, op)


def _kind_names(codes) -> str:
    from qiao.taxonomy.models import Term, Vocabulary

    names = dict(
        Term.objects.filter(
            vocabulary=Vocabulary.ORGANISATION_KIND, code__in=list(codes)
        ).values_list(
            "code", "name_zh" if translation.get_language().startswith("zh") else "name_en"
        )
    )
    return _join(names.get(c, c) for c in codes)


def _credential(c: dict[str, Any]) -> str:
    kind = dict(Credential.Kind.choices).get(c.get("kind", "registration"), c.get("kind"))
    classes = _join(dict(Credential.DeviceClass.choices).get(x, x) for x in c.get("classes", ()))
    space = "" if (translation.get_language() or "zh").startswith("zh") else " "
    what = f"{classes}{space}{kind}" if classes else str(kind)
    if c.get("first"):
        text = _("The firm's first %(what)s") % {"what": what}
    else:
        count = int(c.get("min_count", 1) or 1)
        text = ngettext(
            "The firm holds at least %(count)d %(what)s",
            "The firm holds at least %(count)d %(what)s",
            count,
        ) % {"count": count, "what": what}
    since, until = c.get("since"), c.get("until")
    if since and until:
        text += _(", issued between %(since)s and %(until)s") % {"since": since, "until": until}
    elif since:
        text += _(", issued on or after %(since)s") % {"since": since}
    elif until:
        text += _(", issued on or before %(until)s") % {"until": until}
    return text


def _dated(text: str, c: dict[str, Any]) -> str:
    since, until = c.get("since"), c.get("until")
    if since and until:
        return text + _(", dated between %(since)s and %(until)s") % {
            "since": since,
            "until": until,
        }
    if since:
        return text + _(", dated on or after %(since)s") % {"since": since}
    if until:
        return text + _(", dated on or before %(until)s") % {"until": until}
    return text


def _patents(c: dict[str, Any]) -> str:
    kinds = dict(Credential.Kind.choices)
    what = _join(kinds.get(k, k) for k in c.get("kinds") or ["patent"])
    count = int(c.get("min_count", 1) or 1)
    text = ngettext(
        "The firm holds at least %(count)d %(what)s",
        "The firm holds at least %(count)d %(what)s",
        count,
    ) % {"count": count, "what": what}
    if c.get("patent_types"):
        names = {"invention": _("invention"), "utility_model": _("utility model"),
                 "design": _("design")}  # fmt: skip
        types = _join(names.get(t, t) for t in c["patent_types"])
        text += _(" (patents of type: %(types)s)") % {"types": types}
    if c.get("include_applied"):
        text += _(", applications included")
    return _dated(text, c)


def _milestone_name(kind: str) -> str:
    from qiao.pipeline.models import Milestone
    from qiao.taxonomy.models import Term

    if kind.startswith("stage:"):
        term = Term.objects.filter(vocabulary="lifecycle_stage", code=kind[6:]).first()
        return str(term) if term else kind[6:]
    return str(dict(Milestone.Kind.choices).get(kind, kind))


def _milestone(c: dict[str, Any]) -> str:
    text = _("A product of the firm reached “%(milestone)s”") % {
        "milestone": _milestone_name(str(c.get("kind", "")))
    }
    site = c.get("site") or {}
    places = [*site.get("city", ()), *site.get("district", ())]
    if places:
        text += _(", at a site in %(places)s") % {"places": _join(places)}
    return _dated(text, c)


def _local_service(c: dict[str, Any]) -> str:
    from qiao.pipeline.models import ProjectProvider

    names = dict(ProjectProvider.Service.choices) | {"park_request": _("the park's service desk")}
    services = _join(names.get(x, x) for x in c.get("services", ())) or _("any service")
    count = int(c.get("min_count", 1) or 1)
    text = ngettext(
        "The firm used at least %(count)d service (%(services)s)",
        "The firm used at least %(count)d services (%(services)s)",
        count,
    ) % {"count": count, "services": services}
    places = [*c.get("city", ()), *c.get("district", ())]
    if places:
        text += _(" from providers in %(places)s") % {"places": _join(places)}
    return text


def _membership(c: dict[str, Any]) -> str:
    from qiao.alliances.models import Tier
    from qiao.directory.models import Organisation

    english = not (translation.get_language() or "zh").startswith("zh")
    alliances = Organisation.objects.filter(pk__in=c.get("alliances", ()))
    names = _join(str(a.name_en or a.name_zh) if english else a.name_zh for a in alliances)
    text = _("The firm is an active member of %(alliances)s") % {
        "alliances": names or _("an alliance")
    }
    tiers = Tier.objects.filter(pk__in=c.get("tiers", ()))
    if tiers:
        tier_names = _join((t.name_en or t.name_zh) if english else t.name_zh for t in tiers)
        text += _(", tier %(tiers)s") % {"tiers": tier_names}
    if c.get("on"):
        text += _(", on %(date)s") % {"date": c["on"]}
    return text


_RECORDS = {
    "patents": _patents,
    "milestone": _milestone,
    "local_service": _local_service,
    "membership": _membership,
}


def sentence(c: dict[str, Any]) -> str:
    kind = c.get("type")
    if kind == "all":
        return _("All of the following")
    if kind == "any":
        return _("At least one of the following")
    if kind == "kind":
        return _("The organisation is a %(kinds)s") % {"kinds": _kind_names(c.get("in", ()))}
    if kind == "region":
        places = [*c.get("city", ()), *c.get("district", ())]
        return _("The firm is registered in %(places)s") % {"places": _join(places)}
    if kind == "founded":
        return _("The firm was founded in %(year)s or %(when)s") % {
            "year": c.get("year"),
            "when": _("later") if c.get("op", ">=") in (">=", ">") else _("earlier"),
        }
    if kind == "credential":
        return _credential(c)
    if kind == "figure":
        name = FIGURE_NAMES.get(c.get("name", ""), c.get("name", ""))
        return _("The firm's %(figure)s is %(op)s %(value)s") % {
            "figure": name, "op": _op(c.get("op", ">=")), "value": c.get("value"),
        }  # fmt: skip
    if kind == "flag":
        name = dict(StatusFlag.Name.choices).get(c.get("name", ""), c.get("name", ""))
        return _("The firm is recognised as %(flag)s") % {"flag": name}
    if kind in _RECORDS:
        return _RECORDS[kind](c)
    return str(kind)


def sentences_both(c: dict[str, Any]) -> dict[str, str]:
    both = {}
    for language in ("zh-hans", "en"):
        with translation.override(language):
            both[language] = sentence(c)
    return both


def missing_prompt(field: str) -> str:
    """What to fill in on the profile so an unknown answer becomes known."""
    if field.startswith("figure:"):
        name = FIGURE_NAMES.get(field[7:], field[7:])
        return _("Add the key figure “%(figure)s” to your profile.") % {"figure": name}
    if field.startswith("flag:"):
        name = dict(StatusFlag.Name.choices).get(field[5:], field[5:])
        return _("Say whether your firm is recognised as %(flag)s.") % {"flag": name}
    return {
        "district": _("Add your district to your profile."),
        "city": _("Add your city to your profile."),
        "founded_year": _("Add the year your firm was founded."),
        "kind": _("Set your organisation's kind."),
        "credential_issued_on": _("Add the issue date of your registration certificates."),
        "patents": _("Add your patents and software copyrights to your profile."),
        "patent_type": _(
            "Add your patents' full numbers, so their type (invention, utility model, design) "
            "can be read."
        ),
        "projects": _("Record your products' journeys: projects and their milestones."),
        "milestone_site": _("Add the site (e.g. the trial hospital) to your milestones."),
        "milestone_date": _("Add the dates of your milestones."),
        "providers": _("Record the service providers your projects used."),
        "provider_region": _("A service provider of yours has no district or city on Qiao."),
    }.get(field, field)


def proof_link(ref, firm_id: int | None) -> dict:
    """A proving record as the page links it: a service request to itself, every other
    record (certificate, figure, flag, milestone, membership) to the firm's profile that
    lists it. Both pages answer 404 to whoever may not see them."""
    if ref.kind == "request":
        url = reverse("servicedesk:detail", args=[ref.id])
    elif firm_id:
        url = reverse("directory:organisation_detail", args=[firm_id])
    else:
        url = ""
    return {"label": ref.label, "url": url}


def _rows(result, firm_id: int | None, depth: int = 0) -> list[dict]:
    """The result as indented rows: sentence, outcome, proof (linked), prompt."""
    rows = [
        {
            "depth": depth,
            "sentence": sentence(result.criterion),
            "outcome": result.outcome.name.lower(),
            "proof": [proof_link(ref, firm_id) for ref in result.proof],
            "prompt": missing_prompt(result.missing) if result.missing else "",
        }
    ]
    for item in result.items:
        rows.extend(_rows(item, firm_id, depth + 1))
    return rows


def explained(result, *, firm_id: int | None = None) -> list[dict]:
    """A policy's result for ``firm_id`` as rows for ``policies/_reasons.html`` (its
    implicit all-of is not shown as a row of its own)."""
    return [row | {"depth": row["depth"] - 1} for row in _rows(result, firm_id)[1:]]
