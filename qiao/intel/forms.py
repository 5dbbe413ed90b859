import json

from django import forms
from django.utils.translation import gettext_lazy as _


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files at once (a folder's worth); cleans to a list."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class IngestForm(forms.Form):
    text = forms.CharField(
        label=_("Pasted text"), widget=forms.Textarea(attrs={"rows": 8}), required=False
    )
    file = MultipleFileField(label=_("Text or HTML files"), required=False)
    url = forms.URLField(label=_("Address of a news page"), required=False, assume_scheme="https")
    source = forms.CharField(label=_("Source"), max_length=300, required=False)
    published_on = forms.DateField(label=_("Published on"), required=False)

    def clean(self):
        data = super().clean()
        given = [k for k in ("text", "file", "url") if data.get(k)]
        if len(given) != 1:
            raise forms.ValidationError(
                _("Paste a text, choose a file or give an address: one of the three.")
            )
        return data


class ProposalEditForm(forms.Form):
    payload = forms.CharField(label=_("Proposal (JSON)"), widget=forms.Textarea(attrs={"rows": 6}))

    def clean_payload(self):
        try:
            value = json.loads(self.cleaned_data["payload"])
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(
                _("This is not valid JSON: %(error)s") % {"error": exc.msg}
            ) from exc
        if not isinstance(value, dict):
            raise forms.ValidationError(_("The proposal is a JSON object."))
        return value


class ThresholdForm(forms.Form):
    threshold = forms.FloatField(
        label=_("Automatic acceptance threshold"), required=False, min_value=0, max_value=1
    )
