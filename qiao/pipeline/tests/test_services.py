"""Pipeline services: making introductions, moving them along, the audit trail and messages."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qiao.core.audit import list_audit_entries
from qiao.directory.tests.factories import OrganisationFactory, UserFactory, make_member
from qiao.inbox.models import Notification
from qiao.market.tests.factories import make_listing
from qiao.matching.models import Match
from qiao.pipeline import services
from qiao.pipeline.models import Introduction, IntroductionEvent, IntroductionMessage

pytestmark = pytest.mark.django_db

Status = Introduction.Status


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


def put_in(introduction: Introduction, status: str) -> Introduction:
    """Put the introduction straight into ``status``, leaving the audit trail alone."""
    Introduction.objects.filter(pk=introduction.pk).update(status=status)
    introduction.refresh_from_db()
    return introduction


def trail(introduction: Introduction) -> list[tuple]:
    return list(
        IntroductionEvent.objects.filter(introduction=introduction).values_list(
            "actor_id", "field", "old_value", "new_value"
        )
    )


def audited(introduction: Introduction) -> list[tuple]:
    """The introduction's audit entries after its creation: (actor, changes)."""
    return [(e.actor_id, e.changes) for e in list_audit_entries(introduction)][1:]


def recipient_ids() -> list[int]:
    return sorted(Notification.objects.values_list("recipient_id", flat=True))


# --- making introductions -------------------------------------------------------------------


def test_an_operator_proposes_an_introduction_between_the_match_sides(
    match, operator, organisation, other_organisation
):
    introduction = services.propose_introduction_from_match(
        match=match, broker=operator, note="两家都在上海"
    )

    introduction.refresh_from_db()
    assert introduction.status == Status.PROPOSED
    assert introduction.requesting_organisation_id == organisation.pk
    assert introduction.receiving_organisation_id == other_organisation.pk
    assert introduction.broker_id == operator.pk
    assert introduction.requested_by_id is None
    assert introduction.note == "两家都在上海"
    assert sorted(introduction.listings.values_list("pk", flat=True)) == sorted(
        [match.listing_id, match.counterpart_listing_id]
    )
    assert trail(introduction) == [(operator.pk, "status", "", "proposed")]


