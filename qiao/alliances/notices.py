"""What alliance membership tells people. Parameters: ``alliance``, ``member`` (names),
``date`` (ISO date), ``days``."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from qiao.inbox import notices

APPLIED = notices.define(
    "alliances.applied",
    kind="membership",
    text=_("%(member)s applies to join %(alliance)s"),
)
APPROVED = notices.define(
    "alliances.approved",
    kind="membership",
    text=_("%(alliance)s approved your membership; it starts once the fee is recorded"),
)
RENEWAL_DUE = notices.define(
    "alliances.renewal_due",
    kind="membership",
    text=ngettext_lazy(
        "Your membership of %(alliance)s ends on %(date)s (in %(days)s day): renew by paying "
        "the annual fee; it does not renew by itself",
        "Your membership of %(alliance)s ends on %(date)s (in %(days)s days): renew by paying "
        "the annual fee; it does not renew by itself",
        "days",
    ),
)
LAPSED = notices.define(
    "alliances.lapsed",
    kind="membership",
    text=_("Your membership of %(alliance)s lapsed on %(date)s: no fee was recorded"),
)
VOUCHER_ISSUED = notices.define(
    "alliances.voucher_issued",
    kind="membership",
    text=_("%(alliance)s issued your lab voucher for %(year)s: ¥%(amount)s, valid until %(date)s"),
)
