from django import forms

from qiao.attraction.models import Lead


class LeadForm(forms.ModelForm):
    class Meta:
        model = Lead
        fields = list(Lead.EDITABLE_FIELDS)
        widgets = {"target_date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model

        self.fields["owner"].queryset = get_user_model().objects.filter(is_operator=True)
