from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "qiao.matching"
    verbose_name = _("Matching")

    def ready(self):
        from qiao.core import effects
        from qiao.matching import index, policies  # noqa: F401  (policies: its rules)
        from qiao.matching.tasks import enqueue_matching

        # The outbox row in the changing transaction first, then (after commit) the task.
        effects.record_with("listing_changed", index.record_listing_change)
        effects.record_with("organisation_changed", index.record_organisation_change)
        effects.subscribe("listing_changed", enqueue_matching)
