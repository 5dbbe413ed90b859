from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "qiao.reporting"
    verbose_name = _("Statistics and reporting")

    def ready(self):
        from qiao.reporting import notices, policies  # noqa: F401  (registers rules and notices)
