"""Write operations of the pipeline: introductions, their status, next action and messages.

Every change goes through ``qiao.core.writes`` (audited in core's trail, versions checked)
after one rule of ``qiao.pipeline.policies``; status and broker steps are also kept in the
introduction's status history (``IntroductionEvent``, what the insights time). E-mails,
inbox notices and the ``introduction_changed`` effect go out after commit, so a rolled-back
change tells nobody anything.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from qiao.core import effects, policy, writes
from qiao.inbox import notices
from qiao.market import services as market_services
from qiao.matching.models import Match
from qiao.pipeline import notices as pipeline_notices
from qiao.pipeline import policies  # noqa: F401  (registers the rules)
from qiao.pipeline.models import Introduction, IntroductionEvent, IntroductionMessage

Status = Introduction.Status

# target status: the statuses it may come from
TRANSITIONS: dict[str, set[str]] = {
    Status.ACCEPTED: {Status.PROPOSED},
    Status.DECLINED: {Status.PROPOSED},
    Status.MEETING_HELD: {Status.ACCEPTED},
    Status.NDA_SIGNED: {Status.ACCEPTED, Status.MEETING_HELD},
    Status.NEGOTIATING: {Status.MEETING_HELD, Status.NDA_SIGNED},
    Status.AGREEMENT_SIGNED: {Status.NEGOTIATING, Status.NDA_SIGNED},
    Status.DROPPED: {
        Status.PROPOSED,
        Status.ACCEPTED,
        Status.MEETING_HELD,
        Status.NDA_SIGNED,
        Status.NEGOTIATING,
    },
}
# Only the receiving side (or an operator) answers a proposal.
RECEIVER_ONLY = {Status.ACCEPTED, Status.DECLINED}
NEEDS_REASON = {Status.DECLINED, Status.DROPPED}


def _party_ids(introduction: Introduction) -> set[int]:
    return {introduction.requesting_organisation_id, introduction.receiving_organisation_id}


def record_event(introduction: Introduction, *, actor, field: str, old, new) -> None:
    """Add a step to the status history (``field`` is "status" or "broker")."""
    IntroductionEvent.objects.create(
        introduction=introduction,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        at=timezone.now(),
        field=field,
        old_value="" if old is None else str(old),
        new_value="" if new is None else str(new),
    )


def check_version(instance, version: int | None) -> None:
    """Raise Conflict now if the user's version is stale, before a check that would
    otherwise answer in terms of the other person's change (a status already moved)."""
    writes.update(instance, actor=None, data={}, allowed=(), version=version)


def _changed(introduction: Introduction) -> None:
    effects.emit("introduction_changed", introduction_id=introduction.pk)


@transaction.atomic
def propose_introduction_from_match(*, match: Match, broker, note: str = "") -> Introduction:
    """Turn a match into a proposed introduction between the two organisations (operators)."""
    policy.authorize(broker, "pipeline.propose_introduction", match)
    return _create_from_match(match=match, broker=broker, requested_by=None, note=note)


@transaction.atomic
def request_introduction(*, match: Match, requested_by, note: str = "") -> Introduction:
    """Let the listing's own side ask the operators to introduce them to a match."""
    policy.authorize(requested_by, "pipeline.request_introduction", match)
    return _create_from_match(match=match, broker=None, requested_by=requested_by, note=note)


INTRODUCTION_FIELDS = {"note"}


