"""The main edit pages, opened in Chinese and in English by someone allowed to edit and
saved without a change, leave every column as it was (dates above all).

The page's HTML is read back by ``formdata.submission`` as a browser would submit it; on the
old main every Chinese date came back empty: certificate dates and deadlines were wiped, and
agreements and events could not be saved at all.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client

from qiao.directory.models import (
    Credential,
    KeyFigure,
    Membership,
    OrganisationRelation,
    Person,
)
from qiao.directory.tests.factories import make_member
from qiao.events.models import Event, EventRules, Session
from qiao.lab.models import Booking, Equipment
from qiao.lab.tests.factories import at
from qiao.market.models import Listing
from qiao.pipeline.models import Agreement, Project
from qiao.tests.form_cases import ISSUED, LATER, SIGNED, World
from qiao.tests.formdata import parse_forms, submission

pytestmark = pytest.mark.django_db
LANGUAGES = ["zh-hans", "en"]
# Written by every save; the other helpers' version counter moves on purpose.
MOVING = {"updated_at", "version", "search_document"}


def columns(obj) -> dict:
    """Every stored column of ``obj`` as the database has it now."""
    fresh = type(obj).objects.get(pk=obj.pk)
    values = {}
    for f in type(obj)._meta.concrete_fields:
        value = getattr(fresh, f.attname)
        if isinstance(value, str):
            # Browsers send textarea newlines as CRLF and Django keeps them (not a date matter).
            value = value.replace("\r\n", "\n")
        if f.name not in MOVING:
            values[f.name] = value
    return values


def snapshot(rows) -> list[dict]:
    return [columns(row) for row in rows]


def client_for(user, language) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def resubmit(client, url, *, having, post_to=None) -> tuple[dict, object]:
    page = client.get(url)
    assert page.status_code == 200
    data = submission(page.content.decode(), having=having)
    return data, client.post(post_to or url, data)


def main_text(response) -> str:
    """The page's main content as text, to show why a save was refused."""
    html = response.content.decode()
    return re.sub(r"<[^>]+>|\s+", " ", html[html.find("<main") :])[:2000]


def assert_saved(response, data):
    assert response.status_code == 302, main_text(response)
    return data


@pytest.fixture
def w():
    return World()


@pytest.mark.parametrize("language", LANGUAGES)
def test_organisation_saved_unchanged_keeps_certificate_relation_and_figure_dates(w, language):
    parts = [w.credential, w.relation, w.key_figure]
    before = snapshot([w.organisation, *parts])

    data, response = resubmit(
        client_for(w.admin, language),
        f"/directory/organisations/{w.organisation.pk}/edit/",
        having="name_zh",
    )

    assert_saved(response, data)
    assert data["credentials-0-issued_on"] == [ISSUED.isoformat()]
    assert snapshot([w.organisation, *parts]) == before
    assert Credential.objects.get().issued_on == ISSUED
    assert OrganisationRelation.objects.get().ended_on == LATER
    assert KeyFigure.objects.get().as_of == SIGNED


@pytest.mark.parametrize("language", LANGUAGES)
def test_person_saved_unchanged_is_unchanged(w, language):
    before = snapshot([w.person])

    data, response = resubmit(
        client_for(w.admin, language), f"/directory/people/{w.person.pk}/edit/", having="name_zh"
    )

    assert_saved(response, data)
    assert snapshot([Person.objects.get(pk=w.person.pk)]) == before


@pytest.mark.parametrize("language", LANGUAGES)
def test_listing_saved_unchanged_keeps_its_deadline(w, language):
    before = snapshot([w.listing])

    data, response = resubmit(
        client_for(w.admin, language), f"/market/{w.listing.pk}/edit/", having="title_zh"
    )

    assert_saved(response, data)
    assert data["deadline"] == [LATER.isoformat()]
    assert snapshot([w.listing]) == before
    assert Listing.objects.get(pk=w.listing.pk).deadline == LATER


@pytest.mark.parametrize("language", LANGUAGES)
def test_agreement_saved_unchanged_is_saved_with_its_date(w, language):
    before = snapshot([w.agreement, *w.agreement.parties.all()])

    data, response = resubmit(
        client_for(w.admin, language),
        f"/pipeline/agreements/{w.agreement.pk}/edit/",
        having="signed_on",
    )

    assert_saved(response, data)
    assert snapshot([w.agreement, *w.agreement.parties.all()]) == before
    assert Agreement.objects.get(pk=w.agreement.pk).signed_on == SIGNED


@pytest.mark.parametrize("language", LANGUAGES)
def test_project_saved_unchanged_is_unchanged(w, language):
    before = snapshot([w.project])

    data, response = resubmit(
        client_for(w.admin, language),
        f"/pipeline/projects/{w.project.pk}/edit/",
        having="name_zh",
    )

    assert_saved(response, data)
    assert snapshot([Project.objects.get(pk=w.project.pk)]) == before


