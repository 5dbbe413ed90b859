"""Every validation message Qiao shows reads naturally in Chinese (and English).

Django's own Chinese says "包含 活动 和 名称（中文） 的 参会者类型 已经存在。" and
"确认总共不超过 10 个数字."; Qiao's models word uniqueness themselves
(``core.models.NaturalMessages``) and the project catalogue translates Django's messages
again (``core/django_messages.py``).
"""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import DecimalValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import translation

from qiao.core.models import NaturalMessages

CJK = re.compile(r"[\u4e00-\u9fff]")
MACHINE = ("包含 ", " 和 ", "已经存在", "确认", "确保", "约束", " 的 ")


def _qiao_models():
    return [m for m in apps.get_models() if m.__module__.startswith("qiao.")]


def _unique_checks(model):
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and constraint.fields:
            if constraint.condition is None:
                yield constraint.fields
    for field in model._meta.fields:
        if field.unique and not field.primary_key:
            yield (field.name,)


def _reads_naturally(message: str) -> None:
    assert CJK.search(message), message
    for phrase in MACHINE:
        assert phrase not in message, message
    assert message.endswith("。"), message


def _messages(error: ValidationError) -> list[str]:
    return [str(m) for m in ValidationError(error).messages]


USER_FACING = [
    m
    for m in _qiao_models()
    if issubclass(m, NaturalMessages) and any(True for _ in _unique_checks(m))
]


@pytest.mark.parametrize("model", USER_FACING, ids=lambda m: m.__name__)
def test_each_models_unique_errors_read_naturally_in_chinese(model):
    with translation.override("zh-hans"):
        for fields in _unique_checks(model):
            for message in _messages(model().unique_error_message(model, fields)):
                _reads_naturally(message)
                assert str(model._meta.verbose_name) in message


def test_a_unique_error_names_the_fields_in_english_too():
    from qiao.events.models import ParticipantType

    with translation.override("en"):
        (message,) = _messages(
            ParticipantType().unique_error_message(ParticipantType, ("event", "name_zh"))
        )
    assert message == "Another participant type already has the same event and name (Chinese)."


DECIMALS = [
    (m, f) for m in _qiao_models() for f in m._meta.fields if isinstance(f, models.DecimalField)
]


@pytest.mark.parametrize(
    ("model", "field"), DECIMALS, ids=lambda x: getattr(x, "__name__", getattr(x, "name", x))
)
def test_each_models_numeric_errors_read_naturally_in_chinese(model, field):
    too_many = Decimal("9" * (field.max_digits + 1))
    too_precise = Decimal("0." + "1" * (field.decimal_places + 1))
    with translation.override("zh-hans"):
        for value in (too_many, too_precise):
            with pytest.raises(ValidationError) as raised:
                DecimalValidator(field.max_digits, field.decimal_places)(value)
            for message in _messages(raised.value):
                _reads_naturally(message)
        for validator in field.validators:
            if isinstance(validator, MinValueValidator | MaxValueValidator):
                with pytest.raises(ValidationError) as raised:
                    validator(Decimal(-1) if isinstance(validator, MinValueValidator) else 10**20)
                for message in _messages(raised.value):
                    _reads_naturally(message)


@pytest.mark.django_db
def test_a_unique_clash_on_save_reads_naturally(organisation):
    from qiao.events.models import Event, ParticipantType

    event = Event.objects.create(
        kind=Event.Kind.FORUM,
        organiser=organisation,
        title_zh="创新论坛",
        starts_on=date(2026, 5, 1),
        ends_on=date(2026, 5, 1),
    )
    ParticipantType.objects.create(event=event, name_zh="医生")
    with translation.override("zh-hans"), pytest.raises(ValidationError) as raised:
        ParticipantType(event=event, name_zh="医生").full_clean()
    (message,) = raised.value.messages
    assert message == "已有活动和名称（中文）都相同的参会者类型。"


@pytest.mark.django_db
def test_a_check_constraint_never_shows_its_database_name(organisation):
    from qiao.events.models import Event

    event = Event(
        kind=Event.Kind.FORUM,
        organiser=organisation,
        title_zh="创新论坛",
        starts_on=date(2026, 5, 2),
        ends_on=date(2026, 5, 1),
    )
    with translation.override("zh-hans"), pytest.raises(ValidationError) as raised:
        event.full_clean()
    text = " ".join(raised.value.messages)
    assert "event_ends_after_start" not in text
    assert "约束" not in text and CJK.search(text)


@pytest.mark.django_db
def test_a_named_constraint_message_is_used():
    from qiao.directory.models import OrganisationRelation

    relation = OrganisationRelation(kind="partner_of", source_id=1, target_id=1)
    with translation.override("zh-hans"), pytest.raises(ValidationError) as raised:
        relation.validate_constraints()
    assert raised.value.messages == ["机构不能与自身建立关系。"]


def test_password_validators_answer_in_chinese():
    with translation.override("zh-hans"), pytest.raises(ValidationError) as raised:
        validate_password("12345")
    assert len(raised.value.messages) >= 3
    for message in raised.value.messages:
        _reads_naturally(message)
    assert "密码太短" in " ".join(raised.value.messages)


@pytest.mark.django_db
def test_a_chinese_invitation_page_answers_a_short_password_in_chinese(org_admin, organisation):
    from django.test import Client

    from qiao.directory import services

    invitation = services.invite_member(
        organisation=organisation,
        by=org_admin,
        email="invitee@example.org",
        role="member",
        base_url="http://testserver",
    )
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    url = f"/accounts/invitations/{invitation.token}/"
    assert "密码至少需要 10 个字符" in client.get(url).content.decode()
    response = client.post(url, {"full_name": "王敏", "password1": "abc1", "password2": "abc1"})
    html = response.content.decode()
    assert "密码太短，至少需要 10 个字符。" in html
    assert "This password is too short" not in html and "must contain" not in html