def _create_from_match(*, match: Match, broker, requested_by, note: str) -> Introduction:
    listing = match.listing
    counterpart = match.counterpart_listing
    receiving_id = counterpart.organisation_id if counterpart else match.counterpart_organisation_id
    if receiving_id == listing.organisation_id:
        raise ValidationError(_("Both sides belong to the same organisation."))
    existing = Introduction.objects.filter(match=match).first()
    if existing is not None:
        if existing.broker_id is None and broker is not None:
            take_introduction(introduction=existing, broker=broker)
        return existing
    introduction = writes.create(
        Introduction,
        actor=broker or requested_by,
        data={"note": note},
        allowed=INTRODUCTION_FIELDS,
        fixed={
            "match": match,
            "requesting_organisation_id": listing.organisation_id,
            "receiving_organisation_id": receiving_id,
            "broker": broker,
            "requested_by": requested_by,
            "status_changed_at": timezone.now(),
        },
    )
    named = [listing] + ([counterpart] if counterpart else [])
    introduction.listings.set(named)
    market_services.record_introduction(
        listing_ids=[x.pk for x in named], at=introduction.created_at
    )
    record_event(
        introduction, actor=broker or requested_by, field="status", old="", new=Status.PROPOSED
    )
    _changed(introduction)
    if broker is not None:
        transaction.on_commit(lambda: _notify_parties(introduction, exclude=broker))
    else:
        notices.send(
            pipeline_notices.INTRODUCTION_REQUESTED,
            recipients=notices.operators(),
            params=pipeline_notices.pair(introduction),
            url=pipeline_notices.introduction_url(introduction),
            about=introduction,
            exclude=[requested_by],
        )
    return introduction


@transaction.atomic
def record_introduction_after_meeting(
    *,
    requesting_organisation_id: int,
    receiving_organisation_id: int,
    broker,
    note: str = "",
    convened_by_id: int | None = None,
) -> Introduction:
    """Record two organisations that have already met (at an event) as an introduction.

    It starts at “meeting held”. The caller checks that ``broker`` may do this (for events:
    the event's organiser); the parties are told after commit. ``convened_by_id`` is the
    organisation whose event they met at: its admins may follow the introduction
    (``selectors.list_visible_introductions``), read-only.
    """
    ids = {requesting_organisation_id, receiving_organisation_id}
    policy.authorize(broker, "pipeline.record_met_introduction", ids)
    if requesting_organisation_id == receiving_organisation_id:
        raise ValidationError(_("Both sides belong to the same organisation."))
    introduction = writes.create(
        Introduction,
        actor=broker,
        data={"note": note},
        allowed=INTRODUCTION_FIELDS,
        fixed={
            "requesting_organisation_id": requesting_organisation_id,
            "receiving_organisation_id": receiving_organisation_id,
            "broker": broker,
            "convened_by_id": convened_by_id,
            "status": Status.MEETING_HELD,
            "status_changed_at": timezone.now(),
        },
    )
    record_event(introduction, actor=broker, field="status", old="", new=Status.MEETING_HELD)
    _changed(introduction)
    transaction.on_commit(lambda: _notify_parties(introduction, exclude=broker))
    return introduction


@transaction.atomic
def take_introduction(
    *, introduction: Introduction, broker, version: int | None = None
) -> Introduction:
    """An operator becomes the broker of a requested introduction; the parties are told."""
    policy.authorize(broker, "pipeline.take_introduction", introduction)
    old = introduction.broker_id
    writes.update(
        introduction, actor=broker, data={"broker": broker}, allowed={"broker"}, version=version
    )
    record_event(introduction, actor=broker, field="broker", old=old, new=broker.pk)
    _changed(introduction)
    transaction.on_commit(lambda: _notify_parties(introduction, exclude=broker))
    return introduction


def _check_transition(introduction: Introduction, status: str) -> None:
    if introduction.status not in TRANSITIONS.get(status, set()):
        raise ValidationError(
            _("An introduction that is “%(current)s” cannot become “%(target)s”.")
            % {
                "current": introduction.get_status_display(),
                "target": Status(status).label if status in Status.values else status,
            }
        )


