"""Amounts as readers expect them: 亿/万 in Chinese, a currency sign and separators in English."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from qiao.core.money import format_money


@pytest.mark.parametrize(
    ("amount", "chinese", "english"),
    [
        (Decimal("150000000"), "1.5 亿元", "¥150,000,000"),
        (Decimal("3000000"), "300 万元", "¥3,000,000"),
        (Decimal("1500000"), "150 万元", "¥1,500,000"),
        (Decimal("12345678"), "1,234.57 万元", "¥12,345,678"),
        (Decimal("9999"), "9,999 元", "¥9,999"),
        (Decimal("120.5"), "120.50 元", "¥120.50"),
        (Decimal("0"), "0 元", "¥0"),
    ],
)
def test_yuan_in_both_languages(amount, chinese, english):
    assert format_money(amount, "CNY", language="zh-hans") == chinese
    assert format_money(amount, "CNY", language="en") == english


def test_other_currencies_keep_their_unit():
    assert format_money(Decimal("250000000"), "USD", language="zh-hans") == "2.5 亿美元"
    assert format_money(Decimal("2000000"), "EUR", language="en") == "€2,000,000"
    assert format_money(Decimal("2000000"), "GBP", language="en") == "2,000,000 GBP"


def test_no_amount_is_blank():
    assert format_money(None, language="zh-hans") == ""


def test_template_filter_follows_the_active_language():
    template = Template("{% load qiao_format %}{{ amount|money:currency }}")
    context = Context({"amount": Decimal("150000000"), "currency": "CNY"})
    with translation.override("zh-hans"):
        assert template.render(context) == "1.5 亿元"
    with translation.override("en"):
        assert template.render(context) == "¥150,000,000"
