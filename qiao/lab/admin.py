from django.contrib import admin

from qiao.core.admin import ReadOnlyAdmin, ReadOnlyTabularInline
from qiao.lab.models import (
    Booking,
    Equipment,
    MaintenanceWindow,
    Statement,
    StatementLine,
    TrainingRecord,
    Voucher,
    VoucherUse,
)


@admin.register(Equipment)
class EquipmentAdmin(ReadOnlyAdmin):
    list_display = ["name_zh", "organisation", "category", "status"]
    list_filter = ["status", "category", "kind"]
    search_fields = ["name_zh", "name_en", "make_model"]
    raw_id_fields = ["organisation"]
    readonly_fields = ["listing"]


@admin.register(Booking)
class BookingAdmin(ReadOnlyAdmin):
    list_display = ["equipment", "starts_at", "ends_at", "booked_by", "organisation", "status"]
    list_filter = ["status"]
    raw_id_fields = ["equipment", "booked_by", "organisation"]
    # The time and status change only through the services, which keep slots in step.
    readonly_fields = ["equipment", "starts_at", "ends_at", "status", "fee"]


@admin.register(MaintenanceWindow)
class MaintenanceWindowAdmin(ReadOnlyAdmin):
    list_display = ["equipment", "starts_at", "ends_at", "reason"]
    readonly_fields = ["equipment", "starts_at", "ends_at"]


@admin.register(TrainingRecord)
class TrainingRecordAdmin(ReadOnlyAdmin):
    list_display = ["equipment", "user", "trained_on", "valid_until"]
    raw_id_fields = ["equipment", "user"]


@admin.register(Voucher)
class VoucherAdmin(ReadOnlyAdmin):
    list_display = ["number", "organisation", "issuer", "share_percent", "amount", "balance"]
    raw_id_fields = ["organisation"]
    readonly_fields = ["balance"]


class StatementLineInline(ReadOnlyTabularInline):
    model = StatementLine
    extra = 0
    readonly_fields = ["booking", "kind", "minutes", "unit_rate", "amount"]


class VoucherUseInline(ReadOnlyTabularInline):
    model = VoucherUse
    extra = 0
    readonly_fields = ["voucher", "amount"]


@admin.register(Statement)
class StatementAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "month", "subtotal", "voucher_total", "total"]
    inlines = [StatementLineInline, VoucherUseInline]
    readonly_fields = ["organisation", "month", "subtotal", "voucher_total", "total"]
