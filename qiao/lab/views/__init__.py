"""Pages of the shared lab, one module per noun group."""

from qiao.lab.views.billing import statement_detail, statement_export, statement_list
from qiao.lab.views.bookings import (
    booking_action,
    booking_detail,
    booking_list,
    customer_search,
    equipment_book,
)
from qiao.lab.views.catalogue import (
    equipment_create,
    equipment_detail,
    equipment_edit,
    equipment_list,
    equipment_outage,
    equipment_photo,
    equipment_photo_add,
    equipment_status,
    maintenance_add,
    maintenance_remove,
    training_add,
)
from qiao.lab.views.feeds import equipment_feed, personal_feed
from qiao.lab.views.hours import closure_add, closure_remove, equipment_hours
from qiao.lab.views.reports import report, report_export
from qiao.lab.views.training import (
    equipment_photo_remove,
    equipment_trainings,
    training_remove,
    training_request,
    training_request_answer,
    training_requests,
    training_revoke,
)

__all__ = [
    "booking_action",
    "booking_detail",
    "booking_list",
    "closure_add",
    "customer_search",
    "closure_remove",
    "equipment_hours",
    "equipment_book",
    "equipment_create",
    "equipment_detail",
    "equipment_edit",
    "equipment_feed",
    "equipment_list",
    "equipment_outage",
    "equipment_photo",
    "equipment_photo_add",
    "equipment_status",
    "maintenance_add",
    "maintenance_remove",
    "personal_feed",
    "report",
    "report_export",
    "statement_detail",
    "statement_export",
    "statement_list",
    "training_add",
    "equipment_photo_remove",
    "equipment_trainings",
    "training_remove",
    "training_request",
    "training_request_answer",
    "training_requests",
    "training_revoke",
]
