"""Forms for needs and offers: common fields, then the fields of the chosen kind."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from qiao.core.forms import CheckboxGroup, Fieldset, VersionedFormMixin
from qiao.directory.forms import OrganisationNameField, OrganisationNamesField, TermChoiceField
from qiao.directory.models import Department, Organisation, Person
from qiao.directory.roles import roles_of
from qiao.market.audiences import alliances_of
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
    "alliance",
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

# The form in the order people think it through: what is needed or offered first (for a
# clinical need, the clinical order: problem, population, current practice and its
# shortfalls, outcome wanted, frequency and severity, then department, validation, IP and the
# no-patient-data confirmation), then classification, owner and contact, and who may see it.
CLINICAL_SECTIONS = [
    (
        _("The clinical need"),
        [
            "title_zh",
            "title_en",
            "clinical_problem",
            "patient_population",
            "current_practice",
            "shortcomings",
            "desired_outcome",
            "frequency",
            "severity",
        ],
    ),
    (
        _("Department, validation and IP"),
        ["department", "hosts_validation", "ip_note", "confirms_no_patient_data"],
    ),
    (_("Summary and details"), ["summary_zh", "summary_en", "description"]),
]
TAIL_SECTIONS = [
    (
        _("Classification"),
        ["categories", "technology_areas", "therapeutic_areas", "stage", "province", "city"],
    ),
    (_("Owner and contact"), ["organisation", "organisation_name", "contact", "deadline"]),
    (
        _("Who may see it"),
        ["visibility", "shared_with_names", "alliance", "nda_terms", "disclosure_needs_approval"],
    ),
]
# Fields that apply only to some visibilities: hidden (by CSS) while another is chosen.
SHOWN_WHEN = {
    "shared_with_names": ("visibility", [Listing.Visibility.CHOSEN]),
    "alliance": ("visibility", [Listing.Visibility.ALLIANCE]),
    "nda_terms": ("visibility", [Listing.Visibility.CONFIDENTIAL]),
    "disclosure_needs_approval": ("visibility", [Listing.Visibility.CONFIDENTIAL]),
}


def sections_of(kind: str) -> list[tuple]:
    if kind == Kind.CLINICAL:
        head = CLINICAL_SECTIONS
    else:
        head = [
            (_("What it is"), ["title_zh", "title_en", "summary_zh", "summary_en", "description"]),
            (_("Details"), KIND_FIELDS[kind]),
        ]
    return head + TAIL_SECTIONS


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
        widgets = {
            "deadline": forms.DateInput(attrs={"type": "date"}),
            "visibility": forms.RadioSelect,
        }

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
                widget=CheckboxGroup,
            )
            if current:
                self.initial[name] = [t.pk for t in queryset if t.pk in current]
        self._offer_contacts(owner_ids)
        self._offer_alliances(owner_ids if not roles.is_operator or self.instance.pk else None)
        self.order_fields([name for _legend, names in sections_of(kind) for name in names])
        if self.instance.pk and not self.is_bound:
            self.initial["shared_with_names"] = "\n".join(
                self.instance.shared_with.values_list("name_zh", flat=True)
            )

    def _offer_alliances(self, owner_ids: list[int] | None) -> None:
        """Offer the alliances the owner is a paid-up member of (an operator posting anew:
        any alliance; the service checks the owner), and the one already chosen."""
        members = Organisation.objects.values("pk") if owner_ids is None else owner_ids
        offered = Q(pk__in=alliances_of(members).values("pk"))
        if self.instance.alliance_id:
            offered |= Q(pk=self.instance.alliance_id)
        field = self.fields["alliance"]
        field.queryset = Organisation.objects.filter(offered).order_by("name_zh")
        field.label_from_instance = lambda organisation: organisation.name

    def _offer_contacts(self, owner_ids: list[int]) -> None:
        """Offer everyone of the organisation, the poster first and chosen by default.

        "Everyone" is the people affiliated with it and the people whose accounts are its
        members; the poster's own person is always offered.
        """
        poster = Person.objects.filter(user=self.user).first()
        people = Person.objects.filter(
            Q(organisations__in=owner_ids)
            | Q(user__memberships__organisation__in=owner_ids)
            | Q(pk=poster.pk if poster else None)
        ).distinct()
        field = self.fields["contact"]
        field.queryset = people.order_by("name_zh", "pk")
        if poster is not None:
            field.label_from_instance = lambda person: (
                _("%(name)s (you)") % {"name": person} if person.pk == poster.pk else str(person)
            )
            if not self.instance.pk:
                self.initial.setdefault("contact", poster.pk)
        elif not roles_of(self.user).is_operator:
            field.help_text = _(
                "Your account is not linked to a person in the directory yet: saving adds "
                "you, and names you as the contact if you leave this empty."
            )

    def fieldsets(self) -> list[Fieldset]:
        placed = {name for _legend, names in sections_of(self.kind) for name in names}
        sections = list(sections_of(self.kind))
        rest = [f.name for f in self.visible_fields() if f.name not in placed]
        if rest:
            sections.append((_("Other"), rest))
        return [Fieldset(self, legend, names, SHOWN_WHEN) for legend, names in sections]

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
