"""After-commit effects of market: notifications, and links other apps give for a listing.

A listing change is announced through ``qiao.core.effects.emit("listing_changed",
listing_id=…)``, to which matching subscribes (market may not import it); handlers run
after the transaction commits, so a rolled-back edit never triggers work. No signals.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from django.db import transaction


def disclosure_requested(*, disclosure_id: int) -> None:
    """Tell the listing's owner that an organisation accepted the NDA, after commit."""
    from qiao.market.notifications import notify_disclosure_requested

    transaction.on_commit(partial(notify_disclosure_requested, disclosure_id=disclosure_id))


# Apps above market that stand behind a listing (an instrument of the shared lab behind an
# equipment offer) register a function returning (label, url) for it, or None; the listing
# page shows the links. Market itself never imports them.
ListingLink = Callable[[int], "tuple[str, str] | None"]

_listing_link_providers: list[ListingLink] = []


def on_listing_link(provider: ListingLink) -> ListingLink:
    """Register ``provider(listing_id)`` returning a (label, url) to show on the listing page."""
    if provider not in _listing_link_providers:
        _listing_link_providers.append(provider)
    return provider


def listing_links(*, listing_id: int) -> list[tuple[str, str]]:
    """Return the (label, url) links that other apps give for the listing."""
    links = (provider(listing_id) for provider in _listing_link_providers)
    return [link for link in links if link is not None]
