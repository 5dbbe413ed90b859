"""Forms of the pipeline pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from qiao.core.forms import VersionedFormMixin
from qiao.directory.forms import OrganisationNameField, OrganisationNamesField
from qiao.directory.models import Organisation
from qiao.market.models import Listing, Side
from qiao.market.selectors import list_visible_listings
from qiao.pipeline.models import (
    Agreement,
    AgreementParty,
    Milestone,
    Project,
    ProjectFunding,
    ProjectProvider,
)
from qiao.pipeline.selectors import list_visible_agreements, list_visible_introductions
from qiao.taxonomy.models import Term, Vocabulary


def _categories_field():
    field = forms.ModelMultipleChoiceField(
        queryset=Term.objects.filter(vocabulary=Vocabulary.DEVICE_CATEGORY).order_by("position"),
        label=_("Device categories"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("What the agreement is about, for the insights by category."),
    )
    field.label_from_instance = lambda term: f"{term.code} {term.label}"
    return field


def _party_fields() -> dict[str, forms.Field]:
    return {
        "party_a": OrganisationNameField(label=_("First party (Chinese name)"), max_length=200),
        "party_a_role": forms.ChoiceField(label=_("Its role"), choices=AgreementParty.Role.choices),
        "party_b": OrganisationNameField(label=_("Second party (Chinese name)"), max_length=200),
        "party_b_role": forms.ChoiceField(label=_("Its role"), choices=AgreementParty.Role.choices),
        "other_parties": OrganisationNamesField(
            label=_("Other parties (one Chinese name per line)"), required=False
        ),
    }


class PartiesMixin(forms.BaseForm):
    """The parties, typed by Chinese name (a drop-down can't hold 100k organisations);
    they come first on the form."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        parties = _party_fields()
        self.fields = {**parties, **self.fields}

    def show_parties(self, agreement: Agreement) -> None:
        """Start from the agreement's parties as they are, the first two in their own fields."""
        parties = list(agreement.parties.select_related("organisation").order_by("id"))
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


AGREEMENT_WIDGETS = {
    "signed_on": forms.DateInput(attrs={"type": "date"}),
    "description": forms.Textarea(attrs={"rows": 3}),
}


class AgreementForm(PartiesMixin, forms.ModelForm):
    """A new agreement and its parties."""

    categories = _categories_field()

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
        widgets = AGREEMENT_WIDGETS


class AgreementEditForm(VersionedFormMixin, forms.ModelForm):
    """An agreement's own fields, corrected (its parties and confidentiality are changed
    with every party's consent: ``AgreementChangeForm``)."""

    categories = _categories_field()

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
        ]
        widgets = AGREEMENT_WIDGETS


class AgreementChangeForm(PartiesMixin, forms.Form):
    """Ask for other parties or another confidentiality."""

    is_confidential = forms.BooleanField(
        label=_("Confidential"),
        required=False,
        help_text=_("Only the parties and operators see a confidential agreement."),
    )
    reason = forms.CharField(
        label=_("Why"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, agreement: Agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.show_parties(agreement)
        self.initial.setdefault("is_confidential", agreement.is_confidential)


class NextActionForm(forms.Form):
    next_action = forms.CharField(label=_("Next action"), max_length=200, required=False)
    due = forms.DateField(
        label=_("Due"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 3}))


class DocumentForm(forms.Form):
    file = forms.FileField(label=_("Document (PDF, Word, Excel, PNG, JPEG)"))


def _stage_field():
    field = forms.ModelChoiceField(
        queryset=Term.objects.filter(vocabulary=Vocabulary.LIFECYCLE_STAGE).order_by("position"),
        label=_("Lifecycle stage"),
    )
    field.label_from_instance = lambda term: term.label
    return field


ORIGIN_CHOICES = 300  # the newest of each, enough for a member's own dealings


class OriginFieldsMixin:
    """The need, introduction and agreement a project came from, among those the editor sees
    (the service checks again: a posted id outside these is refused either way)."""

    def _limit_origins(self, viewer) -> None:
        def keep(queryset, name):
            current = getattr(self.instance, f"{name}_id", None)
            newest = list(queryset.order_by("-pk").values_list("pk", flat=True)[:ORIGIN_CHOICES])
            return queryset.model.objects.filter(pk__in=[*newest, current])

        needs = list_visible_listings(viewer=viewer).filter(side=Side.NEED)
        self.fields["need"].queryset = keep(needs, "need").order_by("-pk")
        self.fields["need"].label_from_instance = Listing.__str__
        introductions = list_visible_introductions(viewer=viewer)
        self.fields["introduction"].queryset = keep(introductions, "introduction").order_by("-pk")
        agreements = list_visible_agreements(viewer=viewer)
        self.fields["agreement"].queryset = keep(agreements, "agreement").order_by("-signed_on")


ORIGIN_FORM_FIELDS = ["need", "introduction", "agreement"]


class ProjectForm(OriginFieldsMixin, forms.ModelForm):
    stage = _stage_field()
    entered_on = forms.DateField(
        label=_("At this stage since"), widget=forms.DateInput(attrs={"type": "date"})
    )

    class Meta:
        model = Project
        fields = [
            "name_zh",
            "name_en",
            "description",
            "category",
            "is_confidential",
            *ORIGIN_FORM_FIELDS,
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, organisations, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        self._limit_origins(viewer)
        self.fields["organisation"] = forms.ModelChoiceField(
            queryset=organisations, label=_("Organisation"), empty_label=None
        )
        self.fields["category"].queryset = Term.objects.filter(
            vocabulary=Vocabulary.DEVICE_CATEGORY
        ).order_by("position")
        self.fields["category"].label_from_instance = lambda term: f"{term.code} {term.label}"


class ProjectEditForm(OriginFieldsMixin, VersionedFormMixin, forms.ModelForm):
    """A project's own fields, corrected after creation (its stage moves on the journey)."""

    class Meta:
        model = Project
        fields = [
            "name_zh",
            "name_en",
            "description",
            "category",
            "is_confidential",
            *ORIGIN_FORM_FIELDS,
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        self._limit_origins(viewer)
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
