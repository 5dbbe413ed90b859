"""Who may ask whom: the rule table set on the organiser's page, probed pair by pair in the
request check, the participants' list, the recommendations and the planner."""

from itertools import product

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from qiao.events import selectors, services
from qiao.events.models import MeetingRequest, ParticipantType
from qiao.events.rules import RuleTable
from qiao.events.tests.factories import make_participant

pytestmark = pytest.mark.django_db

TYPES = ("企业", "医院", "投资人", "高校")
# Ticked on the page: companies ask hospitals and investors; investors ask companies.
TICKED = {("企业", "医院"), ("企业", "投资人"), ("投资人", "企业")}
# What the semantics on the page say follows (every ordered pair, same type included):
ALLOWED = {
    ("企业", "医院"),  # a rule, and hospitals have no rules of their own
    ("企业", "投资人"),  # a rule, and investors are limited to companies
    ("投资人", "企业"),  # a rule, and companies are limited to hospitals and investors
}


@pytest.fixture
def table(event, operator, client_of):
    types = {
        name: services.add_participant_type(event=event, added_by=operator, name_zh=name)
        for name in TYPES
    }
    client = client_of(operator)
    page = client.get(f"/events/{event.pk}/manage/").content.decode()
    assert 'data-testid="rule-table"' in page
    assert page.count('name="ask"') == len(TYPES) ** 2
    response = client.post(
        f"/events/{event.pk}/rules/",
        {"ask": [f"{types[a].pk}-{types[b].pk}" for a, b in TICKED]},
    )
    assert response.status_code == 302
    people = {
        name: [
            make_participant(event, approve_by=operator, participant_type=types[name])
            for _ in range(2)
        ]
        for name in TYPES
    }
    return types, people, client


def test_the_page_shows_the_table_as_saved_and_what_it_means(event, table):
    types, _people, client = table
    with translation.override("zh-hans"):
        page = client.get(f"/events/{event.pk}/manage/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    html = page.content.decode()
    for a, b in product(TYPES, TYPES):
        box = html.split(f'data-testid="ask-{a}-{b}"')[0].rsplit("<input", 1)[1]
        assert (" checked" in box) is ((a, b) in TICKED), (a, b)
    assert 'data-testid="rules-meaning"' in html
    # Stored directed: the hospital asks nobody, though companies may ask it.
    assert list(types["医院"].may_meet.all()) == []
    assert set(types["企业"].may_meet.values_list("name_zh", flat=True)) == {"医院", "投资人"}


@pytest.mark.parametrize("sender_type,recipient_type", list(product(TYPES, TYPES)))
def test_every_pair_is_decided_by_the_table(table, sender_type, recipient_type):
    _types, people, _client = table
    sender, recipient = people[sender_type][0], people[recipient_type][1]
    if (sender_type, recipient_type) in ALLOWED:
        services.send_request(sender=sender, recipient=recipient, sent_by=sender.user)
        assert MeetingRequest.objects.filter(sender=sender, recipient=recipient).count() == 1
    else:
        with translation.override("en"), pytest.raises(ValidationError, match="may not ask"):
            services.send_request(sender=sender, recipient=recipient, sent_by=sender.user)
        assert not MeetingRequest.objects.filter(sender=sender).exists()


def test_the_participants_list_offers_only_whom_the_rules_allow(table):
    _types, people, _client = table
    for sender_type in TYPES:
        mine = people[sender_type][0]
        offered = {
            r.participant_type.name_zh
            for r in selectors.list_askable(viewer=mine.user, registration=mine)
        }
        assert offered == {b for a, b in ALLOWED if a == sender_type}, sender_type
        assert mine.organisation_id not in {
            r.organisation_id for r in selectors.list_askable(viewer=mine.user, registration=mine)
        }


def test_the_planner_leaves_out_accepted_requests_the_rules_no_longer_allow(event, operator, table):
    types, people, client = table
    company, hospital = people["企业"][0], people["医院"][0]
    request = services.send_request(sender=company, recipient=hospital, sent_by=company.user)
    services.answer_request(request=request, answered_by=hospital.user, accept=True)
    assert [r.id for r in services.build_instance(event).requests] == [str(request.pk)]
    # The organiser unticks "companies may ask hospitals".
    client.post(
        f"/events/{event.pk}/rules/",
        {
            "ask": [
                f"{types['企业'].pk}-{types['投资人'].pk}",
                f"{types['投资人'].pk}-{types['企业'].pk}",
            ]
        },
    )
    assert services.build_instance(event).requests == ()


def test_an_event_without_rules_lets_anyone_ask_anyone_but_colleagues(event, operator):
    a = make_participant(event, approve_by=operator)
    b = make_participant(event, approve_by=operator)
    colleague = make_participant(event, approve_by=operator, organisation=a.organisation)
    services.send_request(sender=a, recipient=b, sent_by=a.user)
    with pytest.raises(ValidationError):
        services.send_request(sender=a, recipient=colleague, sent_by=a.user)
    assert [r.pk for r in selectors.list_askable(viewer=a.user, registration=a)] == [b.pk]


def test_the_table_reads_the_same_in_pure_form():
    table = RuleTable.of({(1, 2), (1, 3), (3, 1)})
    assert [table.may_ask(a, b) for a, b in [(1, 2), (2, 1), (1, 3), (3, 1), (4, 1), (2, 3)]] == [
        True,
        False,
        True,
        True,
        False,
        False,
    ]
    assert RuleTable.of(()).may_ask(None, None) is True
    assert table.may_ask(None, 2) is False


def test_removing_a_type_in_use_is_refused_with_the_reason(event, operator, table):
    types, _people, _client = table
    with translation.override("en"), pytest.raises(ValidationError, match="2 registrations"):
        services.remove_participant_type(participant_type=types["高校"], removed_by=operator)
    assert ParticipantType.objects.filter(pk=types["高校"].pk).exists()
