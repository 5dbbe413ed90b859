"""Inbox messages about listings. Titles are the public face only, never details."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.urls import reverse

from qiao.inbox import services as inbox_services
from qiao.inbox.models import Notification
from qiao.market.models import Disclosure


def members_of(organisation_id: int):
    return get_user_model().objects.filter(
        memberships__organisation_id=organisation_id, is_active=True
    )


def notify_disclosure_requested(*, disclosure_id: int) -> None:
    disclosure = Disclosure.objects.select_related("listing", "organisation").get(pk=disclosure_id)
    listing, organisation = disclosure.listing, disclosure.organisation
    pending = disclosure.status == Disclosure.Status.PENDING
    inbox_services.notify(
        recipients=members_of(listing.organisation_id),
        kind=Notification.Kind.DISCLOSURE_REQUESTED,
        title_zh=f"{organisation.name_zh} 已接受《{listing.title_zh or listing.title_en}》的保密条款"
        + ("，等待您批准" if pending else ""),
        title_en=f"{organisation.name_en or organisation.name_zh} accepted the NDA of "
        f"“{listing.title_en or listing.title_zh}”"
        + (" and awaits your approval" if pending else ""),
        url=reverse("market:listing_detail", args=[listing.pk]),
    )


def notify_disclosure_decided(*, disclosure: Disclosure) -> None:
    listing = disclosure.listing
    granted = disclosure.status == Disclosure.Status.GRANTED
    inbox_services.notify(
        recipients=members_of(disclosure.organisation_id),
        kind=Notification.Kind.DISCLOSURE_DECIDED,
        title_zh=f"《{listing.title_zh or listing.title_en}》的详细信息"
        + ("已向您开放" if granted else "未获披露"),
        title_en=f"Details of “{listing.title_en or listing.title_zh}” "
        + ("are now open to you" if granted else "were not disclosed"),
        url=reverse("market:listing_detail", args=[listing.pk]),
    )
