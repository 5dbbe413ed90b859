"""Screen an application against a call's simple rules, with a reason for each failure."""

from __future__ import annotations

from django.utils.translation import gettext as _

from qiao.calls.models import Application


def screen(application: Application) -> list[str]:
    """Return why the application is not eligible, in the current language (empty: eligible)."""
    call = application.call
    organisation = application.organisation
    reasons = []
    kinds = list(call.eligible_kinds.all())
    if kinds and organisation.kind_id not in {k.pk for k in kinds}:
        names = "、".join(k.label for k in kinds)
        reasons.append(
            _("Only these kinds of organisation may apply: %(kinds)s.") % {"kinds": names}
        )
    regions = [r.strip() for r in call.eligible_regions.replace("，", ",").split(",") if r.strip()]
    where = {organisation.city, organisation.district, organisation.province}
    if regions and not where & set(regions):
        reasons.append(
            _("Only organisations in %(regions)s may apply.") % {"regions": "、".join(regions)}
        )
    for spec in call.form_fields:
        if spec.get("required") and not str(application.answers.get(spec.get("key"), "")).strip():
            label = spec.get("label_zh") or spec.get("key")
            reasons.append(_("Answer “%(field)s”.") % {"field": label})
    return reasons
