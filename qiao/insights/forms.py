"""Filters of the dashboards: bad values get a message, never a server error."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qiao.directory.models import RelationKind
from qiao.insights.selectors import PERIODS
from qiao.insights.selectors.network import DEFAULT_LIMIT, MAX_LIMIT
from qiao.insights.selectors.statistics import latest_period
from qiao.pipeline.models import Agreement
from qiao.reporting.models import PERIOD_VALIDATOR, Indicator
from qiao.taxonomy.models import Term, Vocabulary

PERIOD_LABELS = {"year": _("Year"), "quarter": _("Quarter"), "month": _("Month")}


class AgreementFilterForm(forms.Form):
    period = forms.ChoiceField(
        label=_("By"), choices=[(p, PERIOD_LABELS[p]) for p in PERIODS], required=False
    )
    since = forms.DateField(
        label=_("Signed from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("to"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise forms.ValidationError(_("The start date is after the end date."))
        data["period"] = data.get("period") or "year"
        return data


class BrokerFilterForm(forms.Form):
    since = forms.DateField(
        label=_("Proposed and signed since"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean(self):
        data = super().clean()
        data["since"] = data.get("since") or timezone.localdate() - datetime.timedelta(days=90)
        return data


def _with_all(choices, *, none_label):
    return [("", _("All")), *choices, ("none", none_label)]


class NetworkFilterForm(forms.Form):
    agreement_kind = forms.ChoiceField(
        label=_("Agreements"),
        choices=_with_all(Agreement.Kind.choices, none_label=_("No agreements")),
        required=False,
    )
    relation_kind = forms.ChoiceField(
        label=_("Relations"),
        choices=_with_all(RelationKind.choices, none_label=_("No relations")),
        required=False,
    )
    category = forms.ChoiceField(label=_("Device category"), required=False)
    limit = forms.IntegerField(
        label=_("Organisations shown"),
        min_value=1,
        max_value=MAX_LIMIT,
        required=False,
        widget=forms.NumberInput(attrs={"placeholder": DEFAULT_LIMIT}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        categories = Term.objects.filter(vocabulary=Vocabulary.DEVICE_CATEGORY).order_by("position")
        self.fields["category"].choices = [
            ("", _("All")),
            *[(t.code, f"{t.code} {t.label}") for t in categories],
        ]

    def clean(self):
        data = super().clean()
        data["limit"] = data.get("limit") or DEFAULT_LIMIT
        return data


class IndicatorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


def _indicators():
    return Indicator.objects.filter(is_active=True)


class StatisticsFilterForm(forms.Form):
    indicator = IndicatorChoiceField(
        label=_("Indicator in the charts"),
        queryset=None,
        required=False,
        empty_label=_("First with figures"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = _indicators()


class RegionFilterForm(forms.Form):
    indicator = IndicatorChoiceField(label=_("Indicator"), queryset=None, required=False)
    period = forms.CharField(
        label=_("Period"),
        required=False,
        max_length=6,
        validators=[PERIOD_VALIDATOR],
        widget=forms.TextInput(attrs={"placeholder": "2026Q3", "size": 8}),
    )
    province = forms.CharField(label=_("Province"), required=False, max_length=30)
    city = forms.CharField(label=_("City"), required=False, max_length=30)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = _indicators()

    def clean(self):
        data = super().clean()
        if data.get("city") and not data.get("province"):
            raise forms.ValidationError(_("Choose the province of the city."))
        indicator = data.get("indicator") or _indicators().first()
        data["indicator"] = indicator
        if indicator is not None and not data.get("period"):
            data["period"] = latest_period(indicator)
        return data
