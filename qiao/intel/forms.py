import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from qiao.directory.models import RelationKind
from qiao.intel.models import EventKind, OrganisationType, Proposal
from qiao.pipeline.models import Agreement


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files at once (a folder's worth); cleans to a list."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class IngestForm(forms.Form):
    text = forms.CharField(
        label=_("Pasted text"), widget=forms.Textarea(attrs={"rows": 8}), required=False
    )
    file = MultipleFileField(label=_("Text or HTML files"), required=False)
    url = forms.URLField(label=_("Address of a news page"), required=False, assume_scheme="https")
    source = forms.CharField(label=_("Source"), max_length=300, required=False)
    published_on = forms.DateField(label=_("Published on"), required=False)

    def clean(self):
        data = super().clean()
        given = [k for k in ("text", "file", "url") if data.get(k)]
        if len(given) != 1:
            raise forms.ValidationError(
                _("Paste a text, choose a file or give an address: one of the three.")
            )
        return data


class ThresholdForm(forms.Form):
    threshold = forms.FloatField(
        label=_("Automatic acceptance threshold"), required=False, min_value=0, max_value=1
    )


# --- Review: one form per kind of proposal ------------------------------------------------
#
# A form turns the reviewer's fields into the payload edit the service takes; the service
# checks it again (``review.clean_payload``) and reports what only the database can say (a
# name not in the directory), and ``add_service_errors`` puts that back on the fields.

NO_ORGANISATION = "__none__"
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class LookupInput(forms.TextInput):
    """A name typed into a directory look-up: htmx fills its list of suggestions."""

    template_name = "intel/widgets/lookup.html"


class NameListInput(forms.Widget):
    """Several names, each a directory look-up, with one empty input to add another."""

    template_name = "intel/widgets/name_list.html"

    def __init__(self, attrs=None, *, minimum: int = 1):
        super().__init__(attrs)
        self.minimum = minimum

    def id_for_label(self, id_):
        return f"{id_}-0" if id_ else id_

    def value_from_datadict(self, data, files, name):
        return data.getlist(name) if hasattr(data, "getlist") else data.get(name)

    def format_value(self, value):
        if not value:
            value = []
        if isinstance(value, str):
            value = [value]
        names = [v for v in value if v]
        return names + [""] * max(1, self.minimum - len(names))


class NameListField(forms.Field):
    widget = NameListInput

    def to_python(self, value):
        if not value:
            return []
        if isinstance(value, str):
            value = [value]
        return list(dict.fromkeys(" ".join(v.split()) for v in value if v and v.strip()))


class LookupField(forms.CharField):
    """One organisation's name, looked up in the directory as it is typed."""

    widget = LookupInput


class ProposalForm(forms.BaseForm):
    """The fields of one proposal, prefixed by its id so a page holds many (a mixin: each
    kind's form is ``(ProposalForm, forms.Form)``)."""

    def __init__(self, data=None, files=None, *, proposal: Proposal, organisation_names=()):
        self.proposal = proposal
        self.organisation_names = list(organisation_names)
        super().__init__(
            data, files, prefix=f"p{proposal.pk}", initial=self.initial_of(proposal.payload)
        )

    def initial_of(self, payload: dict) -> dict:
        initial = dict(payload)
        for name, field in self.base_fields.items():
            if isinstance(field, forms.DateField) and isinstance(initial.get(name), str):
                try:
                    initial[name] = datetime.date.fromisoformat(initial[name])
                except ValueError:
                    initial[name] = None
        return initial

    def edit(self) -> dict:
        """The payload edit the service takes, from the cleaned fields."""
        data = dict(self.cleaned_data)
        for name, value in data.items():
            if hasattr(value, "isoformat"):
                data[name] = value.isoformat()
            elif value is not None and name in ("amount_cny", "value"):
                data[name] = str(value)
        return data

    def add_service_errors(self, error: ValidationError) -> None:
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for field, messages in error.message_dict.items():
            self.add_error(field if field in self.fields else None, messages)

    def _organisation_choices(self, current: str, *, none_choice: bool = False):
        names = list(self.organisation_names)
        if current and current not in names:
            names.append(current)
        choices = [("", _("— choose an organisation of the article —"))]
        choices += [(n, n) for n in names]
        if none_choice:
            choices.append(
                (NO_ORGANISATION, _("No organisation (checked: the article names none)"))
            )
        return choices


class OrganisationProposalForm(ProposalForm, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    type = forms.ChoiceField(label=_("Type"), choices=OrganisationType.choices)
    aliases = forms.CharField(
        label=_("Short forms and other names"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line."),
    )

    def initial_of(self, payload):
        return {**super().initial_of(payload), "aliases": "\n".join(payload.get("aliases") or [])}

    def edit(self):
        data = super().edit()
        data["aliases"] = [a.strip() for a in data["aliases"].splitlines() if a.strip()]
        return data


class PersonProposalForm(ProposalForm, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=60)
    title = forms.CharField(label=_("Title"), max_length=100, required=False)
    organisation = forms.ChoiceField(label=_("Organisation"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.proposal.payload.get("organisation") or ""
        self.fields["organisation"].choices = self._organisation_choices(current, none_choice=True)

    def initial_of(self, payload):
        initial = super().initial_of(payload)
        if payload.get("no_organisation"):
            initial["organisation"] = NO_ORGANISATION
        return initial

    def edit(self):
        data = super().edit()
        data["no_organisation"] = data["organisation"] == NO_ORGANISATION
        if data["no_organisation"]:
            data["organisation"] = ""
        return data


class EventProposalForm(ProposalForm, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=EventKind.choices)
    date = forms.DateField(label=_("Date"), required=False, widget=DATE_WIDGET)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    participants = NameListField(label=_("Participants"), required=False)


class AgreementProposalForm(ProposalForm, forms.Form):
    parties = NameListField(label=_("Parties"), widget=NameListInput(minimum=2))
    kind = forms.ChoiceField(label=_("Kind"), choices=Agreement.Kind.choices)
    date = forms.DateField(label=_("Signed on"), required=False, widget=DATE_WIDGET)
    amount_cny = forms.DecimalField(
        label=_("Amount (yuan)"), required=False, min_value=0, max_digits=16, decimal_places=2
    )
    count = forms.IntegerField(label=_("Number of projects"), required=False, min_value=0)


class FigureProposalForm(ProposalForm, forms.Form):
    organisation = forms.ChoiceField(label=_("Organisation"))
    about = forms.CharField(label=_("What is counted"), max_length=60)
    value = forms.DecimalField(label=_("Value"), max_digits=16, decimal_places=2, min_value=0)
    unit = forms.CharField(label=_("Unit"), max_length=20, required=False)
    date = forms.DateField(
        label=_("As of"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Empty: the article's publication date."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.proposal.payload.get("organisation") or ""
        self.fields["organisation"].choices = self._organisation_choices(current)


class RelationProposalForm(ProposalForm, forms.Form):
    source = LookupField(label=_("Organisation"), max_length=200)
    kind = forms.ChoiceField(label=_("Relation"), choices=RelationKind.choices)
    target = LookupField(label=_("Related organisation"), max_length=200)


FORMS = {
    Proposal.Kind.ORGANISATION: OrganisationProposalForm,
    Proposal.Kind.PERSON: PersonProposalForm,
    Proposal.Kind.EVENT: EventProposalForm,
    Proposal.Kind.AGREEMENT: AgreementProposalForm,
    Proposal.Kind.FIGURE: FigureProposalForm,
    Proposal.Kind.RELATION: RelationProposalForm,
}


def form_for(proposal: Proposal, data=None, *, organisation_names=()) -> ProposalForm:
    return FORMS[proposal.kind](data, proposal=proposal, organisation_names=organisation_names)


class AddOrganisationForm(forms.Form):
    """An organisation the article names and the extraction missed (selected in the text)."""

    name = forms.CharField(label=_("Organisation named in the text"), max_length=200)
    type = forms.ChoiceField(
        label=_("Type"), choices=OrganisationType.choices, initial=OrganisationType.COMPANY
    )
    start = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    end = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
