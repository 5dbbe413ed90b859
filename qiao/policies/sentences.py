"""Plain-language sentences for criteria and for what is missing, in the reader's language.

Generated from the criterion's data (never copied from the policy's text), through gettext,
so each criterion reads in Chinese and in English: ``sentence(criterion)`` in the active
language, ``sentences_both(criterion)`` as ``{"zh-hans": …, "en": …}``.
"""

from __future__ import annotations

from typing import Any

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
    }.get(field, field)
