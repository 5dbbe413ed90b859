from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttractionConfig(AppConfig):
    name = "qiao.attraction"
    verbose_name = _("Investment attraction")

    def ready(self):
        from qiao.attraction import policies  # noqa: F401  (registers the rules)
