from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LabConfig(AppConfig):
    name = "qiao.lab"
    verbose_name = _("Shared lab")

    def ready(self):
        from qiao.lab import checks  # noqa: F401  (registers the holiday calendar check)
        from qiao.lab.listing import booking_link
        from qiao.market import effects

        effects.on_listing_link(booking_link)

        from qiao.core import sections
        from qiao.lab.profile import instruments_section

        sections.register(
            sections.ORGANISATION_PAGE,
            "instruments",
            template="lab/partials/profile_instruments.html",
            order=50,
            build=instruments_section,
        )
