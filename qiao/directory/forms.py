"""HTML forms of the directory pages."""

from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from qiao.core.forms import CheckboxGroup, VersionedFormMixin
from qiao.directory import policies
from qiao.directory.models import (
    Capability,
    Credential,
    Department,
    InvestorFocus,
    KeyFigure,
    Membership,
    Organisation,
    OrganisationRelation,
    Person,
)
from qiao.directory.services import PART_FIELDS, PartEdit, ProfileChanges
from qiao.directory.validators import clean_credit_code, validate_credit_code
from qiao.taxonomy.models import Term, Vocabulary

TAG_FIELDS = {
    "device_categories": (Vocabulary.DEVICE_CATEGORY, _("Device categories")),
    "technology_areas": (Vocabulary.TECHNOLOGY_AREA, _("Technology areas")),
    "therapeutic_areas": (Vocabulary.THERAPEUTIC_AREA, _("Therapeutic areas")),
    "lifecycle_stages": (Vocabulary.LIFECYCLE_STAGE, _("Lifecycle stages")),
}


class OrganisationNameField(forms.CharField):
    """An organisation typed by its Chinese name (a drop-down can't hold 100,000)."""

    def clean(self, value):
        name = super().clean(value).strip()
        if not name:
            return None
        organisation = Organisation.objects.filter(name_zh=name).first()
        if organisation is None:
            raise forms.ValidationError(_("No organisation has this Chinese name."))
        return organisation


class OrganisationNamesField(forms.CharField):
    """Organisations typed by Chinese name, one per line; every unknown name is reported."""

    widget = forms.Textarea(attrs={"rows": 2})

    def clean(self, value):
        names = [n.strip() for n in super().clean(value).splitlines() if n.strip()]
        found = {o.name_zh: o for o in Organisation.objects.filter(name_zh__in=names)}
        missing = [n for n in names if n not in found]
        if missing:
            raise forms.ValidationError(
                _("Unknown organisations: %(names)s") % {"names": "、".join(missing)}
            )
        return list(dict.fromkeys(found[n] for n in names))


class TermChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return (
            f"{obj.code} {obj.label}" if obj.vocabulary == Vocabulary.DEVICE_CATEGORY else obj.label
        )


