"""Organisation names: stored clean, and refused when they look like another's."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from qiao.directory import services
from qiao.directory.models import Organisation
from qiao.directory.names import clean_name, name_key
from qiao.directory.tests.factories import OrganisationFactory
from qiao.directory.tests.test_views import form_data

BOJIE = "上海伯杰医疗科技股份有限公司"

LOOK_ALIKES = [
    BOJIE + "\u200b",  # zero-width space
    "\ufeff" + BOJIE,  # byte-order mark
    "上海伯杰医疗科技股份有限公司\u2060",  # word joiner
    "上海 伯杰医疗科技股份有限公司",  # a space
    "上海伯傑醫療科技股份有限公司",  # traditional characters
]


@pytest.mark.parametrize("name", LOOK_ALIKES)
def test_look_alike_chinese_names_have_the_same_key(name):
    assert name_key(name) == name_key(BOJIE)


@pytest.mark.parametrize(
    "name",
    ["Bojie Medicаl", "ＢＯＪＩＥ MEDICAL", "B0jie Medical", "Bojie\u00a0Medical", "Воjie Medical"],
)
def test_look_alike_latin_names_have_the_same_key(name):
    assert name_key(name) == name_key("Bojie Medical")


def test_different_names_have_different_keys():
    assert name_key("上海伯杰医疗") != name_key("上海伯杰医药")
    assert name_key("Bojie Medical") != name_key("Bojie Medicine")


def test_stored_names_lose_invisible_characters_but_keep_chinese_typography():
    assert clean_name("\ufeff深圳理工大学（筹）\u200b ") == "深圳理工大学（筹）"
    assert clean_name("Bojie \t  Medical") == "Bojie Medical"


@pytest.fixture
def bojie(db):
    return OrganisationFactory(name_zh=BOJIE, name_en="Bojie Medical", short_name_zh="伯杰医疗")


@pytest.mark.django_db
@pytest.mark.parametrize("name", LOOK_ALIKES)
def test_an_admin_cannot_rename_to_a_look_alike_through_the_api(
    bojie, organisation, org_admin, name
):
    """Regression: any admin could rename to 上海伯杰医疗科技股份有限公司\\u200b."""
    client = Client()
    client.force_login(org_admin)
    response = client.patch(
        f"/api/directory/organisations/{organisation.pk}",
        json.dumps({"name_zh": name}),
        content_type="application/json",
        headers={"Accept-Language": "zh-hans"},
    )
    assert response.status_code == 422
    message = response.json()["errors"]["name_zh"][0]
    assert "看起来与" in message and BOJIE in message
    organisation.refresh_from_db()
    assert organisation.name_zh != name


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name_en", "BOJIE  MEDICAL"),
        ("name_en", "Bojie Medicаl"),  # Cyrillic а
        ("short_name_en", "ＢＯＪＩＥ Medical"),  # fullwidth, as a short name
        ("name_en", "伯杰醫療"),  # traditional form of Bojie's short name
    ],
)
def test_the_page_refuses_a_look_alike_in_english(bojie, organisation, org_admin, field, value):
    client = Client()
    client.force_login(org_admin)
    data = form_data(name_zh=organisation.name_zh, version=organisation.version, **{field: value})
    response = client.post(
        f"/directory/organisations/{organisation.pk}/edit/",
        data,
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 200
    assert "looks the same as that of" in response.content.decode()
    organisation.refresh_from_db()
    assert getattr(organisation, field) != value


@pytest.mark.django_db
def test_creating_a_look_alike_is_refused_too(bojie, operator):
    with pytest.raises(ValidationError) as caught:
        services.create_organisation(
            by=operator, data={"kind": bojie.kind, "name_zh": "\u200b上海伯傑醫療科技股份有限公司"}
        )
    assert "name_zh" in caught.value.message_dict
    assert Organisation.objects.filter(name_zh__contains="伯").count() == 1


@pytest.mark.django_db
def test_a_rename_is_stored_clean_and_frees_the_old_name(organisation, operator):
    old = organisation.name_zh
    services.update_organisation(
        organisation=organisation, by=operator, data={"name_zh": "\u200b新名字医疗\ufeff  器械"}
    )
    organisation.refresh_from_db()
    assert organisation.name_zh == "新名字医疗 器械"
    other = services.create_organisation(
        by=operator, data={"kind": organisation.kind, "name_zh": old}
    )
    assert other.name_zh == old


@pytest.mark.django_db
def test_two_organisations_may_share_a_short_name_but_not_a_full_one(bojie, operator):
    kind = bojie.kind
    services.create_organisation(
        by=operator, data={"kind": kind, "name_zh": "精益生物", "short_name_en": "Jingyi"}
    )
    services.create_organisation(
        by=operator, data={"kind": kind, "name_zh": "景益生物", "short_name_en": "Jingyi"}
    )
    with pytest.raises(ValidationError):
        services.create_organisation(
            by=operator, data={"kind": kind, "name_zh": "另一家", "name_en": "JINGYI"}
        )
    with pytest.raises(ValidationError):
        services.create_organisation(
            by=operator, data={"kind": kind, "name_zh": "又一家", "short_name_zh": BOJIE}
        )


@pytest.mark.django_db
def test_an_unchanged_name_is_not_checked_again(bojie, operator):
    services.update_organisation(organisation=bojie, by=operator, data={"city": "苏州市"})
    bojie.refresh_from_db()
    assert bojie.city == "苏州市"
