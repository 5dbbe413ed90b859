"""Regions and bilingual names in the page's language."""

from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.utils import translation

from qiao.core.regions import english_name, region_name


@pytest.mark.parametrize(
    ("parts", "chinese", "english"),
    [
        (("上海市", "上海市", "奉贤区"), "上海市 奉贤区", "Fengxian District, Shanghai"),
        (("上海市", "上海市", "浦东新区"), "上海市 浦东新区", "Pudong New Area, Shanghai"),
        (
            ("广东省", "深圳市", "南山区"),
            "广东省 深圳市 南山区",
            "Nanshan District, Shenzhen, Guangdong",
        ),
        (("北京市", "北京市", ""), "北京市", "Beijing"),
        (("", "", ""), "", ""),
    ],
)
def test_region_in_both_languages(parts, chinese, english):
    assert region_name(*parts, language="zh-hans") == chinese
    assert region_name(*parts, language="en") == english


def test_unlisted_names_fall_back_to_pinyin_with_the_suffix_in_english():
    assert english_name("滨江区") == "Binjiang District"
    assert english_name("昆山市") == "Kunshan"
    assert english_name("Shanghai") == "Shanghai"


def test_region_tag_and_title_filters_follow_the_active_language():
    template = Template(
        "{% load qiao_format %}{% region p c d %}|{{ obj|in_language }}|{{ obj|other_language }}"
    )
    listing = SimpleNamespace(title_zh="脓毒症早筛", title_en="Early sepsis screening")
    context = Context({"p": "上海市", "c": "上海市", "d": "奉贤区", "obj": listing})
    with translation.override("en"):
        assert template.render(context) == (
            "Fengxian District, Shanghai|Early sepsis screening|脓毒症早筛"
        )
    with translation.override("zh-hans"):
        assert template.render(context) == "上海市 奉贤区|脓毒症早筛|Early sepsis screening"
    untranslated = Context({"p": "", "c": "", "d": "", "obj": SimpleNamespace(title_zh="仅中文")})
    with translation.override("en"):
        assert template.render(untranslated) == "|仅中文|"
