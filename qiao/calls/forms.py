"""Forms of calls: a call with its criteria, an application, scores, a decision."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from qiao.calls.models import Application, Call
from qiao.directory.forms import OrganisationNameField
from qiao.directory.models import Organisation


class PartnerField(OrganisationNameField):
    """The call's partner typed by Chinese name; a saved partner is shown by its name."""

    def prepare_value(self, value):
        if isinstance(value, int):
            organisation = Organisation.objects.filter(pk=value).first()
            return organisation.name_zh if organisation else ""
        if isinstance(value, Organisation):
            return value.name_zh
        return value


class CriteriaField(forms.CharField):
    """Criteria as lines of a name and a weight, read into ``[(name, weight), ...]``.

    Rows given as initial values are shown as the same lines, so criteria posted back
    unchanged compare equal to what was shown.
    """

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(f"{name} {weight}" for name, weight in value)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        rows = []
        for line in text.splitlines():
            parts = line.strip().rsplit(maxsplit=1)
            if not parts:
                continue
            if len(parts) != 2 or not parts[1].isdigit() or int(parts[1]) < 1:
                raise forms.ValidationError(
                    _("Write each criterion as a name and a whole-number weight.")
                )
            rows.append((parts[0][:100], int(parts[1])))
        return rows

    def validate(self, value):
        super().validate(value)
        if not value:
            raise forms.ValidationError(_("Add at least one criterion."))


class CallForm(forms.ModelForm):
    partner = PartnerField(
        label=_("Partner for introductions"),
        required=False,
        help_text=_("The organisation a funded applicant is introduced to (Chinese name)."),
    )
    criteria = CriteriaField(
        label=_("Criteria"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line: name and weight, e.g. “创新性 3”."),
    )

    class Meta:
        model = Call
        fields = [
            "kind",
            "title_zh",
            "title_en",
            "description",
            "opens_on",
            "closes_on",
            "eligible_regions",
            "reviewers_per_application",
            "reviews_to_applicant",
            "outcome",
            "partner",
            "voucher_issuer",
            "voucher_share_percent",
        ]
        widgets = {
            "opens_on": forms.DateInput(attrs={"type": "date"}),
            "closes_on": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 4}),
        }


class ApplicationForm(forms.Form):
    organisation = forms.ModelChoiceField(queryset=None, label=_("Applicant"))
    title = forms.CharField(label=_("Project title"), max_length=200)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args, organisations, call: Call, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if len(organisations) == 1:
            self.fields["organisation"].initial = organisations[0]
        self.call = call
        for spec in call.form_fields:
            key = str(spec.get("key"))
            self.fields[f"answer_{key}"] = forms.CharField(
                label=spec.get("label_zh") or key,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def answers(self) -> dict[str, str]:
        return {
            name.removeprefix("answer_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("answer_")
        }


class DecisionForm(forms.Form):
    funded = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Fund")), ("0", _("Do not fund"))],
        coerce=lambda v: v == "1",
    )
    amount = forms.DecimalField(
        label=_("Amount (yuan)"), required=False, min_value=0, max_digits=14, decimal_places=2
    )
    letter = forms.CharField(label=_("Decision letter"), widget=forms.Textarea(attrs={"rows": 5}))


APPLICATION_STATUS = Application.Status
