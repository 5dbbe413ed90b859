"""Writes on indicators, campaigns and firms' forms; figures are stored when a form is accepted.

Every service takes the acting user (``by``), asks the policy, writes through
``qiao.core.writes`` (audited in the same transaction) and tells people after commit.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from qiao.core import audit, effects, policy, writes
from qiao.directory.models import Membership
from qiao.inbox import notices
from qiao.reporting import checks, prefill
from qiao.reporting import notices as texts
from qiao.reporting.models import Campaign, Entry, Figure, Indicator, Submission

REMIND_DAYS_BEFORE = 3
OPEN_STATUSES = (Submission.Status.DRAFT, Submission.Status.RETURNED)


def create_indicator(*, by, data: Mapping) -> Indicator:
    policy.authorize(by, "reporting.change_indicator")
    return writes.create(
        Indicator, actor=by, data=data, allowed={"code", "derived_from", *Indicator.EDITABLE_FIELDS}
    )


def update_indicator(*, by, indicator: Indicator, data: Mapping, version: int | None = None):
    policy.authorize(by, "reporting.change_indicator", indicator)
    return writes.update(
        indicator, actor=by, data=data, allowed=Indicator.EDITABLE_FIELDS, version=version
    )


def _admins(organisation_ids: Iterable[int]):
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__organisation_id__in=list(organisation_ids),
            memberships__role=Membership.Role.ADMIN,
        )
        .distinct()
    )


def _params(campaign: Campaign) -> dict:
    return {
        "period": campaign.period,
        "due": campaign.due_on.isoformat(),
        "campaign": campaign.title,
    }


@transaction.atomic
def open_campaign(
    *, by, title: str, period: str, due_on: datetime.date, indicators, organisation_ids
) -> Campaign:
    """Open the campaign, pre-fill every firm's form and tell each firm's admins."""
    policy.authorize(by, "reporting.open_campaign")
    indicators = list(indicators)
    organisation_ids = sorted(set(organisation_ids))
    if not indicators:
        raise ValidationError({"indicators": _("Choose at least one indicator.")})
    if not organisation_ids:
        raise ValidationError({"organisations": _("Choose at least one firm.")})
    campaign = writes.create(
        Campaign,
        actor=by,
        data={"title": title, "period": period, "due_on": due_on, "indicators": indicators},
        allowed={"title", "period", "due_on", "indicators"},
        fixed={"opened_by": by},
    )
    made = prefill.fill_campaign(campaign, organisation_ids)
    audit.record_import(
        model=Submission,
        actor=by,
        counts={"submissions": len(organisation_ids), "entries": made},
        note=str(campaign),
    )
    notices.send(
        texts.FORM_TO_FILL,
        recipients=_admins(organisation_ids),
        params=_params(campaign),
        url=reverse("reporting:campaign_list"),
        about=campaign,
        exclude=[by],
    )
    return campaign


def _require_open(submission: Submission) -> None:
    if submission.status not in OPEN_STATUSES or submission.campaign.status != "open":
        raise ValidationError(_("This form can no longer be changed."))


@transaction.atomic
def save_entries(
    *, by, submission: Submission, values: Mapping[int, tuple[Decimal | None, str]], version=None
) -> Submission:
    """Save the firm's values (by entry id) and flag the jumps that need an explanation."""
    policy.authorize(by, "reporting.fill_submission", submission)
    locked = Submission.objects.select_for_update().get(pk=submission.pk)
    writes.check_version(locked, submission.version if version is None else version)
    submission.status, submission.version = locked.status, locked.version
    _require_open(submission)
    changed = False
    for entry in submission.entries.select_related("indicator"):
        if entry.pk not in values:
            continue
        value, explanation = values[entry.pk]
        jump = checks.is_jump(entry.previous, value, entry.indicator.jump_threshold)
        changed |= bool(
            writes.update(
                entry,
                actor=by,
                data={"value": value, "explanation": explanation.strip(), "is_jump": jump},
                allowed={"value", "explanation", "is_jump"},
            )
        )
    if changed:
        writes.bump_version(submission, touch_updated_at=True)
    return submission


def problems(submission: Submission) -> list[str]:
    """Return why the form cannot be signed off yet (empty: it can)."""
    found = []
    for entry in submission.entries.select_related("indicator"):
        if entry.value is None:
            found.append(_("%(indicator)s: no value.") % {"indicator": entry.indicator.name})
        elif entry.is_jump and not entry.explanation:
            found.append(
                _("%(indicator)s: changed by more than %(threshold)d%% since last period; explain.")
                % {"indicator": entry.indicator.name, "threshold": entry.indicator.jump_threshold}
            )
    return found