def move_status(introduction: Introduction, *, status: str, actor, reason: str = "", version=None):
    """Apply an allowed transition: audited, kept in the status history, told after commit.

    Callers have checked the policy (the agreement's recording moves its introduction too).
    """
    _check_transition(introduction, status)
    old = introduction.status
    data = {"status": status}
    if status in NEEDS_REASON:
        data["drop_reason"] = reason.strip()
    writes.update(
        introduction, actor=actor, data=data, allowed={"status", "drop_reason"}, version=version
    )
    # When the status last moved: derived, like updated_at; the audit entry above has it.
    introduction.status_changed_at = timezone.now()
    Introduction.objects.filter(pk=introduction.pk).update(
        status_changed_at=introduction.status_changed_at
    )
    record_event(introduction, actor=actor, field="status", old=old, new=status)
    _changed(introduction)
    transaction.on_commit(lambda: _notify_parties(introduction, exclude=actor))


@transaction.atomic
def change_introduction_status(
    *,
    introduction: Introduction,
    status: str,
    changed_by,
    reason: str = "",
    version: int | None = None,
) -> Introduction:
    """Move the introduction one step; declining or dropping needs a reason."""
    policy.authorize(changed_by, "pipeline.change_introduction_status", (introduction, status))
    check_version(introduction, version)
    _check_transition(introduction, status)
    if status in NEEDS_REASON and not reason.strip():
        raise ValidationError({"reason": _("Say why.")})
    move_status(introduction, status=status, actor=changed_by, reason=reason, version=version)
    return introduction


@transaction.atomic
def set_next_action(
    *,
    introduction: Introduction,
    next_action: str,
    due: date | None,
    set_by,
    version: int | None = None,
) -> Introduction:
    """Set what happens next and by when (the broker's work queue flags it when overdue)."""
    policy.authorize(set_by, "pipeline.change_introduction", introduction)
    changed = writes.update(
        introduction,
        actor=set_by,
        data={"next_action": next_action.strip()[:200], "next_action_due": due},
        allowed={"next_action", "next_action_due"},
        version=version,
    )
    if changed:
        _changed(introduction)
    return introduction


@transaction.atomic
def post_message(*, introduction: Introduction, author, body: str) -> IntroductionMessage:
    """Post a message to the introduction; the others get an inbox notice and an e-mail."""
    policy.authorize(author, "pipeline.change_introduction", introduction)
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Write a message.")})
    message = writes.create(
        IntroductionMessage,
        actor=author,
        data={"body": body[:10000]},
        allowed={"body"},
        fixed={"introduction": introduction, "author": author},
    )
    _changed(introduction)
    transaction.on_commit(lambda: _notify_message(message))
    return message


def _recipients(introduction: Introduction, *, exclude):
    users = get_user_model().objects.filter(
        memberships__organisation_id__in=_party_ids(introduction), is_active=True
    )
    if introduction.broker_id:
        users = users | get_user_model().objects.filter(pk=introduction.broker_id, is_active=True)
    users = users.distinct()
    return users.exclude(pk=exclude.pk) if exclude is not None else users


def _notify_parties(introduction: Introduction, *, exclude) -> None:
    notices.send(
        pipeline_notices.INTRODUCTION_STATUS,
        recipients=_recipients(introduction, exclude=exclude),
        params={
            **pipeline_notices.pair(introduction),
            "status": pipeline_notices.label_in_both(introduction, "get_status_display"),
        },
        url=pipeline_notices.introduction_url(introduction),
        about=introduction,
    )


def _notify_message(message: IntroductionMessage) -> None:
    introduction = message.introduction
    recipients = list(_recipients(introduction, exclude=message.author))
    url = pipeline_notices.introduction_url(introduction)
    notices.send(
        pipeline_notices.INTRODUCTION_MESSAGE,
        recipients=recipients,
        params=pipeline_notices.pair(introduction),
        url=url,
        about=f"{introduction._meta.label_lower}:{introduction.pk}:messages",
    )
    for user in recipients:
        with translation.override(user.language):
            send_mail(
                _("Qiao: a new message in an introduction"),
                _("%(author)s wrote:\n\n%(body)s\n\nReply on Qiao: %(link)s")
                % {
                    "author": message.author,
                    "body": message.body,
                    "link": settings.QIAO_BASE_URL + url,
                },
                None,
                [user.email],
            )
