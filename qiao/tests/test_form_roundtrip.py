"""Every form of Qiao, rendered in each language with saved values and posted back unchanged
the way a browser submits it, is valid and changes nothing.

Forms are found by importing every ``forms`` and ``views`` module under ``qiao``; a form
without a case in ``form_cases.py`` fails here until it gets one. The rendered HTML is read
back by ``formdata.submission`` (an HTML parser with the browser's value sanitization), never
from ``form.initial``: a date rendered as ``2023/05/18`` comes back empty, as in chromium.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import construct_instance
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils import formats, translation

import qiao
from qiao.tests.form_cases import World, cases
from qiao.tests.formdata import submission

LANGUAGES = [code for code, _name in settings.LANGUAGES]
TEMPORAL = (forms.DateField, forms.DateTimeField, forms.TimeField)
HOW_TO_ADD = (
    "{path} has no case in qiao/tests/form_cases.py: add one that builds a saved row (or "
    "initial values) with a realistic value in every date, datetime and time field."
)


def _form_modules():
    for info in pkgutil.walk_packages(qiao.__path__, "qiao."):
        parts = info.name.split(".")
        if {"tests", "migrations", "management"} & set(parts):
            continue
        if parts[-1] == "forms" or parts[-1].startswith("views") or "views" in parts[:-1]:
            yield importlib.import_module(info.name)


def discover_forms() -> list[str]:
    """``module.ClassName`` of every form class defined in a forms or views module."""
    found = []
    for module in _form_modules():
        for name, obj in inspect.getmembers(module, inspect.isclass):
            # Form and ModelForm, not BaseForm: a mixin on BaseForm is no form of its own.
            concrete = issubclass(obj, forms.Form | forms.ModelForm)
            if concrete and obj.__module__ == module.__name__:
                found.append(f"{module.__name__}.{name}")
    return sorted(found)


FORMS = discover_forms()


def test_discovery_finds_the_forms_of_every_app_and_every_case_names_a_form():
    assert {
        "qiao.directory.forms.CredentialForm",
        "qiao.market.forms.ListingForm",
        "qiao.pipeline.forms.AgreementForm",
        "qiao.pipeline.forms.NextActionForm",
        "qiao.events.forms.EventEditForm",
        "qiao.lab.forms.BookingForm",
        "qiao.inbox.views.PreferencesForm",
        "qiao.directory.views_excel.ImportForm",
    } <= set(FORMS)
    assert sorted(set(cases(World())) - set(FORMS)) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_renders_dates_and_times_in_iso_first(language):
    with translation.override(language):
        assert formats.get_format("DATE_INPUT_FORMATS")[0] == "%Y-%m-%d"
        assert formats.get_format("DATETIME_INPUT_FORMATS")[0] == "%Y-%m-%dT%H:%M"
        assert formats.get_format("TIME_INPUT_FORMATS")[0] == "%H:%M"


def _bind(case, form, language):
    html = render_to_string("components/form_fields.html", {"form": form})
    data = QueryDict(mutable=True)
    for name, values in submission(html).items():
        data.setlist(name, values)
    for name, value in case.typed.items():
        data[form.add_prefix(name)] = value
    files = {
        form.add_prefix(name): SimpleUploadedFile(f.name, f.read(), f.content_type)
        for name, f in case.files.items()
        if not f.seek(0)
    }
    return html, case.make(data, files)


def _same(a, b) -> bool:
    # Browsers send a textarea's newlines as CRLF and Django keeps them; that changes the
    # bytes, not the text, and is not what this test is about.
    if isinstance(a, str) and isinstance(b, str):
        return a.replace("\r\n", "\n") == b.replace("\r\n", "\n")
    return a == b


def _model_differences(form) -> list[str]:
    """Columns that saving the bound ModelForm would change."""
    instance = form.instance
    if not instance.pk:
        return []
    fresh = type(instance).objects.get(pk=instance.pk)
    copy = type(instance).objects.get(pk=instance.pk)
    construct_instance(form, copy, form._meta.fields, form._meta.exclude)
    return [
        f.name
        for f in type(instance)._meta.concrete_fields
        if not _same(getattr(copy, f.attname), getattr(fresh, f.attname))
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("path", FORMS)
def test_form_posted_back_unchanged_is_valid_and_changes_nothing(path, language):
    builders = cases(World())
    assert path in builders, HOW_TO_ADD.format(path=path)
    with translation.override(language):
        case = builders[path]()
        form = case.make(None, None)
        empty = [
            name
            for name, f in form.fields.items()
            if isinstance(f, TEMPORAL) and form[name].value() in (None, "")
        ]
        assert empty == [], f"The case of {path} leaves date fields {empty} empty."
        html, bound = _bind(case, form, language)

        assert bound.is_valid(), f"{path} in {language}: {bound.errors.as_json()}\n{html}"
        changed = [
            name
            for name in bound.changed_data
            if name not in case.typed
            and name not in case.files
            and not _same(bound[name].initial, bound.cleaned_data.get(name))
        ]
        assert changed == [], f"{path} in {language} changed {changed}"
        if isinstance(bound, forms.ModelForm):
            assert _model_differences(bound) == []
