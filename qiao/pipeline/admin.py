from django.contrib import admin

from qiao.core.admin import ReadOnlyAdmin, ReadOnlyTabularInline
from qiao.pipeline.models import Agreement, AgreementDocument, AgreementParty, Introduction


@admin.register(Introduction)
class IntroductionAdmin(ReadOnlyAdmin):
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


class AgreementPartyInline(ReadOnlyTabularInline):
    model = AgreementParty
    raw_id_fields = ["organisation"]
    extra = 0


class AgreementDocumentInline(ReadOnlyTabularInline):
    model = AgreementDocument
    readonly_fields = ["original_name", "content_type", "size", "uploaded_by"]
    exclude = ["file"]
    extra = 0


@admin.register(Agreement)
class AgreementAdmin(ReadOnlyAdmin):
    list_display = ["title_zh", "kind", "signed_on", "amount", "currency", "is_confidential"]
    list_filter = ["kind", "is_confidential"]
    search_fields = ["title_zh", "title_en"]
    raw_id_fields = ["introduction", "created_by"]
    inlines = [AgreementPartyInline, AgreementDocumentInline]
