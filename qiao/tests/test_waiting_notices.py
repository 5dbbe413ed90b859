"""Every state that waits on someone tells them, in their language, once (issue 13 point 3).

Listings submitted for review, member requests for introductions, interest in a match, an
agreement signed: each reaches the person it waits on, folded, and leaks nothing.
"""

import pytest

from qiao.directory.models import Membership
from qiao.directory.tests.factories import OrganisationFactory, UserFactory, make_member
from qiao.inbox.models import Notification
from qiao.market.models import Listing
from qiao.market.services import change_listing_status
from qiao.market.tests.factories import make_listing
from qiao.matching.models import Match, MatchFeedback
from qiao.matching.services import record_feedback
from qiao.pipeline.services import create_agreement

pytestmark = pytest.mark.django_db


def titles(user, language="zh-hans", notice=None):
    rows = user.notifications.all()
    if notice:
        rows = rows.filter(notice=notice)
    return [n.title_in(language) for n in rows]


def test_a_doctor_submitting_a_need_tells_the_operators_once(
    organisation, django_capture_on_commit_callbacks
):
    operator = UserFactory(is_operator=True, language="en")
    doctor = make_member(organisation, role=Membership.Role.ADMIN)
    need = make_listing(
        organisation=organisation,
        by=doctor,
        kind="clinical",
        status=Listing.Status.DRAFT,
        title_zh="脓毒症快速检测",
        title_en="Rapid sepsis test",
    )
    with django_capture_on_commit_callbacks(execute=True):
        change_listing_status(listing=need, status=Listing.Status.UNDER_REVIEW, changed_by=doctor)
    assert titles(operator, "en", "market.listing_submitted") == [
        f"{organisation.name_en or organisation.name_zh} submitted “Rapid sepsis test” for review"
    ]
    notification = operator.notifications.get(notice="market.listing_submitted")
    assert notification.url == "/market/?status=under_review"
    assert not doctor.notifications.filter(notice="market.listing_submitted").exists()
    # The operator's decision reaches the doctor, in Chinese.
    with django_capture_on_commit_callbacks(execute=True):
        change_listing_status(listing=need, status=Listing.Status.PUBLISHED, changed_by=operator)
    assert titles(doctor, notice="market.listing_published") == [
        "《脓毒症快速检测》已通过审核并发布"
    ]


def test_interest_reaches_the_counterpart_without_naming_the_interested_side(
    organisation, other_organisation, operator, django_capture_on_commit_callbacks
):
    need = make_listing(
        organisation=organisation,
        kind="clinical",
        title_zh="保密的临床需求",
        visibility=Listing.Visibility.CONFIDENTIAL,
    )
    offer = make_listing(organisation=other_organisation, title_zh="等温扩增检测")
    match = Match.objects.create(
        listing=need, counterpart_listing=offer, score=0.8, rank=1, reasons=[]
    )
    doctor = make_member(organisation, role=Membership.Role.ADMIN)
    counterpart = make_member(other_organisation)
    with django_capture_on_commit_callbacks(execute=True):
        record_feedback(match=match, given_by=doctor, verdict=MatchFeedback.Verdict.INTERESTED)
    told = titles(counterpart, notice="matching.interest_in_yours")
    assert told == ["有会员机构对与《等温扩增检测》的匹配感兴趣，运营方将跟进"]
    assert organisation.name_zh not in told[0] and "保密" not in told[0]
    broker = titles(operator, notice="matching.interest_for_broker")
    assert broker and "保密的临床需求" in broker[0] and other_organisation.name_zh in broker[0]
    # Saying "interested" again is not news.
    with django_capture_on_commit_callbacks(execute=True):
        record_feedback(
            match=match, given_by=doctor, verdict="interested", comment="still interested"
        )
    assert counterpart.notifications.get(notice="matching.interest_in_yours").count == 1


def test_a_signed_agreement_tells_every_partys_members_but_the_one_recording_it(
    organisation, other_organisation, operator, django_capture_on_commit_callbacks
):
    admin = make_member(organisation, role=Membership.Role.ADMIN)
    partner = make_member(other_organisation, language="en")
    outsider = make_member(OrganisationFactory())
    with django_capture_on_commit_callbacks(execute=True):
        create_agreement(
            created_by=admin,
            parties=[(organisation, "party"), (other_organisation, "party")],
            title_zh="临床研究基地共建协议",
            title_en="Clinical research base",
            kind="clinical_base",
            signed_on="2026-11-20",
        )
    assert titles(partner, "en") == ["Agreement signed: “Clinical research base”"]
    assert not admin.notifications.exists()
    assert not outsider.notifications.exists()


def test_new_matches_fold_into_one_line_per_listing(
    organisation, django_capture_on_commit_callbacks
):
    from qiao.matching import notices

    owner = make_member(organisation)
    listing = make_listing(organisation=organisation, title_zh="骨科植入物", title_en="Implant")
    for count in (2, 1):
        with django_capture_on_commit_callbacks(execute=True):
            notices.tell_new_matches(owner, listing, count)
    row = Notification.objects.get(recipient=owner, notice="matching.new_matches")
    assert row.count == 3
    assert row.title_in("zh-hans") == "《骨科植入物》有 3 个新的匹配"
    assert row.title_in("en") == "3 new matches for “Implant”"
