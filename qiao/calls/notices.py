"""What calls tell people (``qiao.inbox.notices``). Parameters: ``call`` and
``application`` (names), ``organisation``, ``partner``, ``amount``, ``date``."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from qiao.inbox import notices

APPLICATION_SUBMITTED = notices.define(
    "calls.application_submitted",
    kind="review",
    text=ngettext_lazy(
        "%(organisation)s applied to %(call)s",
        "%(count)d applications to %(call)s",
        "count",
    ),
)
REVIEW_ASKED = notices.define(
    "calls.review_asked",
    kind="review",
    text=ngettext_lazy(
        "Please review an application to %(call)s",
        "Please review %(count)d applications to %(call)s",
        "count",
    ),
)
DECIDED = notices.define(
    "calls.decided",
    kind="review",
    text=_("The decision on your application “%(application)s” to %(call)s is out"),
)
INTRODUCED = notices.define(
    "calls.introduced",
    kind="review",
    text=_("Your funded application “%(application)s” brings an introduction to %(partner)s"),
)
VOUCHER_GRANTED = notices.define(
    "calls.voucher_granted",
    kind="review",
    text=_(
        "Your funded application “%(application)s” brings a lab voucher of ¥%(amount)s, "
        "valid until %(date)s"
    ),
)
