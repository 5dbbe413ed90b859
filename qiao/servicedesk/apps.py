from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicedeskConfig(AppConfig):
    name = "qiao.servicedesk"
    verbose_name = _("Service requests")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from qiao.servicedesk import checks, policies  # noqa: F401  (rules and checks)
