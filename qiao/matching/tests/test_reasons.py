"""Reasons in words, in the viewer's language."""

import pytest
from django.utils import translation

from qiao.matching.reasons import describe

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("zh-hans", "持有：专利、药监局III类注册证、CNAS"),
        ("en", "Holds: patent, NMPA class III registration, CNAS"),
    ],
)
def test_credentials_are_named_in_the_viewers_language(language, expected):
    reason = {"code": "credential", "terms": ["patent", "NMPA class III", "CNAS"], "weight": 0.1}
    with translation.override(language):
        assert describe(reason) == expected


@pytest.mark.parametrize(
    ("weight", "expected"),
    [
        (0.2, "Amount 80M yuan fits the ticket size 50M–300M yuan"),
        (-0.2, "Amount 80M yuan is outside the ticket size 50M–300M yuan"),
    ],
)
def test_amount_reason_says_whether_it_fits(weight, expected):
    reason = {"code": "investment_fit", "terms": ["8000万", "5000万-30000万"], "weight": weight}
    with translation.override("en"):
        assert describe(reason) == expected


def test_kind_fit_names_both_kinds_and_the_owner_in_chinese():
    reason = {
        "code": "kind_fit",
        "terms": ["financing>investment", "owner:investor"],
        "weight": 0.3,
    }
    with translation.override("zh-hans"):
        assert describe(reason) == "类型对口：融资需求 → 投资方向（提供方：投资机构）"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        # The side in the viewer's language is shown, else the glossary's form in it.
        ("en", "Same concept in other words: PCR, ICU, sepsis"),
        ("zh-hans", "同义表述：荧光定量PCR、重症监护室、重症"),
    ],
)
def test_synonym_evidence_is_in_the_viewers_language(language, expected):
    terms = ["PCR=荧光定量PCR", "重症监护室=ICU", "ICU=intensive care"]
    if language != "en":
        terms[2] = "intensive care=ICU"  # no Chinese side: the glossary's first Chinese form
    else:
        terms[2] = "脓毒症=败血症"  # no English side: the glossary's first English form
    reason = {"code": "synonym", "terms": terms, "weight": 0.3}
    with translation.override(language):
        assert describe(reason) == expected
