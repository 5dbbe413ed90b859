"""What the lab tells people (``qiao.inbox.notices``): each notice once, read in the reader's
language. Parameters: ``equipment`` (bilingual name), ``when`` (local start), ``weeks``,
``booker``, ``reason``."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from qiao.inbox import notices

BOOKING_APPROVED = notices.define(
    "lab.booking_approved",
    kind="lab_booking",
    text=_("Your booking of %(equipment)s on %(when)s is confirmed"),
)
BOOKING_DECLINED = notices.define(
    "lab.booking_declined",
    kind="lab_booking",
    text=_("Your booking of %(equipment)s on %(when)s was declined"),
)
SERIES_REQUESTED = notices.define(
    "lab.series_requested",
    kind="lab_booking",
    text=ngettext_lazy(
        "%(booker)s asks for %(equipment)s weekly from %(when)s (%(weeks)s weeks): approve once",
        "%(count)d weekly series of %(equipment)s wait for your approval",
        "count",
    ),
)
SERIES_APPROVED = notices.define(
    "lab.series_approved",
    kind="lab_booking",
    text=_("Your weekly booking of %(equipment)s from %(when)s is approved (%(weeks)s weeks)"),
)
SERIES_DECLINED = notices.define(
    "lab.series_declined",
    kind="lab_booking",
    text=_("Your weekly booking of %(equipment)s from %(when)s was declined"),
)
AFFECTED_CANCELLED = notices.define(
    "lab.booking_affected_cancelled",
    kind="lab_booking",
    text=_("Your booking of %(equipment)s on %(when)s is cancelled: %(reason)s"),
)
AFFECTED_KEPT = notices.define(
    "lab.booking_affected_kept",
    kind="lab_booking",
    text=_("%(equipment)s is %(reason)s; your booking on %(when)s stands, the lab will confirm"),
)
TRAINING_REQUESTED = notices.define(
    "lab.training_requested",
    kind="lab_booking",
    text=ngettext_lazy(
        "%(booker)s asks to be trained on %(equipment)s",
        "%(count)d people ask to be trained on %(equipment)s",
        "count",
    ),
)
TRAINING_GRANTED = notices.define(
    "lab.training_granted",
    kind="lab_booking",
    text=_("You are trained on %(equipment)s and may book it"),
)
TRAINING_DECLINED = notices.define(
    "lab.training_declined",
    kind="lab_booking",
    text=_("Your request for training on %(equipment)s was declined: %(reason)s"),
)
TRAINING_REVOKED = notices.define(
    "lab.training_revoked",
    kind="lab_booking",
    text=_("Your training on %(equipment)s was revoked: %(reason)s"),
)

BOOKING_REQUESTED = notices.define(
    "lab.booking_requested",
    kind="lab_booking",
    text=_("Booking of %(equipment)s on %(when)s waits for your approval"),
)
SLOT_OFFERED = notices.define(
    "lab.slot_offered",
    kind="lab_booking",
    text=_("A slot of %(equipment)s on %(when)s is free: accept it before the offer ends"),
)
BOOKING_CANCELLED = notices.define(
    "lab.booking_cancelled",
    kind="lab_booking",
    text=_("The booking of %(equipment)s on %(when)s was cancelled"),
)
