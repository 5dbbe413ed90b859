from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExpertsConfig(AppConfig):
    name = "qiao.experts"
    verbose_name = _("Expert think tank")

    def ready(self):
        from qiao.core import sections
        from qiao.experts.opinions import need_opinions_section

        sections.register(
            sections.LISTING_PAGE,
            "expert_opinions",
            template="experts/partials/need_opinions.html",
            order=5,
            build=need_opinions_section,
        )
