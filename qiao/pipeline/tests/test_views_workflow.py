"""Pipeline pages: moving an introduction along, next actions, messages and the queue."""

from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from qiao.directory.tests.factories import OrganisationFactory, make_member
from qiao.inbox.models import Notification
from qiao.market.tests.factories import make_listing
from qiao.matching.models import Match
from qiao.pipeline import services
from qiao.pipeline.models import Introduction, IntroductionEvent, IntroductionMessage

pytestmark = pytest.mark.django_db

Status = Introduction.Status


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def flashed(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def match(organisation, other_organisation):
    need = make_listing(organisation=organisation, kind="clinical", title_zh="脓毒症快速检测")
    offer = make_listing(organisation=other_organisation, title_zh="等温扩增检测")
    return Match.objects.create(
        listing=need, counterpart_listing=offer, score=0.8, rank=1, reasons=[]
    )


@pytest.fixture
def introduction(match, operator):
    return services.propose_introduction_from_match(match=match, broker=operator)


@pytest.fixture
def receiver(other_organisation):
    return make_member(other_organisation, language="en")


@pytest.fixture
def outsider(db):
    return make_member(OrganisationFactory())


def detail_url(introduction: Introduction) -> str:
    return f"/pipeline/introductions/{introduction.pk}/"


# --- a third organisation ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("suffix", "data"),
    [
        ("status/", {"status": "dropped", "reason": "不想要了"}),
        ("next-action/", {"next_action": "偷看", "due": "2026-03-02"}),
        ("messages/", {"body": "你好"}),
        ("take/", {}),
    ],
)
def test_a_third_organisation_gets_404_on_every_post_and_changes_nothing(
    introduction, outsider, suffix, data
):
    response = client_of(outsider).post(detail_url(introduction) + suffix, data)

    introduction.refresh_from_db()
    assert response.status_code == 404
    assert introduction.status == Status.PROPOSED
    assert introduction.next_action == ""
    assert IntroductionMessage.objects.count() == 0
    assert IntroductionEvent.objects.filter(introduction=introduction).count() == 1


def test_a_third_organisation_gets_404_on_the_detail_page(introduction, outsider):
    assert client_of(outsider).get(detail_url(introduction)).status_code == 404


def test_a_third_organisation_cannot_introduce_from_the_match(match, outsider):
    response = client_of(outsider).post(f"/pipeline/matches/{match.pk}/introduce/")

    assert response.status_code == 404
    assert Introduction.objects.count() == 0


def test_the_list_page_shows_only_the_viewers_introductions(introduction, member, outsider):
    assert list(client_of(member).get("/pipeline/introductions/").context["introductions"]) == [
        introduction
    ]
    assert list(client_of(outsider).get("/pipeline/introductions/").context["introductions"]) == []


# --- introducing from a match -----------------------------------------------------------------


def test_an_operator_proposes_from_the_match_page(match, operator):
    response = client_of(operator).post(f"/pipeline/matches/{match.pk}/introduce/")

    introduction = Introduction.objects.get()
    assert response.status_code == 302
    assert response.url == detail_url(introduction)
    assert introduction.broker_id == operator.pk
    assert flashed(response) == ["已发起对接引荐。"]


def test_a_member_of_the_listing_side_requests_from_the_match_page(match, member):
    response = client_of(member).post(f"/pipeline/matches/{match.pk}/introduce/")

    introduction = Introduction.objects.get()
    assert response.status_code == 302
    assert response.url == detail_url(introduction)
    assert introduction.broker_id is None
    assert introduction.requested_by_id == member.pk


def test_a_member_of_the_counterpart_side_gets_404_on_the_match(match, receiver):
    response = client_of(receiver).post(f"/pipeline/matches/{match.pk}/introduce/")

    assert response.status_code == 404
    assert Introduction.objects.count() == 0


def test_an_operator_proposing_on_a_requested_match_takes_the_request(match, member, operator):
    client_of(member).post(f"/pipeline/matches/{match.pk}/introduce/")

    client_of(operator).post(f"/pipeline/matches/{match.pk}/introduce/")

    introduction = Introduction.objects.get()
    assert introduction.broker_id == operator.pk
    assert introduction.requested_by_id == member.pk


def test_an_operator_takes_a_request_from_its_page(match, member, operator):
    requested = services.request_introduction(match=match, requested_by=member)

    response = client_of(operator).post(detail_url(requested) + "take/")

    requested.refresh_from_db()
    assert response.status_code == 302
    assert response.url == detail_url(requested)
    assert requested.broker_id == operator.pk


def test_a_member_cannot_take_a_request(match, member):
    requested = services.request_introduction(match=match, requested_by=member)

    response = client_of(member).post(detail_url(requested) + "take/")

    requested.refresh_from_db()
    assert response.status_code == 404
    assert requested.broker_id is None


# --- status -----------------------------------------------------------------------------------


def test_the_receiving_side_is_offered_accept_and_decline(introduction, receiver):
    targets = client_of(receiver).get(detail_url(introduction)).context["targets"]

    assert [status for status, _label in targets] == ["accepted", "declined", "dropped"]


