"""Forms of the shared lab: the catalogue search, instruments, bookings and the lab's records."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qiao.core import limits
from qiao.core.forms import VersionedFormMixin
from qiao.directory.forms import OrganisationNameField
from qiao.directory.models import Organisation
from qiao.directory.roles import roles_of
from qiao.lab.models import Equipment

EQUIPMENT_FIELDS = list(Equipment.DESCRIBED_FIELDS)


class EquipmentSearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=100)
    category = forms.ChoiceField(
        required=False, choices=[("", "")] + list(Equipment.Category.choices)
    )
    kind = forms.ChoiceField(required=False, choices=[("", "")] + list(Equipment.Kind.choices))
    city = forms.CharField(required=False, max_length=30)
    organisation = forms.IntegerField(required=False, min_value=1)
    no_training = forms.BooleanField(required=False)
    no_approval = forms.BooleanField(required=False)


class EquipmentForm(VersionedFormMixin, forms.ModelForm):
    """An instrument of one of the editor's organisations (any organisation for operators)."""

    class Meta:
        model = Equipment
        fields = EQUIPMENT_FIELDS
        widgets = {
            "description_zh": forms.Textarea(attrs={"rows": 4}),
            "description_en": forms.Textarea(attrs={"rows": 4}),
            "specifications": forms.Textarea(attrs={"rows": 4}),
            "opens_at": forms.TimeInput(attrs={"type": "time"}),
            "closes_at": forms.TimeInput(attrs={"type": "time"}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        roles = roles_of(user)
        if roles.is_operator:
            self.fields["organisation_name"] = OrganisationNameField(
                label=_("Owner organisation (Chinese name)"), max_length=200
            )
            if self.instance.pk:
                self.initial["organisation_name"] = self.instance.organisation.name_zh
        else:
            self.fields["organisation"] = forms.ModelChoiceField(
                queryset=Organisation.objects.filter(pk__in=roles.admin_of).order_by("name_zh"),
                label=_("Owner organisation"),
                empty_label=None,
            )
            if self.instance.pk:
                self.initial["organisation"] = self.instance.organisation_id
        self.order_fields(["organisation_name", "organisation", *EQUIPMENT_FIELDS])

    def owner(self) -> Organisation:
        return self.cleaned_data.get("organisation_name") or self.cleaned_data["organisation"]

    def equipment_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in EQUIPMENT_FIELDS}


class CustomerPicker(forms.Widget):
    """The customer chosen from the directory search: the search fills its radio buttons."""

    template_name = "lab/widgets/customer_picker.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        chosen = None
        if value not in (None, ""):
            chosen = Organisation.objects.filter(pk=value).first()
        context["chosen"] = chosen
        return context

    def value_from_datadict(self, data, files, name):
        return data.get(name) or None


class BookingForm(forms.Form):
    """A request for an instrument: a day, a start, a number of units, who pays."""

    day = forms.DateField(
        label=_("Day"),
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[limits.validate_year],
    )
    start = forms.TimeField(
        label=_("Start"), widget=forms.TimeInput(attrs={"type": "time", "step": 1800})
    )
    units = forms.IntegerField(label=_("Number of units"), min_value=1, initial=1)
    purpose = forms.CharField(label=_("Purpose"), max_length=300, required=False)
    weeks = forms.IntegerField(
        label=_("Repeat weekly (number of weeks)"),
        min_value=1,
        max_value=26,
        initial=1,
        help_text=_("1 books once; more books the same time in the following weeks."),
    )
    join_waitlist = forms.BooleanField(
        label=_("Put me on the waitlist if the time is taken"), required=False
    )

    def __init__(self, *args, user, equipment: Equipment, manager: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.equipment = equipment
        roles = roles_of(user)
        own = Organisation.objects.filter(pk__in=roles.member_of).order_by("name_zh")
        self.fields["organisation"] = forms.ModelChoiceField(
            queryset=own, label=_("Bill to"), required=not manager, empty_label=None
        )
        if manager:
            self._add_customer_fields(user, equipment, own)
        self.fields["units"].max_value = equipment.max_units
        self.fields["units"].help_text = _("One unit is %(unit)s; %(min)d to %(max)d units.") % {
            "unit": equipment.get_unit_minutes_display(),
            "min": equipment.min_units,
            "max": equipment.max_units,
        }
        if equipment.is_daily:
            self.fields["start"].required = False
            self.fields["start"].widget = forms.HiddenInput()
        self.order_fields(
            ["day", "start", "units", "customer_search", "customer", "new_customer",
             "new_customer_kind", "organisation", "purpose"]
        )  # fmt: skip

    def _add_customer_fields(self, user, equipment: Equipment, own) -> None:
        """A lab manager bills a customer found in the directory, a new visitor, or their own."""
        from django.urls import reverse

        from qiao.directory.selectors import list_visible_organisations
        from qiao.taxonomy.models import Term, Vocabulary

        field = self.fields["organisation"]
        field.label = _("Or bill your own organisation")
        field.empty_label = "—"
        # A manager books for their own lab by default; choosing a customer bills the customer.
        owner = own.filter(pk=equipment.organisation_id).first() or own.first()
        self.initial.setdefault("organisation", owner.pk if owner else None)
        url = reverse("lab:customer_search", args=[equipment.pk])
        self.fields["customer_search"] = forms.CharField(
            label=_("Customer: search the directory by any name or pinyin"),
            required=False,
            max_length=100,
            widget=forms.TextInput(
                attrs={
                    "type": "search",
                    "autocomplete": "off",
                    "hx-get": url,
                    "hx-trigger": "input changed delay:300ms, search",
                    "hx-target": "#customer-results",
                }
            ),
        )
        self.fields["customer"] = forms.ModelChoiceField(
            queryset=list_visible_organisations(viewer=user),
            required=False,
            label=_("Customer"),
            widget=CustomerPicker,
        )
        self.fields["new_customer"] = forms.CharField(
            label=_("Not in the directory? A new visitor organisation (Chinese name)"),
            required=False,
            max_length=200,
        )
        self.fields["new_customer_kind"] = forms.ModelChoiceField(
            queryset=Term.objects.filter(vocabulary=Vocabulary.ORGANISATION_KIND),
            required=False,
            label=_("Kind of the new organisation"),
            empty_label=None,
            initial=Term.objects.filter(
                vocabulary=Vocabulary.ORGANISATION_KIND, code="company"
            ).first(),
        )

    def clean(self):
        cleaned = super().clean()
        if "customer" in self.fields and not (
            cleaned.get("organisation") or cleaned.get("customer") or cleaned.get("new_customer")
        ):
            self.add_error("organisation", _("Choose who pays for the booking."))
        return cleaned

    def starts_at(self) -> datetime.datetime:
        start = self.cleaned_data.get("start") or datetime.time(0, 0)
        if self.equipment.is_daily:
            start = datetime.time(0, 0)
        return timezone.make_aware(datetime.datetime.combine(self.cleaned_data["day"], start))

    def organisation(self) -> Organisation:
        """The payer: the customer chosen, else the booker's own organisation."""
        return self.cleaned_data.get("customer") or self.cleaned_data["organisation"]

    def new_visitor(self) -> dict | None:
        """The visitor organisation to record first, if the manager typed one."""
        name = (self.cleaned_data.get("new_customer") or "").strip()
        if not name:
            return None
        kind = (
            self.cleaned_data.get("new_customer_kind") or self.fields["new_customer_kind"].initial
        )
        return {"name_zh": name, "kind": kind}


class MaintenanceForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("starts at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    ends_at = forms.DateTimeField(
        label=_("ends at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    reason = forms.CharField(label=_("reason"), max_length=200, required=False)
    cancel_affected = forms.BooleanField(
        label=_("Cancel the bookings in this window and tell the bookers"), required=False
    )


class TrainingForm(forms.Form):
    email = forms.EmailField(label=_("E-mail of the person trained"))
    trained_on = forms.DateField(
        label=_("trained on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    valid_until = forms.DateField(
        label=_("valid until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label=_("note"), max_length=200, required=False)


class UsageForm(forms.Form):
    minutes = forms.IntegerField(label=_("Minutes used"), min_value=1, max_value=7 * 24 * 60)


class PhotoForm(forms.Form):
    file = forms.FileField(label=_("Photo"))


class VoucherForm(forms.Form):
    organisation_name = OrganisationNameField(
        label=_("Organisation (Chinese name)"), max_length=200
    )
    issuer = forms.CharField(label=_("issuer"), max_length=200)
    number = forms.CharField(label=_("voucher number"), max_length=60)
    share_percent = forms.IntegerField(
        label=_("share of fees covered (%)"), min_value=1, max_value=100
    )
    amount = forms.DecimalField(
        label=_("amount granted (yuan)"), min_value=0, max_digits=12, decimal_places=2
    )
    valid_from = forms.DateField(
        label=_("valid from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    valid_until = forms.DateField(
        label=_("valid until"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, customers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if customers is not None:
            # A lab manager records vouchers for the organisations that booked the lab.
            self.fields["organisation_name"] = forms.ModelChoiceField(
                queryset=customers, label=_("Customer organisation")
            )
            self.order_fields(["organisation_name"])


class OpeningHoursForm(forms.Form):
    """Hours per weekday (both empty: closed that day) and whether public holidays apply."""

    observes_holidays = forms.BooleanField(
        label=_("Closed on public holidays, open on 调休 working days"), required=False
    )

    def __init__(self, *args, equipment: Equipment, **kwargs):
        from qiao.lab.hours import weekly_hours
        from qiao.lab.models import OpeningHours

        super().__init__(*args, **kwargs)
        current = weekly_hours(equipment)
        self.initial.setdefault("observes_holidays", equipment.observes_holidays)
        self.weekdays = []
        for day, label in OpeningHours.Weekday.choices:
            opens, closes = current.get(day, (None, None))
            for part, value, text in (
                ("opens", opens, _("%(day)s opens")),
                ("closes", closes, _("%(day)s closes")),
            ):
                name = f"{part}_{day}"
                self.fields[name] = forms.TimeField(
                    label=text % {"day": label},
                    required=False,
                    widget=forms.TimeInput(attrs={"type": "time"}),
                )
                self.initial.setdefault(name, value)
            self.weekdays.append((label, self[f"opens_{day}"], self[f"closes_{day}"]))

    def clean(self):
        cleaned = super().clean()
        for day in range(7):
            opens, closes = cleaned.get(f"opens_{day}"), cleaned.get(f"closes_{day}")
            if bool(opens) != bool(closes):
                self.add_error(f"closes_{day}", _("Give both times, or neither for a closed day."))
        return cleaned

    def hours(self) -> dict:
        data = self.cleaned_data
        return {
            day: (data[f"opens_{day}"], data[f"closes_{day}"]) if data.get(f"opens_{day}") else None
            for day in range(7)
        }


class ClosureForm(forms.Form):
    starts_on = forms.DateField(
        label=_("first day closed"),
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[limits.validate_year],
    )
    ends_on = forms.DateField(
        label=_("last day closed"),
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[limits.validate_year],
    )
    reason = forms.CharField(label=_("reason"), max_length=200, required=False)
    whole_lab = forms.BooleanField(
        label=_("Close every instrument of the lab"), required=False, initial=True
    )


class TrainingRequestForm(forms.Form):
    note = forms.CharField(
        label=_("Anything the lab should know (optional)"), max_length=300, required=False
    )


class TrainingGrantForm(forms.Form):
    trained_on = forms.DateField(
        label=_("trained on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[limits.validate_year],
    )
    valid_until = forms.DateField(
        label=_("valid until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[limits.validate_year],
    )
    note = forms.CharField(label=_("note"), max_length=200, required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=200)
