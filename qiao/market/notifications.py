"""Inbox notices about listings. Titles name the public face only, never details."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qiao.inbox import notices
from qiao.inbox.models import Notification
from qiao.market.models import Disclosure, Listing

NDA_ACCEPTED = notices.define(
    "market.nda_accepted",
    kind=Notification.Kind.DISCLOSURE_REQUESTED,
    text=_("%(organisation)s accepted the NDA of “%(listing)s”"),
)
NDA_AWAITS_APPROVAL = notices.define(
    "market.nda_awaits_approval",
    kind=Notification.Kind.DISCLOSURE_REQUESTED,
    text=_("%(organisation)s accepted the NDA of “%(listing)s” and awaits your approval"),
)
DISCLOSURE_GRANTED = notices.define(
    "market.disclosure_granted",
    kind=Notification.Kind.DISCLOSURE_DECIDED,
    text=_("Details of “%(listing)s” are now open to you"),
)
DISCLOSURE_REFUSED = notices.define(
    "market.disclosure_refused",
    kind=Notification.Kind.DISCLOSURE_DECIDED,
    text=_("Details of “%(listing)s” were not disclosed"),
)
SUBMITTED_FOR_REVIEW = notices.define(
    "market.listing_submitted",
    kind=Notification.Kind.LISTING,
    text=_("%(organisation)s submitted “%(listing)s” for review"),
)
LISTING_PUBLISHED = notices.define(
    "market.listing_published",
    kind=Notification.Kind.LISTING,
    text=_("“%(listing)s” was reviewed and published"),
)
LISTING_RETURNED = notices.define(
    "market.listing_returned",
    kind=Notification.Kind.LISTING,
    text=_("“%(listing)s” was returned to draft after review"),
)
LISTING_CLOSED = notices.define(
    "market.listing_closed",
    kind=Notification.Kind.LISTING,
    text=_("“%(listing)s” was closed by the operator"),
)


def members_of(organisation_id: int):
    return notices.members_of(organisation_id)


def _url(listing: Listing) -> str:
    return reverse("market:listing_detail", args=[listing.pk])


def notify_disclosure_requested(*, disclosure_id: int) -> None:
    disclosure = Disclosure.objects.select_related("listing", "organisation").get(pk=disclosure_id)
    listing, organisation = disclosure.listing, disclosure.organisation
    pending = disclosure.status == Disclosure.Status.PENDING
    notices.send(
        NDA_AWAITS_APPROVAL if pending else NDA_ACCEPTED,
        recipients=members_of(listing.organisation_id),
        params={"organisation": notices.name_of(organisation), "listing": notices.name_of(listing)},
        url=_url(listing),
        about=disclosure,
    )


def notify_disclosure_decided(*, disclosure: Disclosure) -> None:
    granted = disclosure.status == Disclosure.Status.GRANTED
    notices.send(
        DISCLOSURE_GRANTED if granted else DISCLOSURE_REFUSED,
        recipients=members_of(disclosure.organisation_id),
        params={"listing": notices.name_of(disclosure.listing)},
        url=_url(disclosure.listing),
        about=disclosure,
    )


def notify_status_changed(*, listing: Listing, previous: str, actor) -> None:
    """Tell whoever the new status waits on: the operators on submission, the owner after."""
    params = {
        "listing": notices.name_of(listing),
        "organisation": notices.name_of(listing.organisation),
    }
    Status = Listing.Status
    if listing.status == Status.UNDER_REVIEW:
        notice, recipients = SUBMITTED_FOR_REVIEW, notices.operators()
        url = reverse("market:listing_list") + "?status=under_review"
    elif previous == Status.UNDER_REVIEW and listing.status in (
        Status.PUBLISHED,
        Status.DRAFT,
        Status.CLOSED,
    ):
        notice = {
            Status.PUBLISHED: LISTING_PUBLISHED,
            Status.DRAFT: LISTING_RETURNED,
            Status.CLOSED: LISTING_CLOSED,
        }[listing.status]
        recipients, url = members_of(listing.organisation_id), _url(listing)
    else:
        return
    notices.send(
        notice, recipients=recipients, params=params, url=url, about=listing, exclude=[actor]
    )
