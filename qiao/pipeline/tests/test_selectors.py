"""Pipeline selectors: who sees which introductions, and the broker's work queue."""

from datetime import date, timedelta

import pytest
from django.http import Http404
from django.utils import timezone

from qiao.directory.tests.factories import OrganisationFactory, UserFactory, make_member
from qiao.market.models import Listing
from qiao.market.tests.factories import make_listing
from qiao.matching.models import Match
from qiao.pipeline import selectors, services
from qiao.pipeline.models import Introduction

pytestmark = pytest.mark.django_db

Status = Introduction.Status
TODAY = date(2026, 3, 10)


def introduce(*, need_of, offer_of, broker=None, requested_by=None) -> Introduction:
    """An introduction between a fresh need of ``need_of`` and a fresh offer of ``offer_of``."""
    match = Match.objects.create(
        listing=make_listing(organisation=need_of, kind="clinical"),
        counterpart_listing=make_listing(organisation=offer_of),
        score=0.5,
        rank=1,
        reasons=[],
    )
    if broker is not None:
        return services.propose_introduction_from_match(match=match, broker=broker)
    return services.request_introduction(match=match, requested_by=requested_by)


def due_on(introduction: Introduction, due: date | None) -> Introduction:
    Introduction.objects.filter(pk=introduction.pk).update(next_action_due=due)
    return introduction


def closed(introduction: Introduction, status: str) -> Introduction:
    Introduction.objects.filter(pk=introduction.pk).update(status=status)
    return introduction


def aged_need(organisation, *, days: float, **fields) -> Listing:
    need = make_listing(organisation=organisation, kind="clinical", **fields)
    Listing.objects.filter(pk=need.pk).update(published_at=timezone.now() - timedelta(days=days))
    return need


def pks(rows) -> list[int]:
    return [row.pk for row in rows]


# --- visibility -------------------------------------------------------------------------------


def test_members_see_only_their_organisations_introductions(
    organisation, other_organisation, member, operator
):
    ours = introduce(need_of=organisation, offer_of=other_organisation, broker=operator)
    theirs = introduce(need_of=OrganisationFactory(), offer_of=organisation, broker=operator)
    introduce(need_of=other_organisation, offer_of=OrganisationFactory(), broker=operator)

    visible = selectors.list_visible_introductions(viewer=member)

    assert sorted(pks(visible)) == sorted([ours.pk, theirs.pk])


def test_operators_see_every_introduction(organisation, other_organisation, operator):
    first = introduce(need_of=organisation, offer_of=other_organisation, broker=operator)
    second = introduce(
        need_of=OrganisationFactory(), offer_of=OrganisationFactory(), broker=operator
    )

    visible = selectors.list_visible_introductions(viewer=UserFactory(is_operator=True))

    assert sorted(pks(visible)) == sorted([first.pk, second.pk])


def test_a_third_organisation_gets_404_for_an_introduction(
    organisation, other_organisation, operator
):
    introduction = introduce(need_of=organisation, offer_of=other_organisation, broker=operator)

    with pytest.raises(Http404):
        selectors.access_introduction(
            viewer=make_member(OrganisationFactory()), introduction_id=introduction.pk
        )


# --- the broker's queue -----------------------------------------------------------------------


def test_the_queue_lists_the_brokers_overdue_introductions_most_overdue_first(
    organisation, other_organisation, operator
):
    def mine():
        return introduce(need_of=organisation, offer_of=other_organisation, broker=operator)

    week_late = due_on(mine(), TODAY - timedelta(days=7))
    day_late = due_on(mine(), TODAY - timedelta(days=1))
    due_on(mine(), TODAY)
    due_on(mine(), TODAY + timedelta(days=3))
    due_on(mine(), None)
    closed(due_on(mine(), TODAY - timedelta(days=30)), Status.DROPPED)
    someone_elses = introduce(
        need_of=organisation, offer_of=other_organisation, broker=UserFactory(is_operator=True)
    )
    due_on(someone_elses, TODAY - timedelta(days=5))

    queue = selectors.get_broker_queue(broker=operator, today=TODAY)

    assert pks(queue.overdue) == [week_late.pk, day_late.pk]


