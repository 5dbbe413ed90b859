from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketConfig(AppConfig):
    name = "qiao.market"
    verbose_name = _("Needs and offers")

    def ready(self):
        from qiao.market import policies  # noqa: F401  (registers the market's rules)
