"""The shared lab's models, one module per noun group (STYLE.md §3.5)."""

from qiao.lab.models.billing import Statement, StatementLine, Voucher, VoucherUse
from qiao.lab.models.bookings import Booking, FeedToken, Slot, TrainingRecord, TrainingRequest
from qiao.lab.models.catalogue import (
    CustomerType,
    Equipment,
    EquipmentPhoto,
    MaintenanceWindow,
    _photo_path,
)
from qiao.lab.models.hours import Closure, OpeningHours

__all__ = [
    "Booking",
    "Closure",
    "CustomerType",
    "Equipment",
    "EquipmentPhoto",
    "FeedToken",
    "MaintenanceWindow",
    "OpeningHours",
    "Slot",
    "Statement",
    "StatementLine",
    "TrainingRecord",
    "TrainingRequest",
    "Voucher",
    "VoucherUse",
    "_photo_path",
]
