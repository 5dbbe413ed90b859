from django import forms

from qiao.attraction.models import PLANNED_STAGES, Lead


class LeadForm(forms.ModelForm):
    class Meta:
        model = Lead
        fields = list(Lead.EDITABLE_FIELDS)
        widgets = {"target_date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model

        self.fields["owner"].queryset = get_user_model().objects.filter(is_operator=True)


class StageTargetsForm(forms.Form):
    """One date per stage ahead of a lead: the date by which it should reach that stage."""

    def __init__(self, *args, lead: Lead, **kwargs):
        super().__init__(*args, **kwargs)
        dates = {t.stage: t.due_on for t in lead.targets.all()}
        labels = dict(Lead.Stage.choices)
        for stage in PLANNED_STAGES:
            self.fields[stage] = forms.DateField(
                label=labels[stage],
                required=False,
                initial=dates.get(stage),
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            )
