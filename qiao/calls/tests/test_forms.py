import pytest
from django.utils import translation

from qiao.calls.forms import CallForm

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _errors(text):
    form = CallForm(data={"criteria": text})
    form.is_valid()
    return form.errors.get("criteria")


def test_criteria_are_read_as_names_and_weights_and_shown_as_the_same_lines():
    field = CallForm().fields["criteria"]

    rows = field.clean("创新性 3\r\n\r\n临床 价值 2\n")

    assert rows == [("创新性", 3), ("临床 价值", 2)]
    assert field.prepare_value(rows) == "创新性 3\n临床 价值 2"
    assert not field.has_changed(rows, "创新性 3\r\n临床 价值 2")


def test_bad_or_missing_criteria_are_refused_with_a_message():
    assert _errors("创新性 三") == ["Write each criterion as a name and a whole-number weight."]
    assert _errors("创新性 0") == ["Write each criterion as a name and a whole-number weight."]
    assert _errors("\n \n") == ["This field is required."]
