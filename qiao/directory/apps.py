from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "qiao.directory"
    verbose_name = _("Directory")

    def ready(self):
        from qiao.core import effects
        from qiao.directory.search import bump_version

        # Cached searches go stale when an organisation changes (directory/search.py).
        effects.subscribe("organisation_changed", bump_version)
