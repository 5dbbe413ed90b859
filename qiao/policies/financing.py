"""Policies matched like listings: a firm's financing need shows the policies that may fund
it (ranked by the engine, with reasons), and a policy shows operators the firms with open
financing needs that qualify for it."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from qiao.directory.roles import roles_of
from qiao.market.models import Kind, Listing, Side
from qiao.policies.eligibility import Outcome
from qiao.policies.models import Eligibility, Policy
from qiao.policies.selectors import policies_for_firm
from qiao.policies.sentences import explained

# Benefits that put money into the firm (a voucher or rent relief does not fund a round).
FUNDING = (
    Policy.BenefitKind.GRANT,
    Policy.BenefitKind.SUBSIDY,
    Policy.BenefitKind.REWARD,
    Policy.BenefitKind.LOAN_INTEREST,
)
OPEN_NEED = (Listing.Status.PUBLISHED, Listing.Status.IN_DISCUSSION, Listing.Status.UNDER_REVIEW)
LIMIT = 5


def is_financing_need(listing: Listing) -> bool:
    return listing.side == Side.NEED and listing.kind == Kind.FINANCING


def need_policies_section(*, viewer, obj: Listing):
    """On a financing need's page, for the firm's members and operators: the open policies
    that may fund it, eligible first, then larger amounts and nearer deadlines."""
    if not is_financing_need(obj):
        return None
    roles = roles_of(viewer)
    if not (roles.is_operator or obj.organisation_id in roles.member_of):
        return None
    matches = [
        m
        for m in policies_for_firm(obj.organisation, today=timezone.localdate())
        if m.policy.benefit_kind in FUNDING
    ]
    rows = [
        {
            "policy": m.policy,
            "met": m.result.outcome is Outcome.MET,
            "rows": explained(m.result, firm_id=obj.organisation_id),
        }
        for m in matches[:LIMIT]
    ]
    return {"funding_policies": rows, "more": len(matches) > LIMIT, "need": obj}


def financing_needs_qualifying(policy: Policy) -> QuerySet[Listing]:
    """Open financing needs of firms the policy was last computed eligible for (operators)."""
    if policy.benefit_kind not in FUNDING:
        return Listing.objects.none()
    eligible = Eligibility.objects.filter(policy=policy, outcome=Eligibility.Outcome.MET)
    return (
        Listing.objects.filter(
            side=Side.NEED,
            kind=Kind.FINANCING,
            status__in=OPEN_NEED,
            organisation_id__in=eligible.values("organisation_id"),
        )
        .select_related("organisation")
        .order_by("organisation__name_zh", "pk")
    )
