"""What news review tells people: their organisation's agreements and figures from the news."""

from django.utils.translation import ngettext_lazy

from qiao.inbox import notices

AGREEMENT_FROM_NEWS = notices.define(
    "intel.agreement_from_news",
    kind="agreement",
    text=ngettext_lazy(
        "An agreement of %(organisation)s was recorded from the news: %(title)s",
        "%(count)d agreements of %(organisation)s were recorded from the news",
        "count",
    ),
)

FIGURE_FROM_NEWS = notices.define(
    "intel.figure_from_news",
    kind="other",
    text=ngettext_lazy(
        "A key figure of %(organisation)s was taken from the news: %(figure)s",
        "%(count)d key figures of %(organisation)s were taken from the news",
        "count",
    ),
)
