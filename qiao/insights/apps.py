from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "qiao.insights"
    verbose_name = _("Insights")

    def ready(self):
        from qiao.core import effects
        from qiao.insights.cache import bump_version

        # Any change another app announces may move a figure: cached ones stop being read.
        effects.subscribe_all(bump_version)
