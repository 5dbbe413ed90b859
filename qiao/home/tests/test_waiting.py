"""What waits on the operators: each count is the number of rows its link lists."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from qiao.directory.tests.factories import make_member
from qiao.events import services as events
from qiao.events.tests.factories import make_participant
from qiao.home import selectors
from qiao.home.tests.factories import article_with, introduce, make_cluster
from qiao.intel.models import Proposal
from qiao.market.tests.factories import make_listing
from qiao.pipeline.models import Introduction

pytestmark = pytest.mark.django_db

Pending, Accepted = Proposal.Status.PENDING, Proposal.Status.ACCEPTED


@pytest.fixture
def cluster(db):
    c = make_cluster()
    operator, public, other = c.operator, c.public, c.other
    # Introductions: two open requests, one taken; one overdue, one overdue but closed.
    for _ in range(2):
        introduce(
            need=make_listing(organisation=public, kind="clinical"),
            offer=make_listing(organisation=other),
            requested_by=make_member(public),
        )
    taken = introduce(
        need=make_listing(organisation=other, kind="clinical"),
        offer=make_listing(organisation=public),
        broker=operator,
    )
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    Introduction.objects.filter(pk=taken.pk).update(next_action_due=yesterday)
    closed = introduce(
        need=make_listing(organisation=other, kind="clinical"),
        offer=make_listing(organisation=public),
        broker=operator,
    )
    Introduction.objects.filter(pk=closed.pk).update(
        next_action_due=yesterday, status=Introduction.Status.DROPPED
    )
    # News: two articles wait for review, one is done.
    article_with(Pending, Accepted, title="待审新闻一")
    article_with(Pending, title="待审新闻二")
    article_with(Accepted, title="已审新闻")
    # Registrations: two wait at the upcoming event, one is approved, one at a draft event.
    upcoming = c.events["upcoming"]
    make_participant(upcoming)
    make_participant(upcoming)
    make_participant(upcoming, approve_by=operator)
    draft = c.events["draft"]
    events.change_event_status(event=draft, status="published", changed_by=operator)
    make_participant(draft)
    events.change_event_status(event=draft, status="cancelled", changed_by=operator)
    return c


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _rows(client, url) -> int:
    context = client.get(url).context
    for name in ("introductions", "registrations"):
        if name in context:
            return len(context[name])
    return context["page"].paginator.count


def test_each_count_is_what_waits(cluster):
    counts = {w.key: w.count for w in selectors.list_waiting(viewer=cluster.operator)}
    assert counts == {
        "listings": 1,  # the need under review
        "requests": 2,  # not the request a broker took
        "overdue": 1,  # not the dropped one
        "news": 2,
        "registrations": 2,  # not the approved one, nor at the cancelled event
        "applications": 0,  # none in this cluster (counted in the test below)
    }


def test_each_count_links_to_a_list_of_exactly_those_items(cluster):
    client = _client(cluster.operator)
    waiting = selectors.list_waiting(viewer=cluster.operator)
    assert {w.key: _rows(client, w.url) for w in waiting} == {w.key: w.count for w in waiting}
    page = client.get("/").content.decode()
    for w in waiting:
        assert f'href="{w.url.replace("&", "&amp;")}" data-testid="waiting-{w.key}"' in page


def test_the_filtered_lists_show_the_waiting_items_by_name(cluster):
    client = _client(cluster.operator)
    assert "待审需求" in client.get("/market/?status=under_review").content.decode()
    news = client.get("/news/?pending=1").content.decode()
    assert "待审新闻一" in news and "待审新闻二" in news and "已审新闻" not in news


def test_members_have_no_waiting_counts_and_no_review_filter(cluster):
    doctor = make_member(cluster.public)
    assert selectors.list_waiting(viewer=doctor) == []
    client = _client(doctor)
    assert 'data-testid="waiting"' not in client.get("/").content.decode()
    assert client.get("/news/?pending=1").context["page"].paginator.count == 3
    assert client.get("/events/registrations/").context["registrations"].count() == 0


def test_an_organisation_admin_sees_the_registrations_of_their_own_events_only(cluster):
    from qiao.directory.models import Membership

    admin = make_member(cluster.other, role=Membership.Role.ADMIN)
    own = events.create_event(
        created_by=admin,
        organiser=cluster.other,
        kind="forum",
        title_zh="另一家的论坛",
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate(),
    )
    events.change_event_status(event=own, status="published", changed_by=admin)
    mine = make_participant(own)
    listed = _client(admin).get("/events/registrations/").context["registrations"]
    assert [r.pk for r in listed] == [mine.pk]


def test_applications_waiting_are_counted_for_the_operator_and_link_to_their_list(cluster):
    from qiao.onboarding.tests.factories import submit

    submit(1)
    submit(2)
    waiting = {w.key: w for w in selectors.list_waiting(viewer=cluster.operator)}
    assert waiting["applications"].count == 2
    assert waiting["applications"].url == "/join/applications/?status=pending"
    listed = _client(cluster.operator).get(waiting["applications"].url)
    assert listed.context["page"].paginator.count == 2
    doctor = make_member(cluster.public)
    assert "applications" not in {w.key for w in selectors.list_waiting(viewer=doctor)}


def test_the_operator_home_reads_in_a_bounded_number_of_queries(
    cluster, django_assert_max_num_queries
):
    client = _client(cluster.operator)
    client.get("/")
    with django_assert_max_num_queries(25):
        client.get("/")
