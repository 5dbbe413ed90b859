from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "qiao.accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from qiao.accounts import tokens
        from qiao.core import api_auth

        api_auth.register_verifier(tokens.verify_token)
