"""Brokers' workload and response times: operators only, computed from the audit trail."""

import datetime
from datetime import timedelta

import pytest
from django.http import Http404
from django.utils import timezone

from qiao.directory.tests.factories import UserFactory, make_member
from qiao.insights.selectors import get_broker_stats
from qiao.market.models import Kind
from qiao.market.tests.factories import make_listing
from qiao.matching.models import Match
from qiao.pipeline import services as pipeline
from qiao.pipeline.models import Introduction, IntroductionEvent

pytestmark = pytest.mark.django_db


def _match(organisation, other_organisation, n):
    need = make_listing(organisation=organisation, kind=Kind.CLINICAL, title_zh=f"需求{n}")
    offer = make_listing(organisation=other_organisation, title_zh=f"技术{n}")
    return Match.objects.create(listing=need, counterpart_listing=offer, score=1, rank=1)


def _backdate(introduction, **ago):
    created = timezone.now() - timedelta(**ago)
    Introduction.objects.filter(pk=introduction.pk).update(created_at=created)
    return created


def test_workload_and_response_times_per_broker(operator, member, organisation, other_organisation):
    other_broker = UserFactory(is_operator=True, full_name="李红娘")
    today = timezone.localdate()

    # A member's request, taken by the operator 6 hours later.
    requested = pipeline.request_introduction(
        match=_match(organisation, other_organisation, 1), requested_by=member
    )
    created = _backdate(requested, hours=30)
    pipeline.take_introduction(introduction=requested, broker=operator)
    IntroductionEvent.objects.filter(introduction=requested, field="broker").update(
        at=created + timedelta(hours=6)
    )
    pipeline.set_next_action(
        introduction=requested, set_by=operator, next_action="打电话", due=today - timedelta(1)
    )
    # The operator's own proposal, answered by the parties 2 days later, then signed.
    proposed = pipeline.propose_introduction_from_match(
        match=_match(organisation, other_organisation, 2), broker=operator
    )
    created = _backdate(proposed, days=5)
    pipeline.change_introduction_status(
        introduction=proposed, status="accepted", changed_by=make_member(other_organisation)
    )
    IntroductionEvent.objects.filter(introduction=proposed, old_value="proposed").update(
        at=created + timedelta(days=2)
    )
    for status in ("meeting_held", "negotiating", "agreement_signed"):
        pipeline.change_introduction_status(
            introduction=proposed, status=status, changed_by=operator
        )
    # The other broker's introduction, still waiting.
    pipeline.propose_introduction_from_match(
        match=_match(organisation, other_organisation, 3), broker=other_broker
    )
    # A request nobody has taken.
    pipeline.request_introduction(
        match=_match(organisation, other_organisation, 4), requested_by=member
    )

    rows = {r.broker_id: r for r in get_broker_stats(viewer=operator, since=today - timedelta(30))}

    mine = rows[operator.pk]
    assert (mine.open, mine.overdue, mine.proposed, mine.signed) == (1, 1, 2, 1)
    assert mine.median_hours_to_take == pytest.approx(6, abs=0.1)
    assert mine.median_days_to_answer == pytest.approx(2, abs=0.05)
    theirs = rows[other_broker.pk]
    assert (theirs.name, theirs.open, theirs.signed, theirs.median_days_to_answer) == (
        "李红娘",
        1,
        0,
        None,
    )
    assert rows[None].open == 1  # waiting for a broker
    later = get_broker_stats(viewer=operator, since=today + timedelta(1))
    assert {r.broker_id: r.proposed for r in later}[operator.pk] == 0


def test_members_may_not_see_brokers_figures(member):
    with pytest.raises(Http404):
        get_broker_stats(viewer=member, since=datetime.date(2026, 1, 1))