def test_the_brokers_own_list_puts_overdue_first_and_undated_last(
    organisation, other_organisation, operator
):
    def mine():
        return introduce(need_of=organisation, offer_of=other_organisation, broker=operator)

    undated = due_on(mine(), None)
    later = due_on(mine(), TODAY + timedelta(days=3))
    overdue = due_on(mine(), TODAY - timedelta(days=2))
    closed(due_on(mine(), TODAY - timedelta(days=9)), Status.AGREEMENT_SIGNED)

    queue = selectors.get_broker_queue(broker=operator, today=TODAY)

    assert pks(queue.mine) == [overdue.pk, later.pk, undated.pk]


def test_the_queue_lists_open_requests_without_a_broker_oldest_first(
    organisation, other_organisation, member, operator
):
    first = introduce(need_of=organisation, offer_of=other_organisation, requested_by=member)
    second = introduce(need_of=organisation, offer_of=other_organisation, requested_by=member)
    Introduction.objects.filter(pk=first.pk).update(created_at=timezone.now() - timedelta(days=2))
    closed(
        introduce(need_of=organisation, offer_of=other_organisation, requested_by=member),
        Status.DECLINED,
    )
    introduce(need_of=organisation, offer_of=other_organisation, broker=operator)

    queue = selectors.get_broker_queue(broker=operator, today=TODAY)

    assert pks(queue.requested) == [first.pk, second.pk]
    assert queue.overdue == []


def test_a_taken_request_leaves_the_requested_list(
    organisation, other_organisation, member, operator
):
    requested = introduce(need_of=organisation, offer_of=other_organisation, requested_by=member)
    services.take_introduction(introduction=requested, broker=operator)

    queue = selectors.get_broker_queue(broker=operator, today=TODAY)

    assert queue.requested == []
    assert pks(queue.mine) == [requested.pk]


def test_the_queue_lists_published_needs_nobody_has_introduced_for_the_set_days(
    organisation, other_organisation, operator, settings
):
    settings.QIAO_UNANSWERED_DAYS = 14
    oldest = aged_need(organisation, days=40, title_zh="最久无人问津")
    just_old_enough = aged_need(organisation, days=14.01, title_zh="刚满两周")
    aged_need(organisation, days=13, title_zh="还不到两周")
    introduced = aged_need(organisation, days=30, title_zh="已有对接")
    Match.objects.create(
        listing=introduced,
        counterpart_listing=make_listing(organisation=other_organisation),
        score=0.5,
        rank=1,
        reasons=[],
    )
    services.propose_introduction_from_match(match=introduced.matches.get(), broker=operator)
    old_offer = make_listing(organisation=organisation, title_zh="老的技术成果")
    Listing.objects.filter(pk=old_offer.pk).update(published_at=timezone.now() - timedelta(40))
    aged_need(organisation, days=40, status=Listing.Status.CLOSED, title_zh="已关闭")

    queue = selectors.get_broker_queue(broker=operator, today=timezone.localdate())

    assert pks(queue.unanswered_needs) == [oldest.pk, just_old_enough.pk]
    assert queue.unanswered_days == 14


def test_a_frozen_today_also_ages_the_needs(organisation, operator, settings):
    settings.QIAO_UNANSWERED_DAYS = 14
    need = aged_need(organisation, days=5)

    queue = selectors.get_broker_queue(
        broker=operator, today=timezone.localdate() + timedelta(days=10)
    )

    assert pks(queue.unanswered_needs) == [need.pk]


def test_the_queue_is_read_in_a_fixed_number_of_queries(
    organisation, other_organisation, member, operator, django_assert_max_num_queries
):
    today = timezone.localdate()  # aged_need ages from the real clock
    for _ in range(3):
        due_on(
            introduce(need_of=organisation, offer_of=other_organisation, broker=operator),
            today - timedelta(days=1),
        )
        introduce(need_of=organisation, offer_of=other_organisation, requested_by=member)
        aged_need(organisation, days=30)

    with django_assert_max_num_queries(4):
        queue = selectors.get_broker_queue(broker=operator, today=today)
        names = [i.requesting_organisation.name_zh for i in queue.mine + queue.requested]
        names += [need.organisation.name_zh for need in queue.unanswered_needs]

    assert len(names) == 9
