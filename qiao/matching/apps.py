from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "qiao.matching"
    verbose_name = _("Matching")

    def ready(self):
        from qiao.market import effects
        from qiao.matching.tasks import enqueue_matching

        effects.on_listing_changed(enqueue_matching)
