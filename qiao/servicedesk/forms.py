from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from qiao.servicedesk.models import Department, ServiceRequest

ATTACHMENT_LABEL = _("Attachment (PDF, Word, Excel, PNG, JPEG)")


class RequestForm(forms.ModelForm):
    attachment = forms.FileField(label=ATTACHMENT_LABEL, required=False)

    class Meta:
        model = ServiceRequest
        fields = ["category", "title", "description", "urgency"]


class AttachmentForm(forms.Form):
    file = forms.FileField(label=ATTACHMENT_LABEL)


class HandOverForm(forms.Form):
    """The department (and, if not its usual handler, the person) a request goes to."""

    department = forms.ModelChoiceField(
        label=_("department"), queryset=Department.objects.all(), required=False
    )
    handler = forms.ModelChoiceField(
        label=_("handler"), required=False, queryset=get_user_model().objects.none(),
        help_text=_("Leave empty for the department's usual handler."),
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        handlers = Department.objects.exclude(handler=None).values("handler_id")
        self.fields["handler"].queryset = (
            get_user_model()
            .objects.filter(Q(is_operator=True) | Q(pk__in=handlers), is_active=True)
            .order_by("email")
        )
        self.fields["handler"].label_from_instance = lambda u: u.get_full_name() or u.email

    def clean(self):
        data = super().clean()
        if not data.get("department") and not data.get("handler"):
            raise forms.ValidationError(_("Choose a department or a handler."))
        return data


class MessageForm(forms.Form):
    body = forms.CharField(label=_("message"), widget=forms.Textarea(attrs={"rows": 3}))
    wait_on_firm = forms.BooleanField(label=_("Wait for the firm's answer"), required=False)


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How satisfied are you?"), coerce=int,
        choices=[(i, str(i)) for i in range(5, 0, -1)],
    )  # fmt: skip
    comment = forms.CharField(label=_("comment"), required=False, max_length=500)