@pytest.mark.parametrize("language", LANGUAGES)
def test_event_and_its_rules_saved_unchanged_keep_days_and_times(w, language):
    w.session  # noqa: B018 - a session with datetimes on the page
    rules = EventRules.objects.get(event=w.event)
    before = snapshot([w.event, rules])
    client = client_for(w.admin, language)
    url = f"/events/{w.event.pk}/manage/"

    event_data, event_response = resubmit(client, url, having="event-starts_on")
    rules_data, rules_response = resubmit(client, url, having="rules-day_starts_at")

    assert_saved(event_response, event_data)
    assert_saved(rules_response, rules_data)
    assert snapshot([w.event, rules]) == before
    event = Event.objects.get(pk=w.event.pk)
    assert (event.starts_on, event.ends_on) == (
        datetime.date(2026, 12, 3),
        datetime.date(2026, 12, 4),
    )
    assert rules_data["rules-day_starts_at"] == ["14:00"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_session_form_renders_its_datetimes_as_the_browser_reads_them(w, language):
    session = w.session
    client = client_for(w.admin, language)
    page = client.get(f"/events/{w.event.pk}/manage/").content.decode()
    assert 'type="datetime-local"' in page
    # A new session posted with the times as a browser sends them is stored at those times.
    data = submission(page, having="session-title_zh")
    data.update(
        {
            "session-title_zh": ["圆桌"],
            "session-starts_at": ["2026-12-03T10:30"],
            "session-ends_at": ["2026-12-03T11:00"],
        }
    )
    assert client.post(f"/events/{w.event.pk}/manage/", data).status_code == 302
    added = Session.objects.exclude(pk=session.pk).get()
    assert added.starts_at == at("2026-12-03", 10, 30)


@pytest.mark.parametrize("language", LANGUAGES)
def test_equipment_saved_unchanged_keeps_its_opening_hours(w, language):
    before = snapshot([w.equipment])

    data, response = resubmit(
        client_for(w.admin, language),
        f"/lab/equipment/{w.equipment.pk}/edit/",
        having="opens_at",
    )

    assert_saved(response, data)
    assert data["opens_at"] == ["08:30"]
    assert snapshot([w.equipment]) == before
    assert Equipment.objects.get(pk=w.equipment.pk).closes_at == datetime.time(17, 45)


@pytest.mark.parametrize("language", LANGUAGES)
def test_booking_from_a_free_cell_books_the_day_and_time_the_page_offered(w, language):
    # A member of another organisation: who pays is then their own organisation.
    member = make_member(w.other, role=Membership.Role.MEMBER)
    start = at(LATER, 9, 30)
    client = client_for(member, language)

    data, response = resubmit(
        client,
        f"/lab/equipment/{w.equipment.pk}/?start={start.isoformat().replace('+', '%2B')}",
        having="day",
        post_to=f"/lab/equipment/{w.equipment.pk}/book/",
    )

    assert (data["day"], data["start"]) == (["2027-01-29"], ["09:30"])
    assert response.status_code == 302, main_text(response)
    assert Booking.objects.get().starts_at == start


NEWS = (
    "发布日期:2025-05-20 来源:医械网\n"
    "5月18日,上海市奉贤区中心医院与上海澜途医疗科技有限公司签署合作协议,共建临床研究基地。\n"
)


@pytest.mark.parametrize("language", LANGUAGES)
def test_news_proposal_accepted_as_edited_without_a_change_keeps_its_date(w, language):
    from qiao.intel.models import Proposal
    from qiao.intel.services import add_organisation_from_text, ingest_article

    article, _created = ingest_article(raw=NEWS, ingested_by=w.operator)
    # The participants are in the directory (accepting an event resolves them).
    assert w.other.name_zh == "上海市奉贤区中心医院"
    add_organisation_from_text(
        article=article, reviewer=w.operator, name="上海澜途医疗科技有限公司", type="company"
    )
    proposal = article.proposals.filter(kind="event", payload__has_key="date").first()
    assert proposal is not None, list(article.proposals.values_list("kind", "payload"))
    before = dict(proposal.payload)
    client = client_for(w.operator, language)
    action = f"/news/proposals/{proposal.pk}/"

    page = client.get(f"/news/{article.pk}/").content.decode()
    form = next(f for f in parse_forms(page) if f.attrs.get("action") == action)
    response = client.post(action, form.data(submitter=("action", "accept")))

    assert response.status_code == 302
    proposal = Proposal.objects.get(pk=proposal.pk)
    assert proposal.status == Proposal.Status.ACCEPTED, main_text(client.get(response.url))
    assert proposal.payload["date"] == before["date"]
    # Review stores an empty place as "" where the extraction had None; nothing else moves.
    assert {k: v for k, v in proposal.payload.items() if v} == {
        k: v for k, v in before.items() if v
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_policy_saved_unchanged_keeps_its_dates_and_criteria(w, language):
    from qiao.policies.models import Policy

    before = snapshot([w.policy])

    data, response = resubmit(
        client_for(w.operator, language), f"/policies/{w.policy.pk}/edit/", having="title_zh"
    )

    assert_saved(response, data)
    assert (data["opens_on"], data["closes_on"]) == ([SIGNED.isoformat()], [LATER.isoformat()])
    assert snapshot([w.policy]) == before
    assert Policy.objects.get(pk=w.policy.pk).criteria == [
        {"type": "region", "district": ["奉贤区"]}
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_lead_saved_unchanged_keeps_its_target_date(w, language):
    from qiao.attraction.models import Lead

    before = snapshot([w.lead])

    data, response = resubmit(
        client_for(w.operator, language), f"/attraction/leads/{w.lead.pk}/", having="target_date"
    )

    assert_saved(response, data)
    assert data["target_date"] == [LATER.isoformat()]
    assert snapshot([w.lead]) == before
    assert Lead.objects.get(pk=w.lead.pk).target_date == LATER


@pytest.mark.parametrize("language", LANGUAGES)
def test_opening_hours_saved_unchanged_keep_every_weekday(w, language):
    from qiao.lab.hours import weekly_hours
    from qiao.tests.form_cases import _hours

    equipment = _hours(w)
    before = weekly_hours(equipment)

    data, response = resubmit(
        client_for(w.admin, language), f"/lab/equipment/{equipment.pk}/hours/", having="opens_0"
    )

    assert_saved(response, data)
    assert (data["opens_6"], data["closes_6"]) == (["13:30"], ["16:15"])
    assert weekly_hours(equipment) == before
