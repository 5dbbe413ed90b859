"""What statistics tell people: a form to fill, a form signed, accepted or returned, reminders."""

from django.utils.translation import gettext_lazy, ngettext_lazy

from qiao.inbox import notices

FORM_TO_FILL = notices.define(
    "reporting.form_to_fill",
    kind="other",
    text=gettext_lazy("Statistics for %(period)s are due on %(due)s: %(campaign)s"),
)
FORM_SIGNED = notices.define(
    "reporting.form_signed",
    kind="other",
    text=ngettext_lazy(
        "%(organisation)s signed off its statistics for %(period)s",
        "%(count)d firms signed off their statistics for %(period)s",
        "count",
    ),
)
FORM_ACCEPTED = notices.define(
    "reporting.form_accepted",
    kind="other",
    text=gettext_lazy("Your statistics for %(period)s were accepted"),
)
FORM_RETURNED = notices.define(
    "reporting.form_returned",
    kind="other",
    text=gettext_lazy("Your statistics for %(period)s were returned: %(reason)s"),
)
DUE_SOON = notices.define(
    "reporting.due_soon",
    kind="other",
    text=gettext_lazy("Reminder: statistics for %(period)s are due on %(due)s"),
)
OVERDUE = notices.define(
    "reporting.overdue",
    kind="other",
    text=gettext_lazy("Overdue: statistics for %(period)s were due on %(due)s"),
)
