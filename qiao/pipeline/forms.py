"""Forms of the pipeline pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from qiao.directory.models import Organisation
from qiao.pipeline.models import (
    Agreement,
    AgreementParty,
    Milestone,
    Project,
    ProjectFunding,
    ProjectProvider,
)
from qiao.taxonomy.models import Term, Vocabulary


class AgreementForm(forms.ModelForm):
    """An agreement and its parties, typed by Chinese name (a drop-down can't hold 100k)."""

    party_a = forms.CharField(label=_("First party (Chinese name)"), max_length=200)
    party_a_role = forms.ChoiceField(label=_("Its role"), choices=AgreementParty.Role.choices)
    party_b = forms.CharField(label=_("Second party (Chinese name)"), max_length=200)
    party_b_role = forms.ChoiceField(label=_("Its role"), choices=AgreementParty.Role.choices)
    other_parties = forms.CharField(
        label=_("Other parties (one Chinese name per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    class Meta:
        model = Agreement
        fields = [
            "kind",
            "title_zh",
            "title_en",
            "signed_on",
            "place",
            "amount",
            "currency",
            "project_count",
            "description",
            "is_confidential",
        ]
        widgets = {
            "signed_on": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def _organisation(self, name: str) -> Organisation:
        organisation = Organisation.objects.filter(name_zh=name.strip()).first()
        if organisation is None:
            raise forms.ValidationError(_("No organisation has this Chinese name."))
        return organisation

    def clean_party_a(self):
        return self._organisation(self.cleaned_data["party_a"])

    def clean_party_b(self):
        return self._organisation(self.cleaned_data["party_b"])

    def clean_other_parties(self):
        names = [n.strip() for n in self.cleaned_data["other_parties"].splitlines() if n.strip()]
        found = {o.name_zh: o for o in Organisation.objects.filter(name_zh__in=names)}
        missing = [n for n in names if n not in found]
        if missing:
            raise forms.ValidationError(
                _("Unknown organisations: %(names)s") % {"names": "、".join(missing)}
            )
        return [found[n] for n in names]

    def parties(self) -> list[tuple[Organisation, str]]:
        data = self.cleaned_data
        return [
            (data["party_a"], data["party_a_role"]),
            (data["party_b"], data["party_b_role"]),
            *[(o, AgreementParty.Role.PARTY) for o in data.get("other_parties", [])],
        ]


class DocumentForm(forms.Form):
    file = forms.FileField(label=_("Document (PDF, Word, Excel, PNG, JPEG)"))


def _stage_field():
    field = forms.ModelChoiceField(
        queryset=Term.objects.filter(vocabulary=Vocabulary.LIFECYCLE_STAGE).order_by("position"),
        label=_("Lifecycle stage"),
    )
    field.label_from_instance = lambda term: term.label
    return field


class ProjectForm(forms.ModelForm):
    stage = _stage_field()
    entered_on = forms.DateField(
        label=_("At this stage since"), widget=forms.DateInput(attrs={"type": "date"})
    )

    class Meta:
        model = Project
        fields = ["name_zh", "name_en", "description", "category", "is_confidential"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"] = forms.ModelChoiceField(
            queryset=organisations, label=_("Organisation"), empty_label=None
        )
        self.fields["category"].queryset = Term.objects.filter(
            vocabulary=Vocabulary.DEVICE_CATEGORY
        ).order_by("position")
        self.fields["category"].label_from_instance = lambda term: f"{term.code} {term.label}"


class StageForm(forms.Form):
    stage = _stage_field()
    entered_on = forms.DateField(label=_("Since"), widget=forms.DateInput(attrs={"type": "date"}))


class MilestoneForm(forms.ModelForm):
    site_name = forms.CharField(
        label=_("Site, e.g. the trial hospital (Chinese name)"), max_length=200, required=False
    )

    class Meta:
        model = Milestone
        fields = ["kind", "reached_on", "certificate_number", "note"]
        widgets = {"reached_on": forms.DateInput(attrs={"type": "date"})}

    def clean_site_name(self):
        name = self.cleaned_data["site_name"].strip()
        if not name:
            return None
        organisation = Organisation.objects.filter(name_zh=name).first()
        if organisation is None:
            raise forms.ValidationError(_("No organisation has this Chinese name."))
        return organisation


class ProviderForm(forms.Form):
    organisation_name = forms.CharField(label=_("Provider (Chinese name)"), max_length=200)
    service = forms.ChoiceField(label=_("Service"), choices=ProjectProvider.Service.choices)

    def clean_organisation_name(self):
        organisation = Organisation.objects.filter(
            name_zh=self.cleaned_data["organisation_name"].strip()
        ).first()
        if organisation is None:
            raise forms.ValidationError(_("No organisation has this Chinese name."))
        return organisation


class FundingForm(forms.ModelForm):
    investor_names = forms.CharField(
        label=_("Investors (one Chinese name per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    class Meta:
        model = ProjectFunding
        fields = ["round", "amount", "currency", "closed_on"]
        widgets = {"closed_on": forms.DateInput(attrs={"type": "date"})}

    def clean_investor_names(self):
        names = [n.strip() for n in self.cleaned_data["investor_names"].splitlines() if n.strip()]
        found = {o.name_zh: o for o in Organisation.objects.filter(name_zh__in=names)}
        missing = [n for n in names if n not in found]
        if missing:
            raise forms.ValidationError(
                _("Unknown organisations: %(names)s") % {"names": "、".join(missing)}
            )
        return list(found.values())
