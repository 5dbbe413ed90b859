"""Writes for support policies: catalogue, publication, firms' flags and applications."""

from __future__ import annotations

import secrets
from typing import Any

from django.db import transaction

from qiao.core import effects, policy, writes
from qiao.directory.models import Organisation
from qiao.policies.models import Application, FeedToken, Policy, StatusFlag

POLICY_FIELDS = frozenset(
    {
        "title_zh", "title_en", "number", "issuer", "level", "source_url", "summary_zh",
        "summary_en", "benefit_kind", "amount", "rate", "opens_on", "closes_on", "materials",
        "office", "phone", "criteria",
    }
)  # fmt: skip
APPLICATION_FIELDS = frozenset(
    {"status", "applied_on", "decided_on", "amount_granted", "amount_received", "paid_on", "note"}
)


@transaction.atomic
def create_policy(*, by, **fields: Any) -> Policy:
    policy.authorize(by, "policies.change_policy")
    created = writes.create(Policy, actor=by, data=fields, allowed=POLICY_FIELDS)
    effects.emit("policy_changed", policy_id=created.pk)
    return created


@transaction.atomic
def update_policy(*, by, policy_obj: Policy, version: int | None = None, **fields: Any) -> Policy:
    policy.authorize(by, "policies.change_policy", policy_obj)
    if writes.update(policy_obj, actor=by, data=fields, allowed=POLICY_FIELDS, version=version):
        effects.emit("policy_changed", policy_id=policy_obj.pk)
    return policy_obj


@transaction.atomic
def set_policy_status(*, by, policy_obj: Policy, status: str, version: int | None = None):
    """Publish or close a policy; publishing tells the admins of firms that qualify."""
    policy.authorize(by, "policies.change_policy", policy_obj)
    if writes.update(
        policy_obj, actor=by, data={"status": status}, allowed={"status"}, version=version
    ):
        published = status == Policy.Status.PUBLISHED
        effects.emit("policy_changed", policy_id=policy_obj.pk, published=published)
    return policy_obj


@transaction.atomic
def set_flag(*, by, organisation: Organisation, name: str, **fields: Any) -> StatusFlag:
    """Record whether the firm holds a status (高新技术企业 …); eligibility follows."""
    policy.authorize(by, "policies.set_flag", organisation)
    allowed = {"held", "granted_on", "expires_on"}
    flag = StatusFlag.objects.filter(organisation=organisation, name=name).first()
    if flag is None:
        flag = writes.create(
            StatusFlag, actor=by, data=fields, allowed=allowed,
            fixed={"organisation": organisation, "name": name},
        )  # fmt: skip
    else:
        writes.update(flag, actor=by, data=fields, allowed=allowed)
    effects.emit("organisation_changed", organisation_id=organisation.pk)
    return flag


@transaction.atomic
def record_application(
    *, by, policy_obj: Policy, organisation: Organisation, version: int | None = None,
    **fields: Any,
) -> Application:  # fmt: skip
    """Create or change the firm's application record (applied / approved / rejected)."""
    policy.authorize(by, "policies.record_application", organisation)
    application = Application.objects.filter(policy=policy_obj, organisation=organisation).first()
    if application is None:
        return writes.create(
            Application, actor=by, data=fields, allowed=APPLICATION_FIELDS,
            fixed={"policy": policy_obj, "organisation": organisation},
        )  # fmt: skip
    writes.update(application, actor=by, data=fields, allowed=APPLICATION_FIELDS, version=version)
    return application


def feed_token_for(user) -> FeedToken:
    """The person's secret feed token, made on first use."""
    token, _ = FeedToken.objects.get_or_create(
        user=user, defaults={"token": secrets.token_urlsafe(32)}
    )
    return token