class OrganisationForm(VersionedFormMixin, forms.ModelForm):
    """The organisation's own fields, with its tags split by vocabulary."""

    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")
    credit_code = forms.CharField(
        label=_("unified social credit code"),
        required=False,
        max_length=40,
        help_text=_("统一社会信用代码: 18 characters, as on the business licence."),
    )

    class Meta:
        model = Organisation
        fields = [
            "kind",
            "name_zh",
            "name_en",
            "short_name_zh",
            "short_name_en",
            "aliases",
            "credit_code",
            "province",
            "city",
            "district",
            "address",
            "website",
            "founded_year",
            "description_zh",
            "description_en",
            "visibility",
        ]
        widgets = {"aliases": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = Term.objects.filter(
            vocabulary=Vocabulary.ORGANISATION_KIND, is_active=True
        )
        self.fields["kind"].label_from_instance = lambda term: term.label
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

    def clean_credit_code(self) -> str:
        code = clean_credit_code(self.cleaned_data.get("credit_code", ""))
        validate_credit_code(code)
        return code

    def selected_terms(self) -> list[Term]:
        return [term for name in TAG_FIELDS for term in self.cleaned_data.get(name, [])]

    def organisation_data(self) -> dict:
        """The organisation's fields for the service, its tags as ``terms``."""
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        return {**data, "terms": self.selected_terms()}


class RelationForm(forms.ModelForm):
    """A relation typed by the other organisation's name, since a drop-down can't hold 100k."""

    target_name = forms.CharField(label=_("Related organisation (Chinese name)"), max_length=200)

    class Meta:
        model = OrganisationRelation
        fields = ["kind", "target_name", "started_on", "ended_on", "note"]
        widgets = {
            "started_on": forms.DateInput(attrs={"type": "date"}),
            "ended_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["target_name"] = self.instance.target.name_zh

    def clean_target_name(self):
        name = self.cleaned_data["target_name"].strip()
        target = (
            Organisation.objects.filter(name_zh=name).first()
            or Organisation.objects.filter(short_name_zh=name).first()
        )
        if target is None:
            raise forms.ValidationError(
                _("No organisation is called “%(name)s”."), params={"name": name}
            )
        self.instance.target = target
        return name


class CapabilityForm(forms.ModelForm):
    class Meta:
        model = Capability
        fields = ["kind", "name_zh", "name_en", "technology_area", "description"]
        widgets = {"description": forms.TextInput()}


class DepartmentForm(forms.ModelForm):
    class Meta:
        model = Department
        fields = ["name_zh", "name_en", "key_specialty_level", "description"]
        widgets = {"description": forms.TextInput()}


class CredentialForm(forms.ModelForm):
    class Meta:
        model = Credential
        fields = ["kind", "number", "title", "device_class", "category", "status", "issued_on"]
        widgets = {"issued_on": forms.DateInput(attrs={"type": "date"})}


class KeyFigureForm(forms.ModelForm):
    class Meta:
        model = KeyFigure
        fields = [
            "label_zh",
            "label_en",
            "value",
            "unit_zh",
            "unit_en",
            "as_of",
            "source",
            "counts",
        ]
        widgets = {"as_of": forms.DateInput(attrs={"type": "date"})}


FORMSETS = {
    "relations": inlineformset_factory(
        Organisation,
        OrganisationRelation,
        form=RelationForm,
        fk_name="source",
        extra=1,
        can_delete=True,
    ),
    "departments": inlineformset_factory(
        Organisation, Department, form=DepartmentForm, extra=1, can_delete=True
    ),
    "capabilities": inlineformset_factory(
        Organisation, Capability, form=CapabilityForm, extra=1, can_delete=True
    ),
    "credentials": inlineformset_factory(
        Organisation, Credential, form=CredentialForm, extra=1, can_delete=True
    ),
    "key_figures": inlineformset_factory(
        Organisation, KeyFigure, form=KeyFigureForm, extra=1, can_delete=True
    ),
}
FORMSET_TITLES = {
    "relations": _("Relations"),
    "departments": _("Departments"),
    "capabilities": _("Technology platforms and services"),
    "credentials": _("Registration certificates, patents and software copyrights"),
    "key_figures": _("Key figures"),
}


def build_formsets(*, data=None, instance=None) -> dict:
    return {
        name: factory(data=data, instance=instance or Organisation(), prefix=name)
        for name, factory in FORMSETS.items()
    }


def _part_data(form) -> dict:
    allowed = PART_FIELDS[form._meta.model]
    data = {name: form.cleaned_data[name] for name in form._meta.fields if name in allowed}
    if isinstance(form, RelationForm):
        data["target"] = form.instance.target
    return data


def profile_changes(formsets: dict) -> ProfileChanges:
    """What the valid formsets ask for: parts to add, to change (named fields), to remove."""
    changes = ProfileChanges()
    for formset in formsets.values():
        for form in formset.forms:
            deleted = formset.can_delete and formset._should_delete_form(form)
            if form.instance.pk and deleted:
                changes.removed.append(form.instance)
            elif form.has_changed() and not deleted:
                part = form.instance if form.instance.pk else None
                changes.edits.append(PartEdit(formset.model, _part_data(form), part=part))
    return changes


class InvestorFocusForm(forms.ModelForm):
    class Meta:
        model = InvestorFocus
        fields = ["ticket_min", "ticket_max", "stages", "portfolio"]
        widgets = {
            "stages": forms.CheckboxSelectMultiple,
            "portfolio": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stages"].queryset = Term.objects.filter(
            vocabulary=Vocabulary.LIFECYCLE_STAGE, is_active=True
        ).order_by("position")
        self.fields["stages"].label_from_instance = lambda term: term.label

    def focus_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class PersonForm(VersionedFormMixin, forms.ModelForm):
    """A person and their affiliation with one organisation the editor runs.

    An editor who doesn't govern the person (they are affiliated elsewhere too) sees the
    person's own fields disabled: they may change only their organisation's affiliation.
    """

    organisation_name = forms.CharField(label=_("Organisation (Chinese name)"), max_length=200)
    title_zh = forms.CharField(label=_("Title (Chinese)"), max_length=100, required=False)
    title_en = forms.CharField(label=_("Title (English)"), max_length=100, required=False)

    class Meta:
        model = Person
        fields = ["name_zh", "name_en", "expertise", "is_think_tank_expert", "email", "phone"]
        widgets = {"expertise": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, organisations, editor, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = organisations
        self.governs_person = policies.governs_person(editor, self.instance)
        for name in self.Meta.fields:
            self.fields[name].disabled = not self.governs_person
        self.editable_affiliations = []
        if self.instance.pk:
            self.editable_affiliations = [
                a
                for a in self.instance.affiliations.select_related("organisation")
                if policies.runs(editor, a.organisation_id)
            ]
        if self.editable_affiliations:
            first = self.editable_affiliations[0]
            self.initial.update(
                organisation_name=first.organisation.name_zh,
                title_zh=first.title_zh,
                title_en=first.title_en,
            )

    def clean_organisation_name(self):
        name = self.cleaned_data["organisation_name"].strip()
        organisation = self.organisations.filter(name_zh=name).first()
        if organisation is None:
            raise forms.ValidationError(
                _("“%(name)s” is not an organisation whose people you may edit."),
                params={"name": name},
            )
        self.cleaned_data["organisation"] = organisation
        return name

    def person_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    def affiliations(self) -> list[dict]:
        """The affiliations at the editor's organisations after this save: the one in the
        form first (it replaces the one the form showed), the others as they were."""
        data = self.cleaned_data
        mine = {
            "organisation": data["organisation"],
            "title_zh": data["title_zh"],
            "title_en": data["title_en"],
        }
        others = [
            {"organisation": a.organisation, "title_zh": a.title_zh, "title_en": a.title_en}
            for a in self.editable_affiliations[1:]
            if a.organisation_id != data["organisation"].pk
        ]
        return [mine, *others]


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(
        label=_("Role"), choices=Membership.Role.choices, initial=Membership.Role.MEMBER
    )


class DirectorySearchForm(forms.Form):
    """The directory's query string, validated so bad values are ignored, not errors."""

    q = forms.CharField(required=False, max_length=100)
    kind = forms.CharField(required=False, max_length=40)
    province = forms.CharField(required=False, max_length=30)
    city = forms.CharField(required=False, max_length=30)
    district = forms.CharField(required=False, max_length=30)
    category = forms.CharField(required=False, max_length=40)
    technology_area = forms.CharField(required=False, max_length=40)
    therapeutic_area = forms.CharField(required=False, max_length=40)
    sort = forms.CharField(required=False, max_length=20)
