from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from qiao.reporting.models import PERIOD_VALIDATOR, Indicator


class CampaignForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=120)
    period = forms.CharField(
        label=_("period"),
        max_length=6,
        validators=[PERIOD_VALIDATOR],
        help_text=_("A year (2026) or a quarter (2026Q3)."),
    )
    due_on = forms.DateField(label=_("due date"), widget=forms.DateInput(attrs={"type": "date"}))
    indicators = forms.ModelMultipleChoiceField(
        label=_("indicators"),
        queryset=Indicator.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
    )


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = [
            "code",
            "name_zh",
            "name_en",
            "unit_zh",
            "unit_en",
            "period_kind",
            "definition",
            "statistical_return",
            "jump_threshold",
            "derived_from",
        ]


class EntriesForm(forms.Form):
    """One value and one explanation per line of a firm's form."""

    def __init__(self, *args, entries, **kwargs):
        super().__init__(*args, **kwargs)
        self.entries = list(entries)
        for entry in self.entries:
            self.fields[f"value_{entry.pk}"] = forms.DecimalField(
                label=entry.indicator.name,
                required=False,
                max_digits=16,
                decimal_places=2,
                initial=entry.value,
            )
            self.fields[f"explanation_{entry.pk}"] = forms.CharField(
                label=_("explanation"),
                required=False,
                max_length=300,
                initial=entry.explanation,
            )

    def rows(self):
        for entry in self.entries:
            yield entry, self[f"value_{entry.pk}"], self[f"explanation_{entry.pk}"]

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            e.pk: (data.get(f"value_{e.pk}"), data.get(f"explanation_{e.pk}") or "")
            for e in self.entries
        }


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("reason for returning"), max_length=300)
