"""What 招商 tells people: a lead's owner, once, when a stage's target date has passed."""

from django.utils.translation import gettext_lazy

from qiao.inbox import notices

LEAD_OVERDUE = notices.define(
    "attraction.lead_overdue",
    kind="other",
    text=gettext_lazy("Overdue: %(lead)s was to reach “%(stage)s” by %(due)s"),
)
