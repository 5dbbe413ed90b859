from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "qiao.events"
    verbose_name = _("Partnering events")

    def ready(self):
        from qiao.events import policies  # noqa: F401  (registers the events' rules)
