"""The operator's form for an expert: fields, tags, appointment, status and availability."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from qiao.core.forms import CheckboxGroup, VersionedFormMixin
from qiao.directory.forms import TermChoiceField
from qiao.experts.models import Expert
from qiao.experts.services import EXPERT_FIELDS
from qiao.taxonomy.models import Term, Vocabulary

FIELD_VOCABULARIES = (
    Vocabulary.TECHNOLOGY_AREA,
    Vocabulary.THERAPEUTIC_AREA,
    Vocabulary.DEVICE_CATEGORY,
)


class ExpertForm(VersionedFormMixin, forms.ModelForm):
    terms = TermChoiceField(
        label=_("field tags"),
        queryset=Term.objects.none(),
        required=False,
        widget=CheckboxGroup,
    )

    class Meta:
        model = Expert
        fields = sorted(EXPERT_FIELDS)
        widgets = {
            "term_start": forms.DateInput(attrs={"type": "date"}),
            "term_end": forms.DateInput(attrs={"type": "date"}),
            "fields_zh": forms.Textarea(attrs={"rows": 3}),
            "fields_en": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["terms"].queryset = Term.objects.filter(
            vocabulary__in=FIELD_VOCABULARIES
        ).order_by("vocabulary", "code")

    def clean(self):
        return lf_newlines(super().clean())


def lf_newlines(cleaned: dict) -> dict:
    """Browsers send a textarea's newlines as CRLF: store the text as it was shown (LF), so
    a form saved unchanged changes nothing."""
    for name, value in cleaned.items():
        if isinstance(value, str):
            cleaned[name] = value.replace("\r\n", "\n")
    return cleaned
