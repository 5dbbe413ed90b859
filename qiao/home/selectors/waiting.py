"""What waits on the operators: counts, each with the list that shows exactly those items.

Every count is taken from the same selector (and filter) as the page it links to, so the
number on the home is the number of rows the operator finds one click later.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from qiao.directory.roles import roles_of
from qiao.events.selectors import list_registrations_to_decide
from qiao.intel.selectors import count_articles_to_review
from qiao.market.models import Listing
from qiao.market.selectors import ListingFilter, search_listings
from qiao.pipeline.selectors import filter_introductions, list_visible_introductions


@dataclass(frozen=True)
class Waiting:
    key: str
    label: str | Promise
    count: int
    url: str


def _url(name: str, **query: str) -> str:
    return reverse(name) + ("?" + urlencode(query) if query else "")


def _introductions(viewer, show: str) -> int:
    return filter_introductions(
        list_visible_introductions(viewer=viewer), viewer=viewer, show=show
    ).count()


def _listings_to_review(viewer) -> Waiting:
    status = Listing.Status.UNDER_REVIEW
    return Waiting(
        "listings",
        _("Listings to review"),
        search_listings(viewer=viewer, filters=ListingFilter(status=status)).count(),
        _url("market:listing_list", status=status),
    )


def _requests(viewer) -> Waiting:
    return Waiting(
        "requests",
        _("Members' requests for introductions"),
        _introductions(viewer, "requested"),
        _url("pipeline:introduction_list", show="requested"),
    )


def _overdue(viewer) -> Waiting:
    return Waiting(
        "overdue",
        _("Overdue introductions"),
        _introductions(viewer, "overdue"),
        _url("pipeline:introduction_list", show="overdue"),
    )


def _news(viewer) -> Waiting:
    return Waiting(
        "news",
        _("News to review"),
        count_articles_to_review(viewer=viewer),
        _url("intel:article_list", pending="1"),
    )


def _registrations(viewer) -> Waiting:
    return Waiting(
        "registrations",
        _("Event registrations to approve"),
        list_registrations_to_decide(viewer=viewer).count(),
        _url("events:registration_queue"),
    )


def _applications(viewer) -> Waiting | None:
    """Organisations applying to join, once the onboarding app is installed.

    It is another app, built apart from this one: looked up by name (no import at load
    time), and left out if it or its ``count_pending_applications`` selector or its
    ``onboarding:application_list`` page is not there yet.
    """
    if not apps.is_installed("qiao.onboarding"):
        return None
    try:
        selectors = importlib.import_module("qiao.onboarding.selectors")
        count = selectors.count_pending_applications(viewer=viewer)
        url = _url("onboarding:application_list", status="pending")
    except (ImportError, AttributeError, NoReverseMatch):
        return None
    return Waiting("applications", _("Organisations applying to join"), count, url)


PARTS: tuple[Callable[..., Waiting | None], ...] = (
    _listings_to_review,
    _requests,
    _overdue,
    _applications,
    _news,
    _registrations,
)


def list_waiting(*, viewer) -> list[Waiting]:
    """What waits on the operators, for an operator; nothing for anyone else."""
    if not roles_of(viewer).is_operator:
        return []
    return [item for part in PARTS if (item := part(viewer)) is not None]
