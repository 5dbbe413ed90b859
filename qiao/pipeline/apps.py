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

        from qiao.core import sections
        from qiao.pipeline import profile

        for key, order, build in (
            ("agreements", 20, profile.agreements_section),
            ("projects", 30, profile.projects_section),
        ):
            sections.register(
                sections.ORGANISATION_PAGE,
                key,
                template=f"pipeline/partials/profile_{key}.html",
                order=order,
                build=build,
            )
        sections.register(
            sections.LISTING_PAGE,
            "projects",
            template="pipeline/partials/need_projects.html",
            order=10,
            build=profile.need_projects_section,
        )
