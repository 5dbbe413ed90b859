from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChainConfig(AppConfig):
    name = "qiao.chain"
    verbose_name = _("Industrial chain map")

    def ready(self):
        from qiao.chain import policies  # noqa: F401  (registers the rules)
