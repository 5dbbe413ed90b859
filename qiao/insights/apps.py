from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "qiao.insights"
    verbose_name = _("Insights")

    def ready(self):
        from qiao.directory.models import Organisation, OrganisationRelation
        from qiao.insights.cache import bump_version
        from qiao.market.models import Listing
        from qiao.pipeline.models import (
            Agreement,
            AgreementParty,
            Introduction,
            IntroductionEvent,
            Project,
            ProjectStage,
        )

        # A change to any row the dashboards read makes their cached figures stale.
        read = (
            Organisation,
            OrganisationRelation,
            Listing,
            Introduction,
            IntroductionEvent,
            Agreement,
            AgreementParty,
            Project,
            ProjectStage,
        )
        for model in read:
            post_save.connect(bump_version, sender=model, dispatch_uid=f"insights-{model}")
            post_delete.connect(bump_version, sender=model, dispatch_uid=f"insights-del-{model}")
        m2m_changed.connect(
            bump_version, sender=Agreement.categories.through, dispatch_uid="insights-categories"
        )
