"""Forms for policies: the catalogue entry (criteria as JSON) and a firm's application."""

from __future__ import annotations

import json

from django import forms
from django.utils.translation import gettext_lazy as _

from qiao.core.forms import VersionedFormMixin
from qiao.policies.eligibility import validate
from qiao.policies.models import Application, Policy, StatusFlag
from qiao.policies.services import POLICY_FIELDS


class CriteriaField(forms.JSONField):
    """The criteria as indented JSON text; a stored list posted back unchanged is no change."""

    default_error_messages = {"invalid": _("The criteria are not valid JSON.")}

    def to_python(self, value):
        return super().to_python(value.strip() if isinstance(value, str) else value)

    def prepare_value(self, value):
        if value is None or isinstance(value, forms.fields.InvalidJSONInput):
            return value or ""
        return json.dumps(value, ensure_ascii=False, indent=1)


class PolicyForm(VersionedFormMixin, forms.ModelForm):
    source_url = forms.URLField(label=_("source document"), required=False, assume_scheme="https")
    criteria = CriteriaField(
        label=_("criteria"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
        help_text=_(
            'A list of criteria, e.g. [{"type": "region", "district": ["奉贤区"]}]; '
            "see the documentation for every kind."
        ),
    )

    class Meta:
        model = Policy
        fields = sorted(POLICY_FIELDS - {"criteria"})
        widgets = {
            "opens_on": forms.DateInput(attrs={"type": "date"}),
            "closes_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["criteria"] = self.instance.criteria

    def clean_criteria(self):
        value = self.cleaned_data.get("criteria")
        if value in (None, "", []):
            return []
        problems = validate(value)
        if problems:
            raise forms.ValidationError(
                _("The criteria cannot be read (%(code)s).") % {"code": problems[0]}
            )
        return value


class ApplicationForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Application
        fields = [
            "status", "applied_on", "decided_on", "amount_granted", "amount_received", "paid_on",
            "note",
        ]  # fmt: skip
        widgets = {
            name: forms.DateInput(attrs={"type": "date"})
            for name in ("applied_on", "decided_on", "paid_on")
        }


class FlagForm(forms.Form):
    name = forms.ChoiceField(label=_("status"), choices=StatusFlag.Name.choices)
    held = forms.TypedChoiceField(
        label=_("held"), coerce=lambda v: v == "yes",
        choices=[("yes", _("Yes")), ("no", _("No"))],
    )  # fmt: skip
    expires_on = forms.DateField(
        label=_("expires on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class CriterionRowForm(forms.Form):
    """One row of the criteria composer: field, operator, value (and a date, if it applies)."""

    field = forms.ChoiceField(label=_("field"), required=False)
    operator = forms.ChoiceField(label=_("operator"), required=False)
    value = forms.CharField(label=_("value"), required=False, max_length=200)
    since = forms.DateField(
        label=_("on or after"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        from qiao.policies.composer import FIELDS, OPERATORS

        super().__init__(*args, **kwargs)
        self.fields["field"].choices = [("", "—"), *((k, v[0]) for k, v in FIELDS.items())]
        self.fields["operator"].choices = list(OPERATORS.items())


CriterionRows = forms.formset_factory(CriterionRowForm, extra=0, max_num=30, absolute_max=30)


class ComposerForm(forms.Form):
    combine = forms.ChoiceField(
        label=_("The firm qualifies when it meets"),
        choices=[("all", _("all of the criteria")), ("any", _("any one of the criteria"))],
        widget=forms.RadioSelect,
        initial="all",
    )
