from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "qiao.home"
    verbose_name = _("Home")

    def ready(self):
        from qiao.home import policies  # noqa: F401  (registers the rules)