@transaction.atomic
def sign_off_submission(*, by, submission: Submission, version=None) -> Submission:
    """Sign the form off (the firm's admin) and tell the operators."""
    policy.authorize(by, "reporting.sign_submission", submission)
    _require_open(submission)
    found = problems(submission)
    if found:
        raise ValidationError(found)
    writes.update(
        submission,
        actor=by,
        data={"status": Submission.Status.SIGNED, "signed_by": by, "signed_at": timezone.now()},
        allowed={"status", "signed_by", "signed_at"},
        version=version,
    )
    notices.send(
        texts.FORM_SIGNED,
        recipients=notices.operators(),
        params={
            "organisation": notices.name_of(submission.organisation),
            "period": submission.campaign.period,
        },
        url=reverse("reporting:campaign_detail", args=[submission.campaign_id]),
        about=submission.campaign,
        exclude=[by],
    )
    return submission


def _store_figure(*, by, submission: Submission, entry: Entry) -> None:
    period = submission.campaign.period
    existing = Figure.objects.filter(
        organisation_id=submission.organisation_id, indicator_id=entry.indicator_id, period=period
    ).first()
    data = {"value": entry.value, "source": Figure.Source.REPORTED, "note": entry.explanation}
    if existing is None:
        writes.create(
            Figure,
            actor=by,
            data=data,
            allowed=set(data),
            fixed={
                "organisation_id": submission.organisation_id,
                "indicator_id": entry.indicator_id,
                "period": period,
            },
        )
    else:
        writes.update(existing, actor=by, data=data, allowed=set(data))


@transaction.atomic
def accept_submission(*, by, submission: Submission, version=None) -> Submission:
    """Accept a signed form: its values become the firm's figures for the period."""
    policy.authorize(by, "reporting.review_submission", submission)
    if submission.status != Submission.Status.SIGNED:
        raise ValidationError(_("Only a signed-off form can be accepted or returned."))
    writes.update(
        submission,
        actor=by,
        data={"status": Submission.Status.ACCEPTED, "return_reason": ""},
        allowed={"status", "return_reason"},
        version=version,
    )
    for entry in submission.entries.all():
        if entry.value is not None:
            _store_figure(by=by, submission=submission, entry=entry)
    effects.emit("figures_changed", submission_id=submission.pk)
    _tell_firm(texts.FORM_ACCEPTED, submission, by, {})
    return submission


@transaction.atomic
def return_submission(*, by, submission: Submission, reason: str, version=None) -> Submission:
    """Send a signed form back to the firm with the operator's reason."""
    policy.authorize(by, "reporting.review_submission", submission)
    if submission.status != Submission.Status.SIGNED:
        raise ValidationError(_("Only a signed-off form can be accepted or returned."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the form goes back.")})
    writes.update(
        submission,
        actor=by,
        data={"status": Submission.Status.RETURNED, "return_reason": reason},
        allowed={"status", "return_reason"},
        version=version,
    )
    _tell_firm(texts.FORM_RETURNED, submission, by, {"reason": reason})
    return submission


def _tell_firm(notice, submission: Submission, by, extra: dict) -> None:
    notices.send(
        notice,
        recipients=notices.admins_of(submission.organisation_id),
        params={"period": submission.campaign.period, **extra},
        url=reverse("reporting:submission_detail", args=[submission.pk]),
        about=submission,
        exclude=[by],
    )


def send_reminders(*, today: datetime.date) -> int:
    """Remind the admins of firms with unfinished forms, once before and once after the due
    date; return how many campaigns reminded."""
    reminded = 0
    for campaign in Campaign.objects.filter(status=Campaign.Status.OPEN):
        due_soon = campaign.due_on - datetime.timedelta(days=REMIND_DAYS_BEFORE) <= today
        if today > campaign.due_on and campaign.reminded_after_at is None:
            reminded += _remind(campaign, texts.OVERDUE, "reminded_after_at")
        elif due_soon and today <= campaign.due_on and campaign.reminded_before_at is None:
            reminded += _remind(campaign, texts.DUE_SOON, "reminded_before_at")
    return reminded


@transaction.atomic
def _remind(campaign: Campaign, notice, stamp: str) -> int:
    late = campaign.submissions.filter(status__in=OPEN_STATUSES).values_list(
        "organisation_id", flat=True
    )
    writes.update(campaign, actor=None, data={stamp: timezone.now()}, allowed={stamp})
    notices.send(
        notice,
        recipients=_admins(late),
        params=_params(campaign),
        url=reverse("reporting:campaign_list"),
        about=f"{notice.key}:{campaign.pk}",
    )
    return 1
