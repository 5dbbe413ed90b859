import pytest
from django.utils import translation

from qiao.policies.forms import PolicyForm

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _criteria(text):
    form = PolicyForm(data={"criteria": text})
    form.is_valid()
    return form.cleaned_data.get("criteria"), form.errors.get("criteria")


def test_criteria_json_is_read_and_shown_indented_and_empty_means_none():
    field = PolicyForm().fields["criteria"]
    criteria = [{"type": "region", "district": ["奉贤区"]}]

    assert _criteria('[{"type": "region", "district": ["奉贤区"]}]') == (criteria, None)
    assert _criteria("  ") == ([], None)
    assert field.prepare_value(criteria).startswith('[\n {\n  "type": "region"')
    assert "奉贤区" in field.prepare_value(criteria)
    assert field.prepare_value(None) == ""
    assert PolicyForm()["criteria"].value() in (None, "")


def test_bad_criteria_are_refused_with_a_message():
    assert _criteria("[{")[1] == ["The criteria are not valid JSON."]
    assert _criteria('[{"type": "nonsense"}]')[1][0].startswith("The criteria cannot be read")
