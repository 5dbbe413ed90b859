from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlliancesConfig(AppConfig):
    name = "qiao.alliances"
    verbose_name = _("Alliance membership")
