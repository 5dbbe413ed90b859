"""HTML forms of joining."""

from __future__ import annotations

from django import forms
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from qiao.directory.validators import clean_credit_code, validate_credit_code
from qiao.onboarding.models import Application
from qiao.taxonomy.models import Term, Vocabulary


class PasswordPairMixin:
    """Two password fields that must agree (the validators run in the service)."""

    def clean(self):
        data = super().clean()
        if data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data


def _password(label, required: bool, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=help_text,
    )


class ApplicationForm(PasswordPairMixin, forms.ModelForm):
    """The application to join (入驻申请)."""

    credit_code = forms.CharField(
        label=_("unified social credit code"),
        max_length=40,
        help_text=_("统一社会信用代码: 18 characters, as on the business licence."),
    )
    contact_phone = PhoneNumberField(
        label=_("contact mobile phone"),
        required=False,
        region="CN",
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    licence = forms.FileField(
        label=_("business licence scan"),
        required=False,
        help_text=_("Optional: PDF, PNG or JPEG."),
    )
    password1 = _password(
        _("Password for your account"),
        False,
        _(
            "Optional. Leave empty to choose it later from the e-mail sent when the "
            "application is approved."
        ),
    )
    password2 = _password(_("Password again"), False)

    class Meta:
        model = Application
        fields = [
            "name_zh",
            "name_en",
            "short_name_zh",
            "kind",
            "province",
            "city",
            "district",
            "credit_code",
            "contact_name",
            "contact_title",
            "contact_email",
            "contact_phone",
            "message",
        ]
        widgets = {"message": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = Term.objects.filter(
            vocabulary=Vocabulary.ORGANISATION_KIND, is_active=True
        )
        self.fields["kind"].label_from_instance = lambda term: term.label
        self.fields["password1"].help_text = str(self.fields["password1"].help_text)

    def clean_credit_code(self) -> str:
        code = clean_credit_code(self.cleaned_data.get("credit_code", ""))
        validate_credit_code(code)
        return code

    def _post_clean(self):
        # The service checks duplicates and saves; the model's own checks would run early.
        pass

    def application_data(self) -> dict:
        data = {name: self.cleaned_data.get(name) for name in self.Meta.fields}
        data["contact_phone"] = data["contact_phone"] or ""
        return data


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (the applicant reads it)"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class SignUpForm(PasswordPairMixin, forms.Form):
    full_name = forms.CharField(label=_("Your name"), max_length=100)
    email = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    phone = PhoneNumberField(
        label=_("Mobile phone"),
        required=False,
        region="CN",
        help_text=_("Optional: you may then sign in with it too."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    password1 = _password(_("Password"), True, password_validators_help_text_html())
    password2 = _password(_("Password again"), True)


class JoinRequestForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=None)
    message = forms.CharField(
        label=_("Message to its admins"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
