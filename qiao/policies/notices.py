"""The notices support policies send (auto-loaded by the inbox)."""

from django.utils.translation import ngettext_lazy

from qiao.inbox import notices

POLICY_QUALIFIES = notices.define(
    "policies.firm_qualifies",
    kind="policy",
    text=ngettext_lazy(
        "%(organisation)s qualifies for the policy “%(policy)s”",
        "%(organisation)s qualifies for %(count)d policies, the latest “%(policy)s”",
        "count",
    ),
)
