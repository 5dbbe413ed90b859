"""Put the engine's structured reasons into words, in the viewer's language."""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from qiao.directory.models import Credential
from qiao.market.models import FundingRound
from qiao.matching.fit import ROUNDS
from qiao.matching.glossary import Glossary, in_language, load_glossary
from qiao.taxonomy.models import Term

# The engine's kind names; "technology" and "service" name both a need and an offer.
_KIND_LABELS = {
    "clinical": gettext_lazy("clinical need"),
    "technology": gettext_lazy("technology"),
    "service": gettext_lazy("service"),
    "financing": gettext_lazy("financing need"),
    "channel": gettext_lazy("channel need"),
    "product": gettext_lazy("product"),
    "investment": gettext_lazy("investment focus"),
    "equipment": gettext_lazy("equipment"),
}


@lru_cache(maxsize=1)
def _term_labels() -> dict[str, tuple[str, str]]:
    return {
        f"{vocabulary}:{code}": (zh, en)
        for vocabulary, code, zh, en in Term.objects.values_list(
            "vocabulary", "code", "name_zh", "name_en"
        )
    }


@lru_cache(maxsize=1)
def _glossary() -> Glossary:
    return load_glossary(settings.QIAO_GLOSSARY_PATH)


def _label(code: str) -> str:
    zh, en = _term_labels().get(code, (code, code))
    return en if _english() else zh


def _join(items) -> str:
    return ", ".join(items) if _english() else "、".join(items)


def _english() -> bool:
    return (get_language() or "").startswith("en")


def _kind(code: str) -> str:
    if code in _KIND_LABELS:
        return str(_KIND_LABELS[code])
    return _label(f"organisation_kind:{code}")


def _stage(code: str) -> str:
    if code in FundingRound.values:
        return str(FundingRound(code).label)
    return _label(f"lifecycle_stage:{code}")


def _credential(tag: str) -> str:
    """Return a credential tag from candidates.py ("patent", "NMPA class III") in words."""
    if tag in Credential.Kind.values:
        return str(Credential.Kind(tag).label)
    if tag.startswith("NMPA class ") and tag[11:] in Credential.DeviceClass.values:
        return _("NMPA %(device_class)s registration") % {
            "device_class": Credential.DeviceClass(tag[11:]).label
        }
    return tag


def _money(text: str) -> str:
    """Return "8000万" as is in Chinese, as "80M yuan" in English."""
    if not _english():
        return text + "元"
    parts = [p.removesuffix("万") for p in text.split("-")]
    try:
        return "–".join(f"{float(p) / 100:g}M" for p in parts) + " yuan"
    except ValueError:
        return text


def describe(reason: dict) -> str:
    """Return one sentence for one reason, e.g. "Shared terms: PCR, 体外诊断"."""
    code, terms = reason.get("code", ""), list(reason.get("terms", []))
    if code == "terms":
        return _("Shared terms: %(terms)s") % {"terms": _join(terms)}
    if code == "synonym":
        shown = dict.fromkeys(in_language(_glossary(), t, _english()) for t in terms)
        return _("Same concept in other words: %(terms)s") % {"terms": _join(shown)}
    if code == "category":
        return _("Same category: %(terms)s") % {"terms": _join(_label(t) for t in terms)}
    if code == "kind_fit":
        pair = terms[0].split(">") if terms else ["", ""]
        owner = [t.removeprefix("owner:") for t in terms[1:]]
        text = _("Fits: %(mine)s → %(theirs)s") % {
            "mine": _kind(pair[0]),
            "theirs": _kind(pair[-1]),
        }
        if owner and owner[0] != pair[-1]:
            text += _(" (offered by: %(kind)s)") % {"kind": _kind(owner[0])}
        return text
    if code == "stage_fit" and reason.get("weight", 0) < 0:
        return _("Stage differs: %(stages)s") % {"stages": _join(_stage(t) for t in terms)}
    if code == "stage_fit":
        return _("Stage fits: %(stages)s") % {"stages": _join(_stage(t) for t in terms)}
    if code == "region":
        return _("Same region: %(region)s") % {"region": _join(terms)}
    if code == "capability":
        return _("Has the capability: %(names)s") % {"names": _join(terms)}
    if code == "credential":
        return _("Holds: %(names)s") % {"names": _join(_credential(t) for t in terms)}
    if code == "investment_fit":
        if len(terms) == 2 and reason.get("weight", 0) < 0:
            return _("Amount %(amount)s is outside the ticket size %(ticket)s") % {
                "amount": _money(terms[0]),
                "ticket": _money(terms[1]),
            }
        if len(terms) == 2:
            return _("Amount %(amount)s fits the ticket size %(ticket)s") % {
                "amount": _money(terms[0]),
                "ticket": _money(terms[1]),
            }
        return _("Invests at this stage, ticket size or sector")
    if code == "recent":
        return _("Recently updated")
    if code == "embedding":
        return _("Similar in meaning (language model)")
    return code


def describe_all(reasons: list[dict]) -> list[str]:
    return [describe(r) for r in reasons]


# Reasons that can only come from a listing's details (its accreditations, amount or ticket
# size, and its financing rounds). The engine sees none of them for a confidential listing
# (candidates.engine_listing); rows stored before that rule, or by a worker still running
# older code, are cleaned when shown and by migration matching 0004.
DETAIL_REASON_CODES = frozenset({"credential", "investment_fit"})


def public_reasons(reasons: list[dict]) -> list[dict]:
    """Return the reasons that may be said about a confidential listing's public face."""
    return [
        reason
        for reason in reasons
        if reason.get("code") not in DETAIL_REASON_CODES
        and not (
            reason.get("code") == "stage_fit"
            and any(term in ROUNDS for term in reason.get("terms", ()))
        )
    ]


def shown_reasons(match) -> list[dict]:
    """Return a stored match's reasons as they may be shown: public ones only when the
    counterpart is a confidential listing (whoever looks: the engine only knew its face)."""
    counterpart = match.counterpart_listing if match.counterpart_listing_id else None
    if counterpart is not None and counterpart.is_confidential:
        return public_reasons(match.reasons)
    return list(match.reasons)
