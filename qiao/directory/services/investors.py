"""An investor's focus: ticket size, stages invested in and the portfolio it states.

One row per organisation (``InvestorFocus``), kept by its admins and operators under the
rule ``directory.change_investorfocus``; audited on the organisation's trail and announced
with ``organisation_changed`` like the other parts.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from qiao.core import audit, policy, writes
from qiao.directory.models import InvestorFocus, Organisation
from qiao.directory.services.organisations import _changed
from qiao.directory.services.versions import touch

INVESTOR_FOCUS_FIELDS = frozenset({"ticket_min", "ticket_max", "stages", "portfolio"})


@transaction.atomic
def save_investor_focus(
    *, organisation: Organisation, by, data: Mapping[str, Any]
) -> InvestorFocus:
    """Create or change the organisation's investor focus with the named fields."""
    focus = InvestorFocus.objects.filter(organisation=organisation).first()
    probe = focus or InvestorFocus(organisation=organisation)
    policy.authorize(by, "directory.change_investorfocus", probe)
    if focus is None:
        focus = writes.create(
            InvestorFocus,
            actor=by,
            data=data,
            allowed=INVESTOR_FOCUS_FIELDS,
            fixed={"organisation": organisation},
        )
        writes.record_added(organisation, actor=by, part=focus, field="investor_focus")
    else:
        before = summarise(focus)
        if not writes.update(focus, actor=by, data=data, allowed=INVESTOR_FOCUS_FIELDS):
            return focus
        audit.record_change(
            instance=organisation,
            actor=by,
            action=audit.AuditEntry.Action.CHANGED,
            changes={"investor_focus": (before, summarise(focus))},
        )
    touch(organisation)
    _changed(organisation)
    return focus


def summarise(focus: InvestorFocus) -> str:
    """The focus in one line of the trail (Chinese data, like the stored names)."""
    low, high = focus.ticket_min, focus.ticket_max
    ticket = f"{low or ''}–{high or ''}万元" if low or high else ""
    stages = "、".join(term.name_zh for term in focus.stages.all())
    return "；".join(filter(None, (ticket, stages, "、".join(focus.portfolio_list))))
