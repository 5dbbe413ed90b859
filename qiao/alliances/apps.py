from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlliancesConfig(AppConfig):
    name = "qiao.alliances"
    verbose_name = _("Alliance membership")

    def ready(self):
        # Tier benefits are enforced where events and lab compute them; those apps may not
        # import this one, so they ask through a registry (see qiao/alliances/benefits.py).
        from qiao.alliances import benefits
        from qiao.events import benefits as event_benefits
        from qiao.lab import benefits as lab_benefits
        from qiao.market import audiences

        lab_benefits.register_discount(benefits.lab_discount_percent)
        lab_benefits.register_voucher_grantor(benefits.grants_vouchers)
        event_benefits.register_request_quota(benefits.event_request_quota)
        event_benefits.register_auto_approval(benefits.event_registration_priority)
        audiences.register_alliances_of(benefits.alliances_of)
