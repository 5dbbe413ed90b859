import re

import pytest
from playwright.sync_api import expect

from qiao.directory.tests.factories import UserFactory

pytestmark = pytest.mark.browser


def test_good_password_lands_on_the_home_page_signed_in(page, sign_in, live_server):
    user = UserFactory(full_name="王小明")

    sign_in(user)

    # Signing in lands on the member's home page (LOGIN_REDIRECT_URL = "home"), not the directory.
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.locator("main h1")).to_have_text("王小明，您好")
    expect(page.locator(".who")).to_have_text("王小明")
    expect(page.locator("form[action='/accounts/logout/'] button")).to_be_visible()


def test_wrong_password_shows_the_error_and_stays_on_the_form(page):
    user = UserFactory(full_name="王小明")

    page.goto("/accounts/login/")
    page.locator("input[name=username]").fill(user.email)
    page.locator("input[name=password]").fill("not-the-password-1A")
    page.locator("main button[type=submit]").click()

    expect(page.locator("main .errorlist[role=alert]")).to_have_count(1)
    expect(page.locator("main .errorlist[role=alert]")).not_to_be_empty()
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    expect(page.locator("input[name=username]")).to_have_value(user.email)
    expect(page.locator(".who")).to_have_count(0)
