import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from qiao.directory import services
from qiao.directory.forms import OrganisationForm
from qiao.directory.tests.factories import OrganisationFactory
from qiao.onboarding.tests.factories import credit_code

pytestmark = pytest.mark.django_db


def test_a_credit_code_is_stored_compact_and_checked(operator):
    organisation = OrganisationFactory()
    typed = credit_code(5).lower()
    typed = f"{typed[:6]} {typed[6:12]}-{typed[12:]}"
    services.update_organisation(
        organisation=organisation, by=operator, data={"credit_code": typed}
    )
    organisation.refresh_from_db()
    assert organisation.credit_code == credit_code(5)
    wrong = credit_code(6)[:-1] + ("0" if credit_code(6)[-1] != "0" else "1")
    with pytest.raises(ValidationError) as refused:
        services.update_organisation(
            organisation=organisation, by=operator, data={"credit_code": wrong}
        )
    assert list(refused.value.message_dict) == ["credit_code"]


def test_two_organisations_may_not_share_a_credit_code_but_many_may_have_none(operator):
    first = OrganisationFactory(credit_code=credit_code(1))
    OrganisationFactory()
    OrganisationFactory()
    second = OrganisationFactory()
    with pytest.raises(ValidationError) as refused:
        services.update_organisation(
            organisation=second, by=operator, data={"credit_code": credit_code(1)}
        )
    assert first.name_zh in refused.value.message_dict["credit_code"][0]


def test_the_edit_form_refuses_a_bad_check_digit_in_words(organisation):
    wrong = credit_code(7)[:-1] + ("0" if credit_code(7)[-1] != "0" else "1")
    form = OrganisationForm(
        data={
            "kind": organisation.kind_id,
            "name_zh": organisation.name_zh,
            "visibility": "public",
            "credit_code": wrong,
            "version": organisation.version,
        },
        instance=organisation,
    )
    with translation.override("zh-hans"):
        assert form.is_valid() is False
        assert form.errors["credit_code"] == ["此统一社会信用代码的校验位不符，请核对。"]
