"""The shared lab's models, one module per noun group (STYLE.md §3.5)."""

from qiao.lab.models.billing import Statement, StatementLine, Voucher, VoucherUse
from qiao.lab.models.bookings import Booking, FeedToken, Slot, TrainingRecord
from qiao.lab.models.catalogue import (
    CustomerType,
    Equipment,
    EquipmentPhoto,
    MaintenanceWindow,
    _photo_path,
)

__all__ = [
    "Booking",
    "CustomerType",
    "Equipment",
    "EquipmentPhoto",
    "FeedToken",
    "MaintenanceWindow",
    "Slot",
    "Statement",
    "StatementLine",
    "TrainingRecord",
    "Voucher",
    "VoucherUse",
    "_photo_path",
]
