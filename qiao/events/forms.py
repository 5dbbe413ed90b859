"""HTML forms of events. The services check everything again; the forms shape the input."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from qiao.core.forms import VersionedFormMixin
from qiao.events.models import Event, EventRules, Meeting, MeetingRequest, ParticipantType, Session


class EventForm(forms.ModelForm):
    organiser = forms.ModelChoiceField(queryset=None, label=_("Organising organisation"))

    class Meta:
        model = Event
        fields = [
            "organiser",
            "kind",
            "title_zh",
            "title_en",
            "description_zh",
            "description_en",
            "starts_on",
            "ends_on",
            "venue_zh",
            "venue_en",
            "capacity",
            "registration_open",
        ]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
            "description_zh": forms.Textarea(attrs={"rows": 3}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organiser"].queryset = organisations

    def _post_clean(self):
        # The service validates the model (and says so in the user's language); a ModelForm
        # would need an organiser on the instance before it has one.
        pass


class EventEditForm(VersionedFormMixin, forms.ModelForm):
    """The event's own fields, changed by its organisers (the organiser stays); it carries
    the version it showed, so a save over someone else's is a conflict, not an overwrite."""

    class Meta(EventForm.Meta):
        fields = [f for f in EventForm.Meta.fields if f != "organiser"]

    def _post_clean(self):
        pass


class RulesForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = EventRules
        fields = [
            "meeting_minutes",
            "break_minutes",
            "day_starts_at",
            "day_ends_at",
            "tables",
            "max_meetings",
            "allow_moves",
        ]
        widgets = {
            "day_starts_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "day_ends_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }


class ParticipantTypeForm(forms.ModelForm):
    may_meet = forms.ModelMultipleChoiceField(
        queryset=ParticipantType.objects.none(),
        required=False,
        label=_("May ask for meetings"),
        help_text=_("None chosen: participants of this type may ask anyone."),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = ParticipantType
        fields = ["name_zh", "name_en", "request_quota", "max_meetings"]

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["may_meet"].queryset = ParticipantType.objects.filter(event=event)

    def _post_clean(self):
        pass


class SessionForm(forms.ModelForm):
    class Meta:
        model = Session
        fields = ["title_zh", "title_en", "starts_at", "ends_at", "room", "speakers"]
        widgets = {
            "starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
            "ends_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
        }

    def _post_clean(self):
        pass


class RegisterForm(forms.Form):
    organisation = forms.ModelChoiceField(queryset=None, label=_("On behalf of"))
    participant_type = forms.ModelChoiceField(
        queryset=None, label=_("I take part as"), required=False
    )

    def __init__(self, *args, organisations, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        types = ParticipantType.objects.filter(event=event)
        self.fields["participant_type"].queryset = types
        if not types.exists():
            del self.fields["participant_type"]


class ProfileForm(VersionedFormMixin, forms.Form):
    """The participant's own profile; ``initial["version"]`` is the stored one's version."""

    headline = forms.CharField(label=_("Job title and focus"), max_length=200, required=False)
    seeking = forms.CharField(
        label=_("What I seek"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    offering = forms.CharField(
        label=_("What I offer"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class RequestForm(forms.Form):
    recipient = forms.IntegerField(widget=forms.HiddenInput)
    message = forms.CharField(
        label=_("Message"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    priority = forms.TypedChoiceField(
        label=_("Priority"),
        choices=MeetingRequest.Priority.choices,
        coerce=int,
        initial=MeetingRequest.Priority.NORMAL,
    )


class ZoneForm(forms.Form):
    name_zh = forms.CharField(label=_("Zone name (Chinese)"), max_length=100)
    name_en = forms.CharField(label=_("Zone name (English)"), max_length=100, required=False)


class ExhibitorForm(forms.Form):
    zone = forms.ModelChoiceField(queryset=None, label=_("Zone"))
    organisation = forms.ModelChoiceField(queryset=None, label=_("Exhibitor"))
    booth = forms.CharField(label=_("Booth"), max_length=20, required=False)

    def __init__(self, *args, event, **kwargs):
        from qiao.directory.models import Organisation

        super().__init__(*args, **kwargs)
        self.fields["zone"].queryset = event.zones.all()
        self.fields["organisation"].queryset = Organisation.objects.order_by("name_zh")


class TypeEditForm(forms.ModelForm):
    """A participant type's own fields; whom it may ask is the rule table's."""

    class Meta:
        model = ParticipantType
        fields = ["name_zh", "name_en", "request_quota", "max_meetings"]

    def _post_clean(self):
        pass


class BoothForm(forms.Form):
    booth = forms.CharField(label=_("Booth"), max_length=20, required=False)


class SlotForm(forms.Form):
    tables = forms.IntegerField(label=_("Tables"), min_value=1, max_value=1000)


class BulkDecisionForm(forms.Form):
    registration = forms.TypedMultipleChoiceField(label=_("Registrations"), coerce=int, choices=())
    decision = forms.ChoiceField(
        label=_("Decision"), choices=(("approve", _("Approve")), ("decline", _("Decline")))
    )
    reason = forms.CharField(label=_("Reason for declining"), max_length=300, required=False)

    def __init__(self, *args, pending, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["registration"].choices = [(r.pk, str(r.pk)) for r in pending]


class MarkForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Meeting.Status.choices)
    absent = forms.ChoiceField(
        label=_("Who did not come"), choices=Meeting.Absent.choices, required=False
    )
