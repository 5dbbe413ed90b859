"""Saved dates survive an edit in Chinese: chromium shows them in the date inputs, and saving
without a change keeps them (on the old main they came back empty, wiping certificate dates
and deadlines, and agreements and events could not be saved at all)."""

import re

import pytest
from playwright.sync_api import expect

from qiao.directory.models import Credential
from qiao.events.models import Event
from qiao.market.models import Listing
from qiao.pipeline.models import Agreement
from qiao.tests.form_cases import ISSUED, LATER, SIGNED, World

pytestmark = pytest.mark.browser


@pytest.fixture
def w():
    return World()


def save_unchanged(page, url: str, field_id: str, shown: str, *, unfold: str = "") -> None:
    """Open ``url``, check that chromium shows ``shown`` in the field, save the field's form."""
    page.goto(url)
    if unfold:
        page.locator("main summary", has_text=unfold).click()
    field = page.locator(f"#{field_id}")
    expect(field).to_have_value(shown)
    form = page.locator("main form", has=field)
    form.locator("button[type=submit]").first.click()
    expect(page.locator(".messages .message-success")).to_have_count(1)


def test_organisation_edited_in_chinese_keeps_its_certificate_date(page, sign_in, w):
    w.credential  # noqa: B018
    sign_in(w.admin)

    save_unchanged(
        page,
        f"/directory/organisations/{w.organisation.pk}/edit/",
        "id_credentials-0-issued_on",
        "2021-11-03",
    )

    expect(page).to_have_url(re.compile(rf"/directory/organisations/{w.organisation.pk}/$"))
    assert Credential.objects.get().issued_on == ISSUED


def test_listing_edited_in_chinese_keeps_its_deadline(page, sign_in, w):
    sign_in(w.admin)

    save_unchanged(page, f"/market/{w.listing.pk}/edit/", "id_deadline", "2027-01-29")

    expect(page).to_have_url(re.compile(rf"/market/{w.listing.pk}/$"))
    assert Listing.objects.get(pk=w.listing.pk).deadline == LATER


def test_agreement_edited_in_chinese_is_saved_with_its_date(page, sign_in, w):
    sign_in(w.admin)

    save_unchanged(
        page, f"/pipeline/agreements/{w.agreement.pk}/edit/", "id_signed_on", "2023-05-18"
    )

    expect(page.locator(".messages .message-error")).to_have_count(0)
    assert Agreement.objects.get(pk=w.agreement.pk).signed_on == SIGNED


def test_event_edited_in_chinese_is_saved_with_its_days(page, sign_in, w):
    sign_in(w.admin)

    save_unchanged(
        page, f"/events/{w.event.pk}/manage/", "id_event-starts_on", "2026-12-03", unfold="编辑"
    )

    page.locator("main summary", has_text="编辑").click()
    expect(page.locator("#id_event-ends_on")).to_have_value("2026-12-04")
    expect(page.locator("#id_rules-day_starts_at")).to_have_value("14:00")
    event = Event.objects.get(pk=w.event.pk)
    assert (event.starts_on.isoformat(), event.ends_on.isoformat()) == (
        "2026-12-03",
        "2026-12-04",
    )