def test_proposing_tells_both_organisations_but_not_the_broker_after_commit(
    match, operator, member, receiver, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.propose_introduction_from_match(match=match, broker=operator)

    assert recipient_ids() == sorted([member.pk, receiver.pk])


def test_a_member_cannot_propose_an_introduction(match, member):
    with pytest.raises(PermissionDenied):
        services.propose_introduction_from_match(match=match, broker=member)

    assert Introduction.objects.count() == 0


def test_a_member_of_the_listing_side_requests_an_introduction_without_a_broker(
    match, member, operator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        introduction = services.request_introduction(
            match=match, requested_by=member, note="请帮忙联系"
        )

    introduction.refresh_from_db()
    assert introduction.status == Status.PROPOSED
    assert introduction.broker_id is None
    assert introduction.requested_by_id == member.pk
    assert introduction.note == "请帮忙联系"
    assert trail(introduction) == [(member.pk, "status", "", "proposed")]
    # The request waits on the operators: they are told, the parties not yet.
    told = Notification.objects.get(notice="pipeline.introduction_requested", recipient=operator)
    assert not Notification.objects.filter(recipient=member).exists()
    assert told.title_in("zh-hans") == (
        f"{match.listing.organisation.name_zh} 请求与 {introduction.receiving_organisation.name_zh} 对接"
    )
    assert told.url == f"/pipeline/introductions/{introduction.pk}/"


def test_a_member_of_the_counterpart_side_cannot_request_the_introduction(match, receiver):
    with pytest.raises(PermissionDenied):
        services.request_introduction(match=match, requested_by=receiver)

    assert Introduction.objects.count() == 0


def test_an_operator_proposing_on_a_requested_introduction_takes_it(
    match, member, receiver, operator, django_capture_on_commit_callbacks
):
    requested = services.request_introduction(match=match, requested_by=member)

    with django_capture_on_commit_callbacks(execute=True):
        proposed = services.propose_introduction_from_match(match=match, broker=operator)

    requested.refresh_from_db()
    assert proposed.pk == requested.pk
    assert Introduction.objects.count() == 1
    assert requested.broker_id == operator.pk
    assert requested.requested_by_id == member.pk
    assert trail(requested) == [
        (member.pk, "status", "", "proposed"),
        (operator.pk, "broker", "", str(operator.pk)),
    ]
    assert recipient_ids() == sorted([member.pk, receiver.pk])


def test_proposing_on_an_introduction_that_has_a_broker_changes_nothing(match, operator):
    first = services.propose_introduction_from_match(match=match, broker=operator)
    second_operator = UserFactory(is_operator=True)

    again = services.propose_introduction_from_match(match=match, broker=second_operator)

    first.refresh_from_db()
    assert again.pk == first.pk
    assert first.broker_id == operator.pk
    assert trail(first) == [(operator.pk, "status", "", "proposed")]


def test_a_member_cannot_take_an_introduction(match, member):
    requested = services.request_introduction(match=match, requested_by=member)

    with pytest.raises(PermissionDenied):
        services.take_introduction(introduction=requested, broker=member)

    requested.refresh_from_db()
    assert requested.broker_id is None
    assert trail(requested) == [(member.pk, "status", "", "proposed")]


# --- status -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "target", "reason", "drop_reason"),
    [
        (Status.PROPOSED, Status.ACCEPTED, "", ""),
        (Status.PROPOSED, Status.DECLINED, "  暂无预算  ", "暂无预算"),
        (Status.PROPOSED, Status.DROPPED, "对方失联", "对方失联"),
        (Status.ACCEPTED, Status.MEETING_HELD, "", ""),
        (Status.ACCEPTED, Status.NDA_SIGNED, "", ""),
        (Status.ACCEPTED, Status.DROPPED, "方向不符", "方向不符"),
        (Status.MEETING_HELD, Status.NDA_SIGNED, "", ""),
        (Status.MEETING_HELD, Status.NEGOTIATING, "", ""),
        (Status.MEETING_HELD, Status.DROPPED, "方向不符", "方向不符"),
        (Status.NDA_SIGNED, Status.NEGOTIATING, "", ""),
        (Status.NDA_SIGNED, Status.AGREEMENT_SIGNED, "", ""),
        (Status.NDA_SIGNED, Status.DROPPED, "条款谈不拢", "条款谈不拢"),
        (Status.NEGOTIATING, Status.AGREEMENT_SIGNED, "", ""),
        (Status.NEGOTIATING, Status.DROPPED, "条款谈不拢", "条款谈不拢"),
    ],
)
def test_every_legal_transition_changes_the_status_and_records_an_event(
    introduction, operator, source, target, reason, drop_reason
):
    put_in(introduction, source)

    services.change_introduction_status(
        introduction=introduction, status=target, changed_by=operator, reason=reason
    )

    introduction.refresh_from_db()
    assert introduction.status == target
    assert introduction.drop_reason == drop_reason
    assert introduction.status_changed_at is not None
    assert trail(introduction)[1:] == [(operator.pk, "status", source, target)]


@pytest.mark.parametrize(
    ("source", "target"),
    [
        (Status.PROPOSED, Status.NEGOTIATING),
        (Status.PROPOSED, Status.AGREEMENT_SIGNED),
        (Status.ACCEPTED, Status.PROPOSED),
        (Status.DECLINED, Status.ACCEPTED),
        (Status.AGREEMENT_SIGNED, Status.DROPPED),
        (Status.DROPPED, Status.NEGOTIATING),
        (Status.PROPOSED, "bogus"),
    ],
)
def test_an_illegal_transition_is_refused_and_changes_nothing(
    introduction, operator, source, target, django_capture_on_commit_callbacks
):
    put_in(introduction, source)
    changed_at = introduction.status_changed_at

    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(ValidationError):
            services.change_introduction_status(
                introduction=introduction, status=target, changed_by=operator, reason="理由"
            )

    introduction.refresh_from_db()
    assert introduction.status == source
    assert introduction.status_changed_at == changed_at
    assert introduction.drop_reason == ""
    assert trail(introduction) == [(operator.pk, "status", "", "proposed")]
    assert Notification.objects.count() == 0


def test_a_member_of_the_receiving_side_accepts(introduction, receiver):
    services.change_introduction_status(
        introduction=introduction, status=Status.ACCEPTED, changed_by=receiver
    )

    introduction.refresh_from_db()
    assert introduction.status == Status.ACCEPTED
    assert trail(introduction)[1:] == [(receiver.pk, "status", "proposed", "accepted")]


@pytest.mark.parametrize("target", [Status.ACCEPTED, Status.DECLINED])
def test_a_member_of_the_proposing_side_cannot_answer_the_proposal(introduction, member, target):
    with pytest.raises(PermissionDenied):
        services.change_introduction_status(
            introduction=introduction, status=target, changed_by=member, reason="理由"
        )

    introduction.refresh_from_db()
    assert introduction.status == Status.PROPOSED
    assert len(trail(introduction)) == 1


def test_a_member_of_the_proposing_side_moves_an_accepted_introduction_on(introduction, member):
    put_in(introduction, Status.ACCEPTED)

    services.change_introduction_status(
        introduction=introduction, status=Status.MEETING_HELD, changed_by=member
    )

    introduction.refresh_from_db()
    assert introduction.status == Status.MEETING_HELD
    assert trail(introduction)[1:] == [(member.pk, "status", "accepted", "meeting_held")]


def test_a_third_organisation_cannot_change_the_status(introduction, outsider):
    with pytest.raises(PermissionDenied):
        services.change_introduction_status(
            introduction=introduction, status=Status.DROPPED, changed_by=outsider, reason="理由"
        )

    introduction.refresh_from_db()
    assert introduction.status == Status.PROPOSED
    assert len(trail(introduction)) == 1


@pytest.mark.parametrize(("target", "reason"), [(Status.DECLINED, ""), (Status.DROPPED, "   ")])
def test_declining_or_dropping_without_a_reason_is_refused(introduction, operator, target, reason):
    with pytest.raises(ValidationError) as error:
        services.change_introduction_status(
            introduction=introduction, status=target, changed_by=operator, reason=reason
        )

    introduction.refresh_from_db()
    assert list(error.value.message_dict) == ["reason"]
    assert introduction.status == Status.PROPOSED
    assert introduction.drop_reason == ""
    assert len(trail(introduction)) == 1


def test_a_status_change_tells_everyone_but_the_one_who_made_it(
    introduction, operator, member, receiver, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.change_introduction_status(
            introduction=introduction, status=Status.ACCEPTED, changed_by=receiver
        )

    assert recipient_ids() == sorted([operator.pk, member.pk])
    assert Notification.objects.filter(kind=Notification.Kind.INTRODUCTION).count() == 2


# --- next action ------------------------------------------------------------------------------


def test_setting_the_next_action_records_both_fields(introduction, member):
    services.set_next_action(
        introduction=introduction, next_action="  寄送样品  ", due=date(2026, 3, 2), set_by=member
    )

    introduction.refresh_from_db()
    assert introduction.next_action == "寄送样品"
    assert introduction.next_action_due == date(2026, 3, 2)
    assert audited(introduction) == [
        (member.pk, {"next_action": ["", "寄送样品"], "next_action_due": ["", "2026-03-02"]})
    ]


def test_changing_only_the_due_date_records_only_the_due_date(introduction, member, operator):
    services.set_next_action(
        introduction=introduction, next_action="寄送样品", due=date(2026, 3, 2), set_by=member
    )

    services.set_next_action(
        introduction=introduction, next_action="寄送样品", due=date(2026, 3, 9), set_by=operator
    )

    introduction.refresh_from_db()
    assert introduction.next_action_due == date(2026, 3, 9)
    assert audited(introduction)[1:] == [
        (operator.pk, {"next_action_due": ["2026-03-02", "2026-03-09"]}),
    ]


def test_setting_the_same_next_action_again_records_nothing(introduction, member):
    services.set_next_action(
        introduction=introduction, next_action="寄送样品", due=None, set_by=member
    )

    services.set_next_action(
        introduction=introduction, next_action="寄送样品", due=None, set_by=member
    )

    assert audited(introduction) == [(member.pk, {"next_action": ["", "寄送样品"]})]


def test_clearing_the_due_date_records_it(introduction, member):
    services.set_next_action(
        introduction=introduction, next_action="", due=date(2026, 3, 2), set_by=member
    )

    services.set_next_action(introduction=introduction, next_action="", due=None, set_by=member)

    introduction.refresh_from_db()
    assert introduction.next_action_due is None
    assert audited(introduction)[1:] == [(member.pk, {"next_action_due": ["2026-03-02", ""]})]


def test_a_third_organisation_cannot_set_the_next_action(introduction, outsider):
    with pytest.raises(PermissionDenied):
        services.set_next_action(
            introduction=introduction, next_action="偷看", due=None, set_by=outsider
        )

    introduction.refresh_from_db()
    assert introduction.next_action == ""
    assert len(trail(introduction)) == 1


# --- messages ---------------------------------------------------------------------------------


def test_a_message_notifies_the_other_parties_and_the_broker_but_not_its_author(
    introduction,
    operator,
    member,
    receiver,
    organisation,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    colleague = make_member(organisation)

    with django_capture_on_commit_callbacks(execute=True):
        message = services.post_message(
            introduction=introduction, author=member, body="  下周二可以见面吗？  "
        )

    assert message.body == "下周二可以见面吗？"
    assert list(IntroductionMessage.objects.values_list("author_id", "body")) == [
        (member.pk, "下周二可以见面吗？")
    ]
    assert recipient_ids() == sorted([operator.pk, colleague.pk, receiver.pk])
    assert sorted(mail.to[0] for mail in mailoutbox) == sorted(
        [operator.email, colleague.email, receiver.email]
    )
    assert [len(mail.to) for mail in mailoutbox] == [1, 1, 1]


def test_the_message_e_mail_is_in_the_recipients_language(
    introduction, member, receiver, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.post_message(introduction=introduction, author=receiver, body="Tuesday works.")

    subjects = {mail.to[0]: mail.subject for mail in mailoutbox}
    assert subjects[member.email] == "桥平台：对接引荐有新消息"
    assert subjects[introduction.broker.email] == "桥平台：对接引荐有新消息"
    assert receiver.email not in subjects


def test_an_english_reader_gets_the_message_e_mail_in_english(
    introduction, member, receiver, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.post_message(introduction=introduction, author=member, body="周二可以。")

    mail = next(mail for mail in mailoutbox if mail.to == [receiver.email])
    assert mail.subject == "Qiao: a new message in an introduction"
    assert mail.body.startswith(f"{member} wrote:\n\n周二可以。\n\nReply on Qiao: http")
    assert mail.body.endswith(f"/pipeline/introductions/{introduction.pk}/")


@pytest.mark.parametrize("body", ["", "   \n  "])
def test_an_empty_message_is_refused(
    introduction, member, body, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(ValidationError) as error:
            services.post_message(introduction=introduction, author=member, body=body)

    assert list(error.value.message_dict) == ["body"]
    assert IntroductionMessage.objects.count() == 0
    assert Notification.objects.count() == 0
    assert mailoutbox == []


def test_a_third_organisation_cannot_post_a_message(introduction, outsider):
    with pytest.raises(PermissionDenied):
        services.post_message(introduction=introduction, author=outsider, body="你好")

    assert IntroductionMessage.objects.count() == 0


def test_an_inactive_broker_gets_no_message_e_mail(
    introduction, operator, member, receiver, mailoutbox, django_capture_on_commit_callbacks
):
    operator.is_active = False
    operator.save(update_fields=["is_active"])

    with django_capture_on_commit_callbacks(execute=True):
        services.post_message(introduction=introduction, author=member, body="你好")

    assert [mail.to for mail in mailoutbox] == [[receiver.email]]


def test_an_introduction_records_when_its_listings_were_first_introduced(match, operator, member):
    from qiao.market.models import Listing

    first = services.propose_introduction_from_match(match=match, broker=operator)
    listing = Listing.objects.get(pk=match.listing_id)
    assert listing.first_introduced_at == first.created_at
    Introduction.objects.filter(pk=first.pk).delete()
    services.propose_introduction_from_match(match=match, broker=operator)
    listing.refresh_from_db()
    assert listing.first_introduced_at == first.created_at  # the first time is kept
