"""The policies section of the organisation profile (``qiao.core.sections``): shown only to
the firm's members and operators, from the stored answers (no evaluation on page load)."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from qiao.directory.roles import roles_of
from qiao.policies.models import Eligibility, Policy

LIMIT = 3


def policies_section(*, viewer, obj):
    roles = roles_of(viewer)
    if not (roles.is_operator or obj.pk in roles.member_of):
        return None
    today = timezone.localdate()
    rows = (
        Eligibility.objects.filter(
            organisation=obj,
            policy__status=Policy.Status.PUBLISHED,
            outcome__in=[Eligibility.Outcome.MET, Eligibility.Outcome.UNKNOWN],
        )
        .filter(Q(policy__closes_on__isnull=True) | Q(policy__closes_on__gte=today))
        .select_related("policy")
        .order_by("outcome", "-policy__amount", "policy__closes_on")
    )
    rows = list(rows[:50])
    if not rows:
        return None
    return {
        "qualifies": [r.policy for r in rows if r.outcome == Eligibility.Outcome.MET][:LIMIT],
        "might": sum(1 for r in rows if r.outcome == Eligibility.Outcome.UNKNOWN),
        "organisation": obj,
    }
