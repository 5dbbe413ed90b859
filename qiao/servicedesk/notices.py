"""The notices service requests send (auto-loaded by the inbox)."""

from django.utils.translation import ngettext_lazy

from qiao.inbox import notices

REQUEST_FILED = notices.define(
    "servicedesk.request_filed",
    kind="service_request",
    text=ngettext_lazy(
        "%(organisation)s filed a service request: %(title)s",
        "%(count)d new service requests, the latest from %(organisation)s",
        "count",
    ),
)
REQUEST_ANSWERED = notices.define(
    "servicedesk.request_answered",
    kind="service_request",
    text=ngettext_lazy(
        "The park answered your request “%(title)s”",
        "The park answered your request “%(title)s” %(count)d times",
        "count",
    ),
)
REQUEST_OVERDUE = notices.define(
    "servicedesk.request_overdue",
    kind="service_request",
    text=ngettext_lazy(
        "Overdue service request: “%(title)s” was due on %(due)s",
        "%(count)d overdue service requests, the latest “%(title)s”",
        "count",
    ),
)
REQUEST_HANDED_OVER = notices.define(
    "servicedesk.request_handed_over",
    kind="service_request",
    text=ngettext_lazy(
        "A service request was handed to you: “%(title)s” (%(organisation)s), due on %(due)s",
        "%(count)d service requests were handed to you, the latest “%(title)s”",
        "count",
    ),
)
