"""A member's home: their work and what changed since their last visit, never more."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from qiao.core.audit import AuditEntry
from qiao.directory.models import Membership
from qiao.directory.tests.factories import OrganisationFactory, make_member
from qiao.events import services as events
from qiao.home import selectors
from qiao.home.models import HomeVisit
from qiao.home.tests.factories import introduce, make_cluster, match
from qiao.inbox.models import Notification
from qiao.market.models import Listing
from qiao.market.tests.factories import make_listing
from qiao.matching.models import Match
from qiao.pipeline import services as pipeline

pytestmark = pytest.mark.django_db


@pytest.fixture
def cluster(db):
    return make_cluster()


@pytest.fixture
def doctor(cluster):
    return make_member(cluster.public, full_name="李 医生")


def _home(user, **extra):
    client = Client()
    client.force_login(user)
    response = client.get("/", **extra)
    assert response.status_code == 200
    return response


def _seen(user, when):
    HomeVisit.objects.update_or_create(
        user=user, defaults={"last_seen_at": when, "previous_seen_at": None}
    )


def test_my_listings_count_matches_and_new_ones_only_with_counterparts_i_may_see(cluster, doctor):
    need = cluster.listings["public_need"]
    old = match(need, cluster.listings["confidential_offer"])
    Match.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=5))
    match(need, cluster.listings["public_offer"])
    # A listing shared with chosen organisations (not the doctor's) must not count, even
    # as a number: its existence is not the doctor's to know.
    match(need, cluster.listings["chosen_offer"])
    _seen(doctor, timezone.now() - datetime.timedelta(days=3))
    _home(doctor)  # a page view later than the gap starts a new visit
    work = _home(doctor).context["work"]
    mine = {item.listing.pk: (item.matches, item.new_matches) for item in work.listings}
    assert mine[need.pk] == (2, 1)
    instrument = Listing.objects.get(organisation=cluster.public, kind="equipment")
    assert set(mine) == {instrument.pk} | {
        cluster.listings[key].pk
        for key in ("public_need", "public_offer", "members_need", "draft_need", "review_need")
    }


def test_introductions_waiting_for_my_answer_are_proposals_to_my_organisation(cluster, doctor):
    operator = cluster.operator
    to_me = introduce(
        need=make_listing(organisation=cluster.other, kind="clinical"),
        offer=cluster.listings["public_offer"],
        broker=operator,
    )
    from_me = introduce(
        need=cluster.listings["public_need"],
        offer=cluster.listings["confidential_offer"],
        broker=operator,
    )
    requested = introduce(
        need=make_listing(organisation=cluster.other, kind="clinical"),
        offer=make_listing(organisation=cluster.public),
        requested_by=make_member(cluster.other),
    )
    elsewhere = introduce(
        need=make_listing(organisation=cluster.other, kind="clinical"),
        offer=make_listing(organisation=OrganisationFactory()),
        broker=operator,
    )
    work = _home(doctor).context["work"]
    assert [i.pk for i in work.to_answer] == [to_me.pk]
    assert work.to_answer_count == 1
    client = Client()
    client.force_login(doctor)
    listed = client.get("/pipeline/introductions/?show=to_answer").context["introductions"]
    assert [i.pk for i in listed] == [to_me.pk]
    assert {from_me.receiving_organisation_id, requested.broker_id} == {cluster.other.pk, None}
    assert elsewhere.pk not in [i.pk for i in listed]


def test_since_my_last_visit_lists_others_changes_on_what_i_may_see(cluster, doctor):
    operator = cluster.operator
    mine = introduce(
        need=cluster.listings["public_need"],
        offer=cluster.listings["confidential_offer"],
        broker=operator,
    )
    theirs = introduce(
        need=make_listing(organisation=cluster.other, kind="clinical"),
        offer=make_listing(organisation=OrganisationFactory()),
        broker=operator,
    )
    AuditEntry.objects.update(at=timezone.now() - datetime.timedelta(days=2))  # old news
    _seen(doctor, timezone.now() - datetime.timedelta(days=1))
    _home(doctor)
    pipeline.set_next_action(introduction=mine, set_by=operator, next_action="约见面", due=None)
    pipeline.change_introduction_status(introduction=theirs, status="accepted", changed_by=operator)
    Notification.objects.create(
        recipient=doctor,
        kind="new_matches",
        title_zh="3 条新匹配",
        title_en="3 new matches",
        url="/market/",
    )
    Notification.objects.create(
        recipient=make_member(cluster.other),
        kind="new_matches",
        title_zh="别人的通知",
        title_en="Someone else's",
        url="/market/",
    )
    response = _home(doctor)
    news = response.context["news"]
    assert news.first_visit is False
    assert [(e.content_type.model, e.object_id) for e in news.entries] == [
        ("introduction", mine.pk)
    ]
    assert [n.title_zh for n in news.notifications] == ["3 条新匹配"]
    page = response.content.decode()
    assert "约见面" in page and "别人的通知" not in page


def test_my_own_changes_are_not_news_to_me(cluster, doctor):
    intro = introduce(
        need=make_listing(organisation=cluster.other, kind="clinical"),
        offer=cluster.listings["public_offer"],
        broker=cluster.operator,
    )
    AuditEntry.objects.update(at=timezone.now() - datetime.timedelta(days=2))
    _seen(doctor, timezone.now() - datetime.timedelta(days=1))
    _home(doctor)
    pipeline.change_introduction_status(introduction=intro, status="accepted", changed_by=doctor)
    assert _home(doctor).context["news"].entries == []


def test_a_first_visit_looks_back_two_weeks(cluster, doctor):
    news = _home(doctor).context["news"]
    assert news.first_visit is True
    assert timezone.now() - news.since > datetime.timedelta(days=13)


def test_my_events_are_those_i_registered_for_that_are_not_over(cluster, doctor):
    upcoming, past = cluster.events["upcoming"], cluster.events["past"]
    events.register(event=upcoming, user=doctor, organisation=cluster.public)
    events.register(event=past, user=doctor, organisation=cluster.public)
    work = _home(doctor).context["work"]
    assert [r.event_id for r in work.registrations] == [upcoming.pk]


def test_an_organisation_admin_also_gets_the_member_home(cluster):
    admin = make_member(cluster.public, role=Membership.Role.ADMIN)
    response = _home(admin)
    assert [t.name for t in response.templates][0] == "home/member.html"
    assert "waiting" not in response.context


def test_the_member_home_reads_in_a_bounded_number_of_queries(
    cluster, doctor, django_assert_max_num_queries
):
    for key in ("public_need", "members_need", "draft_need"):
        match(cluster.listings[key], cluster.listings["public_offer"])
    client = Client()
    client.force_login(doctor)
    client.get("/")
    with django_assert_max_num_queries(20):
        client.get("/")


def test_selectors_list_my_listings_leaves_out_closed_ones(cluster, doctor):
    titles = {item.title for item in selectors.list_my_listings(viewer=doctor)}
    assert "已关闭成果" not in titles and "草稿需求" in titles
    assert Listing.objects.filter(title_zh="已关闭成果").exists()
