"""The conflict rules, case by case (pure: no database)."""

from datetime import date

import pytest

from qiao.experts.conflicts import (
    Applicant,
    Declaration,
    Expert,
    Graph,
    Link,
    find_conflicts,
    window_start,
)

TODAY = date(2026, 12, 3)
NAMES = {"h": ("瑞金医院", "Ruijin Hospital"), "u": ("交通大学", "Jiao Tong University"),
         "c": ("微创公司", "MicroPort"), "x": ("其他公司", "Other Co")}  # fmt: skip
EXPERT = Expert(id="e1", person_id="p1", orgs={"h": None})
APPLICANT = Applicant(id="a1", org_ids=frozenset({"c"}), person_ids=frozenset({"p9"}))


def codes(expert=EXPERT, applicant=APPLICANT, links=(), years=3):
    found = find_conflicts(expert, applicant, Graph.of(links), today=TODAY, years=years)
    return [c.code for c in found], found


def test_no_tie_means_no_conflict():
    assert codes(links=[Link("agreement", "h", "x", date(2026, 1, 1), "Other")])[0] == []


def test_the_expert_as_applicant():
    applicant = Applicant(id="a1", org_ids=frozenset({"x"}), person_ids=frozenset({"p1"}))
    found, conflicts = codes(applicant=applicant)
    assert found == ["self"]
    assert conflicts[0].text("zh-hans") == "专家本人是申请人。"
    assert conflicts[0].text("en") == "The expert is one of the applicants."


def test_same_organisation_and_its_explanation():
    expert = Expert(id="e1", person_id="p1", orgs={"c": None})
    found, conflicts = codes(expert=expert)
    assert found == ["same_org"]
    assert conflicts[0].text("zh-hans", NAMES) == "专家所在机构「微创公司」即申请机构。"
    assert "MicroPort" in conflicts[0].text("en", NAMES)


def test_a_past_employer_counts_within_the_window_only():
    recent = Expert(id="e1", person_id="p1", orgs={"c": date(2025, 6, 1)})
    old = Expert(id="e1", person_id="p1", orgs={"c": date(2022, 6, 1)})
    assert codes(expert=recent)[0] == ["same_org"]
    assert codes(expert=old)[0] == []


def test_affiliated_organisations_conflict_whatever_the_date():
    link = Link("relation", "h", "c", date(2001, 1, 1), "affiliated_hospital_of")
    found, conflicts = codes(links=[link])
    assert found == ["affiliated"]
    assert "附属医院" in conflicts[0].text("zh", NAMES)
    assert "affiliated (affiliated hospital)" in conflicts[0].text("en", NAMES)


def test_part_of_is_an_affiliation_in_either_direction():
    assert codes(links=[Link("relation", "c", "h", None, "part_of")])[0] == ["affiliated"]


def test_other_relation_counts_while_current_or_recently_ended():
    current = Link("relation", "h", "c", None, "partner_of")
    ended_recently = Link("relation", "h", "c", date(2024, 1, 1), "partner_of")
    ended_long_ago = Link("relation", "h", "c", date(2020, 1, 1), "partner_of")
    assert codes(links=[current])[0] == ["relation"]
    found, conflicts = codes(links=[ended_recently])
    assert found == ["relation"]
    assert "（至2024-01-01）" in conflicts[0].text("zh", NAMES)
    assert codes(links=[ended_long_ago])[0] == []


def test_agreement_within_n_years():
    link = Link("agreement", "c", "h", date(2024, 5, 1), "联合研发协议")
    found, conflicts = codes(links=[link])
    assert found == ["agreement"]
    assert conflicts[0].text("zh", NAMES) == (
        "专家所在机构「瑞金医院」与申请机构「微创公司」于2024-05-01签订协议「联合研发协议」。"
    )
    assert codes(links=[link], years=2)[0] == []


def test_the_window_boundary_is_inclusive():
    assert window_start(TODAY, 3) == date(2023, 12, 3)
    assert codes(links=[Link("agreement", "h", "c", date(2023, 12, 3), "A")])[0] == ["agreement"]
    assert codes(links=[Link("agreement", "h", "c", date(2023, 12, 2), "A")])[0] == []
    assert window_start(date(2028, 2, 29), 1) == date(2027, 2, 28)


def test_introduction_within_n_years():
    link = Link("introduction", "h", "c", date(2026, 3, 1), "导管")
    found, conflicts = codes(links=[link])
    assert found == ["introduction"]
    assert "were introduced on 2026-03-01" in conflicts[0].text("en", NAMES)


def test_joint_project_within_n_years():
    link = Link("project", "h", "c", date(2025, 3, 1), "可降解支架")
    found, conflicts = codes(links=[link])
    assert found == ["project"]
    assert "可降解支架" in conflicts[0].text("zh", NAMES)
    assert codes(links=[Link("project", "h", "c", date(2019, 3, 1), "旧")])[0] == []


@pytest.mark.parametrize(
    ("kind", "zh", "en"),
    [("board", "董事或理事席位", "a board seat"), ("shares", "持股", "shares"),
     ("supervisor", "师生关系", "a supervisor/student tie"), ("unknown", "其他利益关系", "another interest")],
)  # fmt: skip
def test_declared_interest_in_an_organisation(kind, zh, en):
    expert = Expert(
        id="e1", person_id="p1", orgs={"h": None}, declarations=(Declaration(kind, org_id="c"),)
    )
    found, conflicts = codes(expert=expert)
    assert found == ["declared"]
    assert conflicts[0].text("zh", NAMES) == f"专家申报与「微创公司」有{zh}。"
    assert conflicts[0].text("en", NAMES) == f"The expert declared {en} in MicroPort."


def test_declared_interest_in_a_person():
    expert = Expert(
        id="e1", person_id="p1", declarations=(Declaration("supervisor", person_id="p9"),)
    )
    assert codes(expert=expert)[0] == ["declared"]
    other = Expert(
        id="e1", person_id="p1", declarations=(Declaration("supervisor", person_id="p8"),)
    )
    assert codes(expert=other)[0] == []


def test_partner_organisations_of_the_application_count_too():
    applicant = Applicant(id="a1", org_ids=frozenset({"c", "u"}))
    links = [Link("agreement", "h", "u", date(2026, 1, 1), "A")]
    found, conflicts = codes(applicant=applicant, links=links)
    assert found == ["agreement"]
    assert conflicts[0].other_org == "u"


def test_several_conflicts_are_all_listed_in_rule_order_once_each():
    expert = Expert(id="e1", person_id="p1", orgs={"h": None, "c": None},
                    declarations=(Declaration("shares", org_id="c"),))  # fmt: skip
    links = [
        Link("project", "h", "c", date(2026, 1, 1), "P"),
        Link("agreement", "h", "c", date(2026, 1, 1), "A"),
        Link("agreement", "h", "c", date(2026, 1, 1), "A"),
    ]
    assert codes(expert=expert, links=links)[0] == ["same_org", "agreement", "project", "declared"]


def test_a_self_loop_link_is_ignored():
    expert = Expert(id="e1", person_id="p1", orgs={"c": date(2010, 1, 1)})
    assert codes(expert=expert, links=[Link("agreement", "c", "c", None, "A")])[0] == []


def test_an_unnamed_organisation_falls_back_to_its_id():
    expert = Expert(id="e1", person_id="p1", orgs={"c": None})
    assert "「c」" in codes(expert=expert)[1][0].text("zh")
