"""Inbox notices about matches: new matches, and interest that someone should act on."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from qiao.inbox import notices
from qiao.inbox.models import Notification

NEW_MATCHES = notices.define(
    "matching.new_matches",
    kind=Notification.Kind.NEW_MATCHES,
    text=ngettext_lazy(
        "%(count)d new match for “%(listing)s”",
        "%(count)d new matches for “%(listing)s”",
        "count",
    ),
)
# The counterpart learns that interest exists, not who: the interested side's listing may be
# confidential to them. The broker (operators) sees both names and follows up.
INTEREST_IN_YOURS = notices.define(
    "matching.interest_in_yours",
    kind=Notification.Kind.MATCH_FEEDBACK,
    text=ngettext_lazy(
        "A member organisation is interested in a match with “%(listing)s”; the operator will "
        "follow up",
        "%(count)d member organisations are interested in matches with “%(listing)s”; the "
        "operator will follow up",
        "count",
    ),
)
INTEREST_IN_YOUR_ORGANISATION = notices.define(
    "matching.interest_in_your_organisation",
    kind=Notification.Kind.MATCH_FEEDBACK,
    text=_(
        "A member organisation is interested in working with yours; the operator will follow up"
    ),
)
INTEREST_FOR_BROKER = notices.define(
    "matching.interest_for_broker",
    kind=Notification.Kind.MATCH_FEEDBACK,
    text=_("%(organisation)s is interested in the match of “%(listing)s” with %(counterpart)s"),
)


def tell_new_matches(user, listing, count: int) -> None:
    notices.send(
        NEW_MATCHES,
        recipients=[user],
        params={"listing": notices.name_of(listing)},
        url=reverse("market:listing_detail", args=[listing.pk]) + "#matches",
        about=listing,
        count=count,
    )


def tell_interest(match, *, given_by) -> None:
    """Interested feedback reaches the counterpart and the brokers, after commit."""
    listing = match.listing
    params = {
        "organisation": notices.name_of(listing.organisation),
        "listing": notices.name_of(listing),
    }
    if match.counterpart_listing_id:
        counterpart = match.counterpart_listing
        params["counterpart"] = notices.name_of(counterpart.organisation)
        notices.send(
            INTEREST_IN_YOURS,
            recipients=notices.members_of(counterpart.organisation_id),
            params={"listing": notices.name_of(counterpart)},
            url=reverse("market:listing_detail", args=[counterpart.pk]),
            about=counterpart,
            exclude=[given_by],
        )
    else:
        organisation = match.counterpart_organisation
        params["counterpart"] = notices.name_of(organisation)
        notices.send(
            INTEREST_IN_YOUR_ORGANISATION,
            recipients=notices.members_of(organisation.pk),
            url=reverse("directory:organisation_detail", args=[organisation.pk]),
            about=match,
            exclude=[given_by],
        )
    notices.send(
        INTEREST_FOR_BROKER,
        recipients=notices.operators(),
        params=params,
        url=reverse("market:listing_detail", args=[listing.pk]) + "#matches",
        about=match,
        exclude=[given_by],
    )
