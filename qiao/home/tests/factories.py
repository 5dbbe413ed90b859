"""A small cluster for the home's tests: public and hidden items of every kind, built
through the owning apps' services."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from qiao.directory.models import Organisation
from qiao.directory.tests.factories import OrganisationFactory, UserFactory
from qiao.events.models import Event
from qiao.events.tests.factories import make_event
from qiao.intel.models import Article, Proposal
from qiao.lab.models import Equipment
from qiao.lab.tests.factories import make_equipment
from qiao.market.models import Listing
from qiao.market.tests.factories import make_listing
from qiao.matching.models import Match
from qiao.pipeline import services as pipeline
from qiao.pipeline.models import Introduction

Visibility = Listing.Visibility


@dataclass
class Cluster:
    operator: object
    public: Organisation
    other: Organisation
    hidden: Organisation
    listings: dict[str, Listing]
    events: dict[str, Event]


def make_cluster() -> Cluster:
    operator = UserFactory(is_operator=True, full_name="运营 王")
    public = OrganisationFactory(name_zh="公开医疗科技有限公司")
    other = OrganisationFactory(name_zh="另一家器械公司")
    hidden = OrganisationFactory(
        name_zh="仅会员可见医院", visibility=Organisation.Visibility.MEMBERS
    )
    listings = {
        "public_need": make_listing(organisation=public, kind="clinical", title_zh="公开临床需求"),
        "public_offer": make_listing(organisation=public, title_zh="公开技术成果"),
        "members_need": make_listing(
            organisation=public,
            kind="clinical",
            title_zh="会员临床需求",
            visibility=Visibility.MEMBERS,
        ),
        "confidential_offer": make_listing(
            organisation=other, title_zh="保密技术成果", visibility=Visibility.CONFIDENTIAL
        ),
        "chosen_offer": make_listing(
            organisation=other, title_zh="指定机构技术成果", visibility=Visibility.CHOSEN
        ),
        "draft_need": make_listing(
            organisation=public, kind="clinical", title_zh="草稿需求", status=Listing.Status.DRAFT
        ),
        "review_need": make_listing(
            organisation=public,
            kind="clinical",
            title_zh="待审需求",
            status=Listing.Status.UNDER_REVIEW,
        ),
        "closed_offer": make_listing(
            organisation=public, title_zh="已关闭成果", status=Listing.Status.CLOSED
        ),
    }
    for title, confidential, parties in (
        ("公开协议", False, [public, other]),
        ("保密协议", True, [public, other]),
        ("含隐藏机构的协议", False, [public, hidden]),
    ):
        pipeline.create_agreement(
            created_by=operator,
            parties=[(o, "party") for o in parties],
            kind="joint_rd",
            title_zh=title,
            signed_on=datetime.date(2026, 1, 5),
            is_confidential=confidential,
        )
    today = timezone.localdate()
    ahead = today + datetime.timedelta(days=20)
    events = {
        "upcoming": make_event(
            organiser_user=operator,
            organiser=public,
            title_zh="即将举行的对接会",
            starts_on=ahead,
            ends_on=ahead,
        ),
        "draft": make_event(
            organiser_user=operator,
            organiser=public,
            title_zh="草稿活动",
            published=False,
            starts_on=ahead,
            ends_on=ahead,
        ),
        "past": make_event(
            organiser_user=operator,
            organiser=public,
            title_zh="已结束的论坛",
            starts_on=today - datetime.timedelta(days=30),
            ends_on=today - datetime.timedelta(days=30),
        ),
    }
    make_equipment(organisation=public, by=operator, name_zh="公开共聚焦显微镜")
    make_equipment(
        organisation=public, by=operator, name_zh="草稿流式细胞仪", status=Equipment.Status.DRAFT
    )
    make_equipment(organisation=hidden, by=operator, name_zh="隐藏医院的测序仪")
    return Cluster(operator, public, other, hidden, listings, events)


def match(listing: Listing, counterpart: Listing) -> Match:
    return Match.objects.create(
        listing=listing, counterpart_listing=counterpart, score=0.5, rank=1, reasons=[]
    )


def introduce(*, need: Listing, offer: Listing, broker=None, requested_by=None) -> Introduction:
    m = match(need, offer)
    if broker is not None:
        return pipeline.propose_introduction_from_match(match=m, broker=broker)
    return pipeline.request_introduction(match=m, requested_by=requested_by)


def article_with(*statuses: str, title: str = "新闻") -> Article:
    article = Article.objects.create(
        title=title, raw="x", original_text="x", cleaned_text="x", content_hash=title
    )
    for status in statuses:
        Proposal.objects.create(
            article=article,
            kind=Proposal.Kind.FIGURE,
            payload={"text": "x"},
            confidence=0.5,
            span_start=0,
            span_end=1,
            status=status,
        )
    return article
