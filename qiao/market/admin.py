from django.contrib import admin

from qiao.core.admin import ReadOnlyAdmin
from qiao.market.models import Disclosure, Listing


@admin.register(Listing)
class ListingAdmin(ReadOnlyAdmin):
    list_display = ["title", "side", "kind", "organisation", "status", "visibility", "completeness"]
    list_filter = ["side", "kind", "status", "visibility"]
    search_fields = ["title_zh", "title_en", "organisation__name_zh"]
    raw_id_fields = ["organisation", "contact", "created_by", "department"]
    filter_horizontal = ["terms"]
    autocomplete_fields: list[str] = []


@admin.register(Disclosure)
class DisclosureAdmin(ReadOnlyAdmin):
    list_display = ["listing", "organisation", "status", "accepted_by", "accepted_at"]
    list_filter = ["status"]
    raw_id_fields = ["listing", "organisation", "accepted_by", "decided_by"]
    readonly_fields = ["terms_accepted", "accepted_at"]
