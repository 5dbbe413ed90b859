from django import forms

from qiao.core.forms import VersionedFormMixin
from qiao.home.models import SiteProfile


class SiteProfileForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = SiteProfile
        fields = list(SiteProfile.EDITABLE_FIELDS)
        widgets = {
            "description_zh": forms.Textarea(attrs={"rows": 4}),
            "description_en": forms.Textarea(attrs={"rows": 4}),
        }

    def profile_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in SiteProfile.EDITABLE_FIELDS}
