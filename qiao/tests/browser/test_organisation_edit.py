import re

import pytest
from playwright.sync_api import expect

from qiao.directory.models import Membership, Organisation
from qiao.directory.tests.factories import OrganisationFactory, make_member

pytestmark = pytest.mark.browser


@pytest.fixture
def organisation():
    return OrganisationFactory(
        name_zh="上海伯杰医疗科技股份有限公司", name_en="Bojie Medical", founded_year=2006
    )


@pytest.fixture
def org_admin(organisation):
    return make_member(organisation, role=Membership.Role.ADMIN, full_name="赵百慧")


def field(page, name):
    """The form row of a field: its label, input and error list."""
    return page.locator("main .field", has=page.locator(f"#id_{name}"))


def test_org_admin_changes_the_english_name(page, sign_in, organisation, org_admin):
    sign_in(org_admin)
    page.goto(f"/directory/organisations/{organisation.pk}/edit/")

    page.locator("#id_name_en").fill("Shanghai Bojie Medical Technology Co., Ltd.")
    page.locator("main form button[type=submit]").click()

    expect(page).to_have_url(re.compile(rf"/directory/organisations/{organisation.pk}/$"))
    expect(page.locator(".messages .message-success")).to_have_count(1)
    expect(page.locator("main h1")).to_have_text("上海伯杰医疗科技股份有限公司")
    expect(page.locator("main .profile-head .muted")).to_have_text(
        "Shanghai Bojie Medical Technology Co., Ltd."
    )
    organisation.refresh_from_db()
    assert organisation.name_en == "Shanghai Bojie Medical Technology Co., Ltd."


@pytest.mark.parametrize(
    ("name", "bad_value"),
    [("founded_year", "99999"), ("website", "not a web address")],
    ids=["founded-year", "website"],
)
def test_bad_value_is_reported_next_to_its_field_and_nothing_is_saved(
    page, sign_in, organisation, org_admin, name, bad_value
):
    sign_in(org_admin)
    page.goto(f"/directory/organisations/{organisation.pk}/edit/")

    page.locator("#id_name_en").fill("Renamed Medical")
    page.locator(f"#id_{name}").fill(bad_value)
    page.locator("main form button[type=submit]").click()

    expect(page).to_have_url(re.compile(rf"/directory/organisations/{organisation.pk}/edit/$"))
    expect(page.locator(".messages .message-error")).to_have_count(1)
    expect(field(page, name)).to_have_class(re.compile(r"\bhas-error\b"))
    expect(field(page, name).locator(".errorlist[role=alert] li")).to_have_count(1)
    expect(page.locator("main .field.has-error")).to_have_count(1)
    expect(page.locator(f"#id_{name}")).to_have_value(bad_value)
    organisation.refresh_from_db()
    assert organisation.name_en == "Bojie Medical"
    assert organisation.founded_year == 2006
    assert organisation.website == ""


def test_org_admin_gets_404_for_another_organisations_edit_page(
    page, sign_in, organisation, org_admin
):
    other = OrganisationFactory(name_zh="上海市奉贤区中心医院")
    sign_in(org_admin)

    response = page.goto(f"/directory/organisations/{other.pk}/edit/")

    assert response.status == 404
    expect(page.locator("#id_name_en")).to_have_count(0)
    assert Organisation.objects.get(pk=other.pk).name_zh == "上海市奉贤区中心医院"
