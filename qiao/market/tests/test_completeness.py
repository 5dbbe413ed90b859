"""Completeness score and hints. ``assess`` works on unsaved listings: no database here."""

import datetime
from decimal import Decimal

from django.utils import translation

from qiao.market.completeness import MIN_DESCRIPTION, MIN_TEXT, assess
from qiao.market.models import Kind, Listing, Side

LONG = "一段足够长的说明文字，超过十个字符。"
DESCRIPTION = "这是一段完整的描述：说明收益、所处阶段以及走向临床使用或市场的路径。" * 3


def technology(**fields) -> Listing:
    return Listing(side=Side.OFFER, kind=Kind.TECHNOLOGY, **fields)


def clinical(**fields) -> Listing:
    return Listing(side=Side.NEED, kind=Kind.CLINICAL, **fields)


def test_empty_listing_scores_zero_with_hints_weightiest_first():
    result = assess(technology(), tag_count=0)
    assert result.score == 0
    assert [field for field, _hint in result.hints] == [
        "description",
        "title_zh",
        "summary_zh",
        "terms",
        "stage",
        "ip_status",
        "transfer_modes",
        "province",
        "contact",
        "deadline",
        "patent_numbers",
    ]


def test_score_is_the_share_of_weights_met():
    # Technology: 70 common + 25 own; a title alone is 10 of 95.
    assert assess(technology(title_zh="恒温扩增床旁检测技术"), tag_count=0).score == 11
    # Clinical: 70 common + 30 own, so the title alone is exactly 10 of 100.
    assert assess(clinical(title_zh="急诊脓毒症病原体快速检测"), tag_count=0).score == 10


def test_complete_clinical_need_scores_100_without_hints():
    listing = clinical(
        title_zh="急诊脓毒症病原体快速检测",
        summary_zh=LONG,
        description=DESCRIPTION,
        stage_id=1,
        province="上海市",
        contact_id=1,
        deadline=datetime.date(2027, 6, 30),
        clinical_problem=LONG,
        patient_population=LONG,
        shortcomings=LONG,
        desired_outcome=LONG,
    )
    result = assess(listing, tag_count=2)
    assert result.score == 100
    assert result.hints == ()


def test_short_texts_do_not_count():
    listing = clinical(title_zh="短", summary_zh="太短", description=LONG)
    fields = [field for field, _hint in assess(listing, tag_count=0).hints]
    assert fields[:3] == ["description", "title_zh", "summary_zh"]


def test_english_title_and_summary_count_like_chinese_ones():
    listing = technology(title_en="Isothermal POCT assay", summary_en="A bedside assay for sepsis.")
    fields = [field for field, _hint in assess(listing, tag_count=0).hints]
    assert "title_zh" not in fields
    assert "summary_zh" not in fields


def test_tags_are_counted_from_the_argument():
    assert "terms" in dict(assess(technology(), tag_count=0).hints)
    assert "terms" not in dict(assess(technology(), tag_count=1).hints)


def test_kind_specific_checks():
    investment = Listing(
        side=Side.OFFER,
        kind=Kind.INVESTMENT,
        investment_stages=["a"],
        ticket_max=Decimal("5000000"),
    )
    equipment = Listing(side=Side.OFFER, kind=Kind.EQUIPMENT, equipment_model="Bio-Rad CFX96")
    assert {"investment_stages", "ticket_max"} & set(
        dict(assess(investment, tag_count=0).hints)
    ) == set()
    assert [f for f, _h in assess(equipment, tag_count=0).hints][-2:] == [
        "location",
        "specifications",
    ]


def test_hints_follow_the_active_language():
    with translation.override("en"):
        hints = dict(assess(technology(), tag_count=0).hints)
    assert hints["description"] == (
        "Describe the benefit, the stage and the route to use or market in at least 80 characters."
    )
    with translation.override("zh-hans"):
        hints = dict(assess(technology(), tag_count=0).hints)
    assert (
        hints["description"] == "请用至少 80 个字说明价值所在、所处阶段以及走向应用或市场的路径。"
    )


def test_every_length_rule_is_stated_in_its_hint():
    """A text one character short of its minimum is refused, and the hint names the minimum."""
    short = "字" * (MIN_TEXT - 1)
    listing = clinical(
        title_zh=short, summary_zh=short, clinical_problem=short, patient_population=short,
        shortcomings=short, desired_outcome=short, description="字" * (MIN_DESCRIPTION - 1),
    )  # fmt: skip
    with translation.override("en"):
        hints = dict(assess(listing, tag_count=0).hints)
    for field in ("title_zh", "summary_zh", "clinical_problem", "patient_population",
                  "shortcomings", "desired_outcome"):  # fmt: skip
        assert f"at least {MIN_TEXT} characters" in hints[field], field
    assert f"at least {MIN_DESCRIPTION} characters" in hints["description"]
