from django.contrib import admin

from qiao.pipeline.models import Introduction


@admin.register(Introduction)
class IntroductionAdmin(admin.ModelAdmin):
    list_display = [
        "requesting_organisation",
        "receiving_organisation",
        "broker",
        "status",
        "created_at",
    ]
    list_filter = ["status"]
    raw_id_fields = ["match", "requesting_organisation", "receiving_organisation", "broker"]
    filter_horizontal = ["listings"]
