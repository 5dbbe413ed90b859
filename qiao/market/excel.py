"""Excel export of listings. Details are written only where ``details_visible`` is true."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook

from qiao.core.xlsx import append_row
from qiao.market.models import DETAIL_TEXT_FIELDS, Listing


def listings_workbook(listings: Iterable[Listing]) -> Workbook:
    """Return a workbook with one row per listing; confidential details stay blank."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Listings")[:31])
    detail_headers = [
        str(Listing._meta.get_field(name).verbose_name) for name in DETAIL_TEXT_FIELDS
    ]
    append_row(
        sheet,
        [
            "ID",
            _("Side"),
            _("Kind"),
            _("Status"),
            _("Visibility"),
            _("Organisation"),
            pgettext("listing", "Chinese title"),
            pgettext("listing", "English title"),
            _("Chinese summary"),
            _("English summary"),
            _("Tags"),
            _("Lifecycle stage"),
            _("Province"),
            _("Deadline"),
            _("Completeness"),
            *detail_headers,
        ],
    )
    for listing in listings:
        visible = bool(getattr(listing, "details_visible", False))
        row = [
            listing.pk,
            listing.get_side_display(),
            listing.get_kind_display(),
            listing.get_status_display(),
            listing.get_visibility_display(),
            listing.organisation.name_zh,
            listing.title_zh,
            listing.title_en,
            listing.summary_zh,
            listing.summary_en,
            "、".join(t.label for t in listing.terms.all()),
            listing.stage.label if listing.stage else "",
            listing.province,
            listing.deadline,
            listing.completeness,
            *[(getattr(listing, name) if visible else "") for name in DETAIL_TEXT_FIELDS],
        ]
        append_row(sheet, row)
    return workbook
