"""Form pieces of the write path: the version a form carries, and a conflict shown on it."""

from __future__ import annotations

from django import forms

from qiao.core.errors import Conflict


class VersionedFormMixin(forms.BaseForm):
    """Adds a hidden ``version``: the version of the object the user started editing.

    The view passes ``form.cleaned_data["version"]`` to the service; ``qiao.core.writes``
    refuses the save with ``Conflict`` if someone saved in between.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        self.fields["version"] = forms.IntegerField(
            required=False, min_value=1, widget=forms.HiddenInput
        )
        if instance is not None and instance.pk is not None:
            self.fields["version"].initial = instance.version


def show_conflict(form: forms.BaseForm, conflict: Conflict) -> None:
    """Put the conflict on the form: the message, the other person's changes, and the
    current version, so saving again (after review) is a deliberate second step."""
    form.add_error(None, conflict.message)
    for sentence in conflict.changes_in_words():
        form.add_error(None, sentence)
    if form.is_bound and conflict.current_version is not None:
        data = form.data.copy()
        data[form.add_prefix("version")] = str(conflict.current_version)
        form.data = data


class CheckboxGroup(forms.CheckboxSelectMultiple):
    """Several choices as a group of checkboxes (no Ctrl-click), in a box that scrolls.

    qiao.js adds a filter box above the group (``div.checkbox-group``): typing narrows the
    visible choices by their label. Without a script it is a plain group of checkboxes.
    """

    def __init__(self, attrs=None, choices=()):
        super().__init__({"class": "checkbox-group", **(attrs or {})}, choices)


class Fieldset:
    """A legend and its fields, in the order people fill them in.

    ``shown_when`` maps a field name to the choices of a radio field that make it apply,
    e.g. ``{"nda_terms": ("visibility", ["confidential"])}``; the template marks such fields
    so CSS hides them while another choice is checked (no script needed).
    """

    def __init__(self, form: forms.BaseForm, legend, names: list[str], shown_when=None):
        self.legend = legend
        self.fields = []
        for name in names:
            if name in form.fields:
                field = form[name]
                when = (shown_when or {}).get(name)
                field.shown_when = (when[0], " ".join(when[1])) if when else None
                self.fields.append(field)
