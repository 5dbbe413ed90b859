"""The form that makes an API token."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from qiao.accounts.models import ApiToken
from qiao.accounts.tokens import LIFETIMES


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What uses it, e.g. the park's OA system."),
    )
    scope = forms.ChoiceField(label=_("Scope"), choices=ApiToken.Scope.choices)
    days = forms.TypedChoiceField(
        label=_("Expires after"),
        coerce=int,
        choices=[
            (days, ngettext_lazy("%(days)d day", "%(days)d days", "days") % {"days": days})
            for days in LIFETIMES
        ],
        initial=90,
    )
