from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InboxConfig(AppConfig):
    name = "qiao.inbox"
    verbose_name = _("Inbox")

    def ready(self):
        # Each app's notices.py defines its notices; load them so old notices render too.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("notices")
