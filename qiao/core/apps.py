from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "qiao.core"
    verbose_name = _("Core")

    def ready(self):
        from qiao.core.aggregates import register_sqlite_functions

        connection_created.connect(register_sqlite_functions, dispatch_uid="qiao_sqlite_functions")
