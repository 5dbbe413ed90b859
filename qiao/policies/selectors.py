"""Reads for support policies: what a viewer may see, what a firm qualifies for."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from qiao.directory.models import Organisation
from qiao.directory.roles import roles_of
from qiao.policies import eligibility
from qiao.policies.facts import load_firms
from qiao.policies.models import Application, Eligibility, Policy
from qiao.policies.recompute import compiled


def list_visible_policies(user) -> QuerySet[Policy]:
    if roles_of(user).is_operator:
        return Policy.objects.all()
    return Policy.objects.exclude(status=Policy.Status.DRAFT)


def access_policy(user, pk: int) -> Policy:
    return get_object_or_404(list_visible_policies(user), pk=pk)


def access_firm(user, pk: int) -> Organisation:
    """A firm whose policy file the user may read: its members and operators; else 404."""
    roles = roles_of(user)
    if not roles.is_operator and pk not in roles.member_of:
        raise Http404
    return get_object_or_404(Organisation.objects.select_related("kind"), pk=pk)


@dataclass(frozen=True)
class Match:
    policy: Policy
    result: eligibility.Result


def explain(policy: Policy, organisation: Organisation) -> eligibility.Result | None:
    engine = compiled(policy)
    if engine is None:
        return None
    return engine.explain(load_firms([organisation])[0])


def rank_key(policy: Policy, today: datetime.date):
    """Larger amounts first, then nearer deadlines; past deadlines never rank first."""
    deadline = policy.closes_on or datetime.date.max
    return (-(policy.amount or 0), deadline)


def policies_for_firm(organisation: Organisation, *, today: datetime.date) -> list[Match]:
    """Open published policies the firm qualifies for or might (unknown), ranked."""
    firm = load_firms([organisation])[0]
    matches = []
    for policy in Policy.objects.filter(status=Policy.Status.PUBLISHED).filter(
        Q(closes_on__isnull=True) | Q(closes_on__gte=today)
    ):
        engine = compiled(policy)
        if engine is None:
            continue
        result = engine.explain(firm)
        if result.outcome is not eligibility.Outcome.NOT_MET:
            matches.append(Match(policy, result))
    matches.sort(
        key=lambda m: (m.result.outcome is not eligibility.Outcome.MET, rank_key(m.policy, today))
    )
    return matches


def eligible_not_applied(policy: Policy) -> QuerySet[Organisation]:
    """Firms that qualify for ``policy`` (as last computed) and have no application."""
    applied = Application.objects.filter(policy=policy).values("organisation_id")
    return (
        Organisation.objects.filter(
            policy_eligibilities__policy=policy,
            policy_eligibilities__outcome=Eligibility.Outcome.MET,
        )
        .exclude(pk__in=applied)
        .order_by("name_zh")
    )


def deadlines_for_user(user, *, today: datetime.date) -> list[Policy]:
    """Deadlines of published policies the user's firms qualify for or might, still ahead."""
    roles = roles_of(user)
    return list(
        Policy.objects.filter(
            status=Policy.Status.PUBLISHED,
            closes_on__gte=today,
            eligibilities__organisation_id__in=roles.member_of,
            eligibilities__outcome__in=[Eligibility.Outcome.MET, Eligibility.Outcome.UNKNOWN],
        )
        .distinct()
        .order_by("closes_on")
    )
