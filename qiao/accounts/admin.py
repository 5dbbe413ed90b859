from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from qiao.accounts.models import User
from qiao.core.admin import ReadOnlyMixin


@admin.register(User)
class UserAdmin(ReadOnlyMixin, DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_operator", "is_active"]
    list_filter = ["is_operator", "is_staff", "is_active"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Profile"), {"fields": ["full_name"]}),
        (_("Roles"), {"fields": ["is_operator", "is_active", "is_staff", "is_superuser"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]
