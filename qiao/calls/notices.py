"""What calls tell people (``qiao.inbox.notices``). Parameters: ``call`` and
``application`` (names), ``organisation``."""

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
