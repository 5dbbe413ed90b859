"""The admin site is a read-only window on the records.

Every change goes through the services (pages, API, management commands), which check one
policy, audit in the same transaction and trigger their effects after commit; an admin
form would write around all three. The domain admins derive from these classes; only
reference data without a service of its own (taxonomy terms, service-desk categories)
keeps admin forms, and Django's own log (`LogEntry`) records those changes.
"""

from django.contrib import admin


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(ReadOnlyMixin, admin.ModelAdmin):
    pass


class ReadOnlyTabularInline(ReadOnlyMixin, admin.TabularInline):
    pass


class ReadOnlyStackedInline(ReadOnlyMixin, admin.StackedInline):
    pass
