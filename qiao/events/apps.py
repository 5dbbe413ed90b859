from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "qiao.events"
    verbose_name = _("Partnering events")

    def ready(self):
        from qiao.core import sections
        from qiao.events import policies  # noqa: F401  (registers the events' rules)
        from qiao.events.profile import events_section

        sections.register(
            sections.ORGANISATION_PAGE,
            "events",
            template="events/partials/profile_events.html",
            order=40,
            build=events_section,
        )
