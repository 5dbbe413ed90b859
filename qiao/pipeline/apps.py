from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class PipelineConfig(AppConfig):
    name = "qiao.pipeline"
    verbose_name = _("Pipeline")

    def ready(self):
        from qiao.directory.models import Organisation
        from qiao.pipeline.services.agreements import refresh_groups_of_organisation

        # An organisation moved district or changed kind: its agreements' groups follow.
        post_save.connect(
            refresh_groups_of_organisation,
            sender=Organisation,
            dispatch_uid="pipeline-agreement-groups",
        )
