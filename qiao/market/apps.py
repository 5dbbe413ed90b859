from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketConfig(AppConfig):
    name = "qiao.market"
    verbose_name = _("Needs and offers")

    def ready(self):
        from qiao.core import sections
        from qiao.market import policies  # noqa: F401  (registers the market's rules)
        from qiao.market.profile import listings_section

        sections.register(
            sections.ORGANISATION_PAGE,
            "listings",
            template="market/partials/profile_listings.html",
            order=10,
            build=listings_section,
        )
