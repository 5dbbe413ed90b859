from django.contrib import admin

from qiao.core.admin import ReadOnlyAdmin
from qiao.onboarding.models import Application, JoinRequest


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ["name_zh", "credit_code", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["name_zh", "name_en", "credit_code", "contact_email"]
    exclude = ["password"]
    readonly_fields = ["status", "decided_by", "decided_at", "organisation", "applicant"]


@admin.register(JoinRequest)
class JoinRequestAdmin(ReadOnlyAdmin):
    list_display = ["user", "organisation", "status", "created_at"]
    list_filter = ["status"]
    readonly_fields = ["status", "decided_by", "decided_at"]
