"""Keep ``Eligibility`` rows current: after a firm's records or a policy change (effects).

A firm that newly qualifies for a published policy tells its admins (one notice, folded
per policy). Idempotent: running twice changes nothing and sends nothing new.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.urls import reverse

from qiao.directory.models import Organisation
from qiao.inbox import notices
from qiao.policies import eligibility
from qiao.policies.facts import load_firms
from qiao.policies.models import Eligibility, Policy
from qiao.policies.notices import POLICY_QUALIFIES

_OUTCOME = {
    eligibility.Outcome.MET: Eligibility.Outcome.MET,
    eligibility.Outcome.UNKNOWN: Eligibility.Outcome.UNKNOWN,
    eligibility.Outcome.NOT_MET: Eligibility.Outcome.NOT_MET,
}


def firms_queryset():
    """The firms policies are computed for: companies (all organisations of kind company)."""
    return Organisation.objects.select_related("kind").filter(kind__code="company")


def compiled(policy: Policy) -> eligibility.Policy | None:
    if not policy.criteria or eligibility.validate(policy.criteria):
        return None
    return eligibility.compile_policy(policy.pk, policy.criteria)


@transaction.atomic
def recompute(
    policies: Iterable[Policy], organisations: Iterable[Organisation], *, announce: bool = False
) -> int:
    """Store the answers of ``policies`` × ``organisations``; return how many firms were told.

    Admins of a firm are told when it newly qualifies for a published policy, or (with
    ``announce``, when the policy has just been published) when it qualifies at all."""
    firms = load_firms(organisations)
    by_id = {o.pk: o for o in Organisation.objects.filter(pk__in=[f.id for f in firms])}
    newly = 0
    for policy in policies:
        engine = compiled(policy)
        existing = {
            e.organisation_id: e
            for e in Eligibility.objects.filter(policy=policy, organisation_id__in=by_id)
        }
        for firm in firms:
            if engine is None:
                result = None
                outcome, missing = Eligibility.Outcome.UNKNOWN, []
            else:
                result = engine.explain(firm)
                outcome, missing = _OUTCOME[result.outcome], result.missing_fields()
            row = existing.get(firm.id)
            was = row.outcome if row else None
            if row is None:
                Eligibility.objects.create(
                    policy=policy, organisation_id=firm.id, outcome=outcome, missing=missing
                )
            elif (row.outcome, row.missing) != (outcome, missing):
                row.outcome, row.missing = outcome, missing
                row.save(update_fields=["outcome", "missing", "updated_at"])
            if (
                outcome == Eligibility.Outcome.MET
                and (announce or was != Eligibility.Outcome.MET)
                and policy.status == Policy.Status.PUBLISHED
            ):
                newly += 1
                _tell(policy, by_id[firm.id])
    return newly


def _tell(policy: Policy, organisation: Organisation) -> None:
    notices.send(
        POLICY_QUALIFIES,
        recipients=notices.admins_of(organisation.pk),
        params={"organisation": notices.name_of(organisation), "policy": notices.name_of(policy)},
        url=reverse("policies:detail", args=[policy.pk]),
        about=policy,
    )


def on_organisation_changed(organisation_id: int | None, **_payload) -> None:
    organisations = list(firms_queryset().filter(pk=organisation_id))
    if organisations:
        recompute(Policy.objects.exclude(status=Policy.Status.DRAFT), organisations)


# Records the record criteria read (journeys, requests, memberships): their firm is recomputed.
def on_project_changed(project_id: int, **_payload) -> None:
    from qiao.pipeline.models import Project

    on_organisation_changed(
        Project.objects.filter(pk=project_id).values_list("organisation_id", flat=True).first()
    )


def on_service_request_changed(service_request_id: int, **_payload) -> None:
    from qiao.servicedesk.models import ServiceRequest

    rows = ServiceRequest.objects.filter(pk=service_request_id)
    on_organisation_changed(rows.values_list("organisation_id", flat=True).first())


def on_membership_changed(membership_id: int, **_payload) -> None:
    from qiao.alliances.models import AllianceMembership

    rows = AllianceMembership.objects.filter(pk=membership_id)
    on_organisation_changed(rows.values_list("member_id", flat=True).first())


def on_policy_changed(policy_id: int, published: bool = False, **_payload) -> int:
    """Recompute one policy for every firm (run by the worker: ``tasks.recompute_policy``)."""
    policy = Policy.objects.filter(pk=policy_id).first()
    if policy is None:
        return 0
    return recompute([policy], firms_queryset(), announce=published)
