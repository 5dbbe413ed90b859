"""What joining tells people (``qiao.inbox.notices``)."""

from django.utils.translation import gettext_lazy, ngettext_lazy

from qiao.inbox import notices

APPLICATION_RECEIVED = notices.define(
    "onboarding.application_received",
    kind="membership",
    text=ngettext_lazy(
        "%(organisation)s applies to join Qiao",
        "%(count)d applications to join Qiao, the latest from %(organisation)s",
        "count",
    ),
)
APPLICATION_APPROVED = notices.define(
    "onboarding.application_approved",
    kind="membership",
    text=gettext_lazy("%(organisation)s has joined Qiao: you are its admin"),
)
APPLICATION_DECLINED = notices.define(
    "onboarding.application_declined",
    kind="membership",
    text=gettext_lazy("The application of %(organisation)s was declined: %(reason)s"),
)
JOIN_REQUESTED = notices.define(
    "onboarding.join_requested",
    kind="membership",
    text=ngettext_lazy(
        "%(person)s asks to join %(organisation)s",
        "%(count)d people ask to join %(organisation)s",
        "count",
    ),
)
JOIN_APPROVED = notices.define(
    "onboarding.join_approved",
    kind="membership",
    text=gettext_lazy("You are now a member of %(organisation)s"),
)
JOIN_DECLINED = notices.define(
    "onboarding.join_declined",
    kind="membership",
    text=gettext_lazy("Your request to join %(organisation)s was declined: %(reason)s"),
)
