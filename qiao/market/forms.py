"""Forms for needs and offers: common fields, then the fields of the chosen kind."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from qiao.core.forms import VersionedFormMixin
from qiao.directory.forms import OrganisationNameField, OrganisationNamesField, TermChoiceField
from qiao.directory.models import Department, Organisation, Person
from qiao.directory.roles import roles_of
from qiao.market.models import (
    NEED_KINDS,
    Accreditation,
    FundingRound,
    Kind,
    Listing,
    Side,
    TransferMode,
)
from qiao.taxonomy.models import Term, Vocabulary

COMMON_FIELDS = [
    "title_zh",
    "title_en",
    "summary_zh",
    "summary_en",
    "description",
    "stage",
    "province",
    "city",
    "deadline",
    "contact",
    "visibility",
    "nda_terms",
    "disclosure_needs_approval",
]

KIND_FIELDS: dict[str, list[str]] = {
    Kind.CLINICAL: [
        "department",
        "clinical_problem",
        "patient_population",
        "current_practice",
        "shortcomings",
        "desired_outcome",
        "frequency",
        "severity",
        "hosts_validation",
        "ip_note",
        "confirms_no_patient_data",
    ],
    Kind.TECHNOLOGY_NEED: ["desired_outcome", "ip_note"],
    Kind.SERVICE_NEED: ["service_type", "desired_outcome"],
    Kind.FINANCING: ["amount", "funding_round", "use_of_funds"],
    Kind.CHANNEL: ["desired_outcome"],
    Kind.TECHNOLOGY: ["patent_numbers", "ip_status", "transfer_modes"],
    Kind.PRODUCT: ["registration_number"],
    Kind.SERVICE: ["service_type", "capabilities", "accreditations"],
    Kind.INVESTMENT: ["investment_stages", "ticket_min", "ticket_max"],
    Kind.EQUIPMENT: ["equipment_model", "location", "specifications"],
}

TAG_FIELDS = {
    "categories": (Vocabulary.DEVICE_CATEGORY, _("Device categories")),
    "technology_areas": (Vocabulary.TECHNOLOGY_AREA, _("Technology areas")),
    "therapeutic_areas": (Vocabulary.THERAPEUTIC_AREA, _("Therapeutic areas")),
}

_TEXTAREAS = {
    "summary_zh": 3,
    "summary_en": 3,
    "description": 6,
    "clinical_problem": 3,
    "patient_population": 2,
    "current_practice": 2,
    "shortcomings": 2,
    "desired_outcome": 2,
    "ip_note": 2,
    "use_of_funds": 2,
    "patent_numbers": 2,
    "capabilities": 3,
    "specifications": 3,
    "nda_terms": 4,
}


def side_of(kind: str) -> str:
    return Side.NEED if kind in NEED_KINDS else Side.OFFER


class ListingForm(VersionedFormMixin, forms.ModelForm):
    """A need or offer of one kind. The owner is one of the editor's organisations."""

    organisation_name = OrganisationNameField(
        label=_("Organisation (Chinese name)"),
        max_length=200,
        help_text=_("Operators post on behalf of any organisation."),
    )
    shared_with_names = OrganisationNamesField(
        label=_("Shared with (one organisation per line)"),
        required=False,
        help_text=_("Only for “chosen organisations”: their Chinese names."),
    )
    transfer_modes = forms.MultipleChoiceField(
        label=_("transfer modes"),
        choices=TransferMode.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    accreditations = forms.MultipleChoiceField(
        label=_("accreditations"),
        choices=Accreditation.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    investment_stages = forms.MultipleChoiceField(
        label=_("stages invested in"),
        choices=FundingRound.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Listing
        fields = COMMON_FIELDS + sorted({f for fields in KIND_FIELDS.values() for f in fields})
        widgets = {"deadline": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, kind: str, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.user = user
        roles = roles_of(user)
        keep = set(COMMON_FIELDS) | set(KIND_FIELDS[kind]) | {"shared_with_names", "version"}
        if roles.is_operator:
            keep.add("organisation_name")
            if self.instance.pk:
                self.initial["organisation_name"] = self.instance.organisation.name_zh
        else:
            own = Organisation.objects.filter(pk__in=roles.member_of).order_by("name_zh")
            self.fields["organisation"] = forms.ModelChoiceField(
                queryset=own, label=_("Organisation"), empty_label=None
            )
            if self.instance.pk:
                self.initial["organisation"] = self.instance.organisation_id
            keep.add("organisation")
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        for name, rows in _TEXTAREAS.items():
            if name in self.fields:
                self.fields[name].widget = forms.Textarea(attrs={"rows": rows})
        self.fields["stage"].queryset = Term.objects.filter(
            vocabulary=Vocabulary.LIFECYCLE_STAGE, is_active=True
        ).order_by("position")
        self.fields["stage"].label_from_instance = lambda term: term.label
        owner_ids = [self.instance.organisation_id] if self.instance.pk else sorted(roles.member_of)
        self.fields["contact"].queryset = Person.objects.filter(
            organisations__in=owner_ids
        ).distinct()
        if "department" in self.fields:
            self.fields["department"].queryset = Department.objects.filter(
                organisation__in=owner_ids
            )
        current = (
            set(self.instance.terms.values_list("pk", flat=True)) if self.instance.pk else set()
        )
        for name, (vocabulary, label) in TAG_FIELDS.items():
            queryset = Term.objects.filter(vocabulary=vocabulary, is_active=True)
            self.fields[name] = TermChoiceField(
                queryset=queryset,
                required=False,
                label=label,
                widget=forms.SelectMultiple(attrs={"size": 5}),
            )
            if current:
                self.initial[name] = [t.pk for t in queryset if t.pk in current]
        if self.instance.pk and not self.is_bound:
            self.initial["shared_with_names"] = "\n".join(
                self.instance.shared_with.values_list("name_zh", flat=True)
            )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("visibility") == Listing.Visibility.CHOSEN and not cleaned.get(
            "shared_with_names"
        ):
            self.add_error("shared_with_names", _("Name at least one organisation to share with."))
        return cleaned

    def owner(self) -> Organisation:
        return self.cleaned_data.get("organisation_name") or self.cleaned_data["organisation"]

    def selected_terms(self) -> list[Term]:
        return [term for name in TAG_FIELDS for term in self.cleaned_data.get(name, [])]

    def listing_fields(self) -> dict:
        names = set(COMMON_FIELDS) | set(KIND_FIELDS[self.kind])
        return {name: self.cleaned_data[name] for name in names if name in self.cleaned_data}


class ListingSearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=200)
    side = forms.ChoiceField(required=False, choices=[("", "")] + list(Side.choices))
    kind = forms.ChoiceField(required=False, choices=[("", "")] + list(Kind.choices))
    status = forms.ChoiceField(required=False, choices=[("", "")] + list(Listing.Status.choices))
    province = forms.CharField(required=False, max_length=30)
    category = forms.CharField(required=False, max_length=40)
    technology_area = forms.CharField(required=False, max_length=40)
    therapeutic_area = forms.CharField(required=False, max_length=40)
    stage = forms.CharField(required=False, max_length=40)
    organisation = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
