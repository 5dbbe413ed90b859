"""Forms of the pipeline pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from qiao.directory.forms import OrganisationNameField, OrganisationNamesField
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

    party_a = OrganisationNameField(label=_("First party (Chinese name)"), max_length=200)
    party_a_role = forms.ChoiceField(label=_("Its role"), choices=AgreementParty.Role.choices)
    party_b = OrganisationNameField(label=_("Second party (Chinese name)"), max_length=200)
    party_b_role = forms.ChoiceField(label=_("Its role"), choices=AgreementParty.Role.choices)
    other_parties = OrganisationNamesField(
        label=_("Other parties (one Chinese name per line)"), required=False
    )

    categories = forms.ModelMultipleChoiceField(
        queryset=Term.objects.none(),
        label=_("Device categories"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("What the agreement is about, for the insights by category."),
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        categories = self.fields["categories"]
        categories.queryset = Term.objects.filter(vocabulary=Vocabulary.DEVICE_CATEGORY).order_by(
            "position"
        )
        categories.label_from_instance = lambda term: f"{term.code} {term.label}"
        if self.instance.pk:
            # Editing: the parties as they are now, the first two in their own fields.
            parties = list(self.instance.parties.select_related("organisation").order_by("id"))
            for field, party in zip(("party_a", "party_b"), parties, strict=False):
                self.initial.setdefault(field, party.organisation.name_zh)
                self.initial.setdefault(f"{field}_role", party.role)
            self.initial.setdefault(
                "other_parties", "\n".join(p.organisation.name_zh for p in parties[2:])
            )

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


class ProjectEditForm(forms.ModelForm):
    """A project's own fields, corrected after creation (its stage moves on the journey)."""

    class Meta:
        model = Project
        fields = ["name_zh", "name_en", "description", "category", "is_confidential"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Term.objects.filter(
            vocabulary=Vocabulary.DEVICE_CATEGORY
        ).order_by("position")
        self.fields["category"].label_from_instance = lambda term: f"{term.code} {term.label}"


class StageForm(forms.Form):
    stage = _stage_field()
    entered_on = forms.DateField(label=_("Since"), widget=forms.DateInput(attrs={"type": "date"}))


class MilestoneForm(forms.ModelForm):
    site_name = OrganisationNameField(
        label=_("Site, e.g. the trial hospital (Chinese name)"), max_length=200, required=False
    )

    class Meta:
        model = Milestone
        fields = ["kind", "reached_on", "certificate_number", "note"]
        widgets = {"reached_on": forms.DateInput(attrs={"type": "date"})}


class ProviderForm(forms.Form):
    organisation_name = OrganisationNameField(label=_("Provider (Chinese name)"), max_length=200)
    service = forms.ChoiceField(label=_("Service"), choices=ProjectProvider.Service.choices)


class FundingForm(forms.ModelForm):
    investor_names = OrganisationNamesField(
        label=_("Investors (one Chinese name per line)"), required=False
    )

    class Meta:
        model = ProjectFunding
        fields = ["round", "amount", "currency", "closed_on"]
        widgets = {"closed_on": forms.DateInput(attrs={"type": "date"})}
