"""Write operations of the shared lab, one module per noun group (STYLE.md §3.5)."""

from qiao.lab.services.billing import (
    StatementDraft,
    compute_statement,
    grant_voucher,
    issue_statement,
    month_end,
    spend_voucher,
    voucher_cover,
)
from qiao.lab.services.bookings import (
    accept_offer,
    book_equipment,
    book_equipment_series,
    cancel_booking,
    cancellation_fee,
    decide_booking,
    expire_offers,
    money,
    offer_freed_time,
)
from qiao.lab.services.catalogue import (
    add_equipment_photo,
    change_equipment_status,
    create_equipment,
    remove_equipment_photo,
    update_equipment,
)
from qiao.lab.services.closures import close_cancelling_bookings
from qiao.lab.services.hours import add_closure, held_bookings, remove_closure, set_opening_hours
from qiao.lab.services.reminders import send_booking_reminders
from qiao.lab.services.series import (
    MAINTENANCE,
    affected_bookings,
    decide_series,
    settle_affected,
    take_out_of_service,
)
from qiao.lab.services.training import (
    decline_training_request,
    grant_training_request,
    remove_training,
    request_training,
    revoke_training,
    withdraw_training_request,
)
from qiao.lab.services.upkeep import (
    add_maintenance_window,
    create_feed_token,
    record_training,
    remove_maintenance_window,
)
from qiao.lab.services.usage import mark_no_show, record_usage, usage_fee

__all__ = [
    "close_cancelling_bookings",
    "decline_training_request",
    "grant_training_request",
    "held_bookings",
    "remove_training",
    "request_training",
    "revoke_training",
    "withdraw_training_request",
    "MAINTENANCE",
    "affected_bookings",
    "decide_series",
    "settle_affected",
    "take_out_of_service",
    "StatementDraft",
    "accept_offer",
    "add_closure",
    "add_equipment_photo",
    "add_maintenance_window",
    "book_equipment",
    "book_equipment_series",
    "cancel_booking",
    "cancellation_fee",
    "change_equipment_status",
    "compute_statement",
    "create_feed_token",
    "create_equipment",
    "decide_booking",
    "expire_offers",
    "grant_voucher",
    "issue_statement",
    "mark_no_show",
    "money",
    "month_end",
    "offer_freed_time",
    "record_training",
    "record_usage",
    "remove_closure",
    "remove_equipment_photo",
    "remove_maintenance_window",
    "send_booking_reminders",
    "set_opening_hours",
    "spend_voucher",
    "update_equipment",
    "usage_fee",
    "voucher_cover",
]
