from django.contrib import admin

from qiao.core.admin import ReadOnlyAdmin
from qiao.matching.models import Match, MatchFeedback


@admin.register(Match)
class MatchAdmin(ReadOnlyAdmin):
    list_display = ["listing", "counterpart_listing", "counterpart_organisation", "rank", "score"]
    list_filter = ["is_current"]
    raw_id_fields = ["listing", "counterpart_listing", "counterpart_organisation"]


@admin.register(MatchFeedback)
class MatchFeedbackAdmin(ReadOnlyAdmin):
    list_display = ["match", "given_by", "verdict", "reason", "created_at"]
    list_filter = ["verdict", "reason"]
    raw_id_fields = ["match", "given_by"]
