from django import forms
from django.utils.translation import gettext_lazy as _

from qiao.servicedesk.models import ServiceRequest


class RequestForm(forms.ModelForm):
    class Meta:
        model = ServiceRequest
        fields = ["category", "title", "description", "urgency"]


class MessageForm(forms.Form):
    body = forms.CharField(label=_("message"), widget=forms.Textarea(attrs={"rows": 3}))
    wait_on_firm = forms.BooleanField(label=_("Wait for the firm's answer"), required=False)


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How satisfied are you?"), coerce=int,
        choices=[(i, str(i)) for i in range(5, 0, -1)],
    )  # fmt: skip
    comment = forms.CharField(label=_("comment"), required=False, max_length=500)
