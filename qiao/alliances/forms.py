"""The secretariat's form for a membership tier: its fee and its benefits."""

from __future__ import annotations

from django import forms

from qiao.alliances.models import Tier
from qiao.alliances.services import TIER_FIELDS


class TierForm(forms.ModelForm):
    class Meta:
        model = Tier
        fields = list(TIER_FIELDS)
        widgets = {"benefits": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        # Browsers send a textarea's newlines as CRLF: keep the text as it was shown (LF),
        # so a tier saved unchanged changes nothing.
        cleaned = super().clean()
        for name, value in cleaned.items():
            if isinstance(value, str):
                cleaned[name] = value.replace("\r\n", "\n")
        return cleaned
