from django.contrib import admin

from qiao.core.admin import ReadOnlyAdmin
from qiao.policies.models import Policy, StatusFlag


@admin.register(Policy)
class PolicyAdmin(ReadOnlyAdmin):
    list_display = ["title_zh", "issuer", "level", "amount", "closes_on", "status"]
    list_filter = ["level", "status"]


@admin.register(StatusFlag)
class StatusFlagAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "name", "held", "expires_on"]
