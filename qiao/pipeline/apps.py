from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PipelineConfig(AppConfig):
    name = "qiao.pipeline"
    verbose_name = _("Pipeline")

    def ready(self):
        from qiao.core import effects
        from qiao.pipeline.services.agreements import refresh_groups_of_organisation

        # An organisation moved district or changed kind: its agreements' groups follow
        # (after commit; a save that changed neither rewrites nothing).
        effects.subscribe("organisation_changed", refresh_groups_of_organisation)