def test_the_proposing_side_is_offered_only_dropping(introduction, member):
    targets = client_of(member).get(detail_url(introduction)).context["targets"]

    assert [status for status, _label in targets] == ["dropped"]


def test_the_receiving_side_accepts_from_the_page(introduction, receiver):
    response = client_of(receiver).post(
        detail_url(introduction) + "status/", {"status": "accepted"}
    )

    introduction.refresh_from_db()
    assert response.status_code == 302
    assert response.url == detail_url(introduction)
    assert introduction.status == Status.ACCEPTED


def test_the_proposing_side_accepting_is_refused_with_a_message(introduction, member):
    response = client_of(member).post(detail_url(introduction) + "status/", {"status": "accepted"})

    introduction.refresh_from_db()
    assert response.status_code == 302
    assert introduction.status == Status.PROPOSED
    assert flashed(response) == ["只有接收方机构可以答复对接建议。"]


def test_declining_without_a_reason_is_refused_with_a_message(introduction, receiver):
    response = client_of(receiver).post(
        detail_url(introduction) + "status/", {"status": "declined", "reason": " "}
    )

    introduction.refresh_from_db()
    assert response.status_code == 302
    assert introduction.status == Status.PROPOSED
    assert flashed(response) == ["请说明原因。"]


def test_an_illegal_status_from_the_page_changes_nothing(introduction, operator):
    response = client_of(operator).post(
        detail_url(introduction) + "status/", {"status": "agreement_signed"}
    )

    introduction.refresh_from_db()
    assert response.status_code == 302
    assert introduction.status == Status.PROPOSED
    assert IntroductionEvent.objects.filter(introduction=introduction).count() == 1


def test_the_parties_read_the_history_in_sentences_without_codes(
    introduction, member, receiver, operator
):
    services.change_introduction_status(
        introduction=introduction, status=Status.ACCEPTED, changed_by=receiver
    )
    page = client_of(member).get(detail_url(introduction), HTTP_ACCEPT_LANGUAGE="zh-hans")
    html = page.content.decode()
    history = html[html.index('data-testid="audit-trail"') :]
    history = history[: history.index("</section>")]
    assert "“已发起”" in history and "“已接受”" in history  # the labels, in Chinese
    assert "proposed" not in history and "accepted" not in history  # never the codes
    assert [e.field for e in IntroductionEvent.objects.filter(introduction=introduction)] == [
        "status",
        "status",
    ]  # the status history the insights time is kept as well


# --- next action and messages -----------------------------------------------------------------


def test_a_party_sets_the_next_action_from_the_page(introduction, member):
    response = client_of(member).post(
        detail_url(introduction) + "next-action/",
        {"next_action": "寄送样品", "due": "2026-03-02"},
    )

    introduction.refresh_from_db()
    assert response.status_code == 302
    assert introduction.next_action == "寄送样品"
    assert introduction.next_action_due == date(2026, 3, 2)


def test_a_bad_due_date_is_refused_with_a_message(introduction, member):
    response = client_of(member).post(
        detail_url(introduction) + "next-action/", {"next_action": "寄送样品", "due": "明天"}
    )

    introduction.refresh_from_db()
    assert introduction.next_action == ""
    assert IntroductionEvent.objects.filter(introduction=introduction).count() == 1
    assert len(flashed(response)) == 1


def test_a_message_from_the_page_reaches_the_others_after_commit(
    introduction, member, receiver, operator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_of(member).post(
            detail_url(introduction) + "messages/", {"body": "下周二见？"}
        )

    assert response.status_code == 302
    assert list(IntroductionMessage.objects.values_list("author_id", "body")) == [
        (member.pk, "下周二见？")
    ]
    assert sorted(Notification.objects.values_list("recipient_id", flat=True)) == sorted(
        [receiver.pk, operator.pk]
    )
    assert sorted(mail.to[0] for mail in mailoutbox) == sorted([receiver.email, operator.email])


def test_an_empty_message_from_the_page_is_refused_with_a_message(
    introduction, member, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_of(member).post(detail_url(introduction) + "messages/", {"body": "  "})

    assert response.status_code == 302
    assert IntroductionMessage.objects.count() == 0
    assert mailoutbox == []
    assert flashed(response) == ["请填写消息内容。"]


# --- the queue --------------------------------------------------------------------------------


def test_the_queue_page_is_404_for_members(introduction, member, org_admin, receiver):
    assert client_of(member).get("/pipeline/queue/").status_code == 404
    assert client_of(org_admin).get("/pipeline/queue/").status_code == 404
    assert client_of(receiver).get("/pipeline/queue/").status_code == 404


def test_the_queue_page_shows_an_operator_the_requests(match, member, operator):
    requested = services.request_introduction(match=match, requested_by=member)

    response = client_of(operator).get("/pipeline/queue/")

    assert response.status_code == 200
    assert [i.pk for i in response.context["queue"].requested] == [requested.pk]
