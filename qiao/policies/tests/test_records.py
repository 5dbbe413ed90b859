"""Criteria on a firm's records: patents, products' journeys, services used, membership.

Pure engine cases first (each criterion met / not met / unknown with the field to fill in),
then the facts loaded from Qiao's records and the sentences in both languages."""

import datetime

import pytest
from django.utils import translation

from qiao.policies.eligibility import (
    CredentialFact,
    Firm,
    MembershipFact,
    MilestoneFact,
    Outcome,
    Ref,
    ServiceFact,
    compile_policy,
    validate,
)

D = datetime.date


def _answer(criterion, firm):
    policy = compile_policy(1, [criterion])
    result = policy.explain(firm).items[0]
    assert policy.verdict(firm) is result.outcome  # the fast path agrees
    return result.outcome, result.proof, result.missing


def _patent(pk, subtype="", status="granted", kind="patent"):
    return CredentialFact(pk, kind, "", status, D(2024, 1, pk), f"ZL{pk}", subtype=subtype)


def test_patents_count_by_kind_and_type():
    two_inventions = {"type": "patents", "patent_types": ["invention"], "min_count": 2}
    firm = Firm(1, credentials=(_patent(1, "invention"), _patent(2, "invention"),
                                _patent(3, "design")))  # fmt: skip
    assert _answer(two_inventions, firm) == (
        Outcome.MET,
        (Ref("credential", 1, "ZL1"), Ref("credential", 2, "ZL2")),
        "",
    )
    # One invention and one patent whose type cannot be read from its number: ask for it.
    firm = Firm(1, credentials=(_patent(1, "invention"), _patent(2, "")))
    assert _answer(two_inventions, firm) == (Outcome.UNKNOWN, (), "patent_type")
    # Applications and designs do not count; a firm with patents on file simply lacks them.
    firm = Firm(1, credentials=(_patent(1, "invention", status="applied"), _patent(2, "design")))
    assert _answer(two_inventions, firm)[0] is Outcome.NOT_MET
    with_applied = two_inventions | {"include_applied": True, "min_count": 1}
    assert _answer(with_applied, firm)[0] is Outcome.MET
    # No patent on file at all: unknown, and the prompt asks for them.
    assert _answer(two_inventions, Firm(1)) == (Outcome.UNKNOWN, (), "patents")
    # Software copyrights count when named.
    ip = {"type": "patents", "kinds": ["patent", "software_copyright"], "min_count": 2}
    firm = Firm(1, credentials=(_patent(1, "utility_model"),
                                _patent(5, kind="software_copyright")))  # fmt: skip
    assert _answer(ip, firm)[0] is Outcome.MET


def test_milestones_and_stages_of_the_firms_products():
    registered = MilestoneFact(4, "registration", D(2026, 3, 2), "透析器 · 注册证")
    trial_here = MilestoneFact(5, "trial_started", D(2025, 5, 1), "试验", site_district="奉贤区",
                               site_city="上海市", has_site=True)  # fmt: skip
    trial_unsited = MilestoneFact(6, "trial_started", D(2025, 5, 1), "试验 2")
    stage = MilestoneFact(9, "stage:market", D(2026, 4, 1), "透析器 · 上市")
    firm = Firm(1, milestones=(registered, trial_here, stage), recorded=frozenset({"projects"}))
    nmpa = {"type": "milestone", "kind": "registration", "since": "2026-01-01"}
    assert _answer(nmpa, firm) == (Outcome.MET, (Ref("milestone", 4, "透析器 · 注册证"),), "")
    assert _answer(nmpa | {"since": "2026-06-01"}, firm)[0] is Outcome.NOT_MET
    local_trial = {"type": "milestone", "kind": "trial_started", "site": {"district": ["奉贤区"]}}
    assert _answer(local_trial, firm)[0] is Outcome.MET
    elsewhere = {"type": "milestone", "kind": "trial_started", "site": {"district": ["浦东新区"]}}
    assert _answer(elsewhere, firm)[0] is Outcome.NOT_MET
    unsited = Firm(1, milestones=(trial_unsited,), recorded=frozenset({"projects"}))
    assert _answer(local_trial, unsited) == (Outcome.UNKNOWN, (), "milestone_site")
    assert _answer({"type": "milestone", "kind": "stage:market"}, firm)[0] is Outcome.MET
    # A firm without projects on Qiao: unknown, asking for its journeys.
    assert _answer(nmpa, Firm(1)) == (Outcome.UNKNOWN, (), "projects")


def test_local_services_from_providers_in_the_region_or_the_park():
    lab_here = ServiceFact(3, "provider", "testing", "检测所 · 检测", "奉贤区", "上海市")
    cro_away = ServiceFact(3, "provider", "cro", "CRO · 临床", "海淀区", "北京市")
    park = ServiceFact(8, "request", "park_request", "用电增容")
    testing_here = {"type": "local_service", "services": ["testing"], "district": ["奉贤区"]}
    firm = Firm(1, services=(lab_here, cro_away), recorded=frozenset({"projects"}))
    assert _answer(testing_here, firm) == (Outcome.MET, (Ref("provider", 3, "检测所 · 检测"),), "")
    assert _answer({"type": "local_service", "services": ["cro"], "district": ["奉贤区"]},
                   firm)[0] is Outcome.NOT_MET  # fmt: skip
    unplaced = ServiceFact(3, "provider", "testing", "某检测所 · 检测")
    firm = Firm(1, services=(unplaced,), recorded=frozenset({"projects"}))
    assert _answer(testing_here, firm) == (Outcome.UNKNOWN, (), "provider_region")
    twice = {"type": "local_service", "district": ["奉贤区"], "min_count": 2}
    firm = Firm(1, services=(lab_here, park), recorded=frozenset({"projects", "requests"}))
    assert _answer(twice, firm)[0] is Outcome.MET  # the park's own desk is local
    assert _answer(twice, Firm(1)) == (Outcome.UNKNOWN, (), "providers")


def test_alliance_membership_by_alliance_tier_and_date():
    active = MembershipFact(2, alliance_id=50, tier_id=7, status="active", ends_on=D(2026, 12, 31),
                            label="联盟 · 理事单位")  # fmt: skip
    firm = Firm(1, memberships=(active,))
    assert _answer({"type": "membership"}, firm) == (
        Outcome.MET,
        (Ref("membership", 2, "联盟 · 理事单位"),),
        "",
    )
    assert _answer({"type": "membership", "alliances": [50], "tiers": [7]}, firm)[0] is Outcome.MET
    assert _answer({"type": "membership", "tiers": [8]}, firm)[0] is Outcome.NOT_MET
    assert _answer({"type": "membership", "on": "2027-01-01"}, firm)[0] is Outcome.NOT_MET
    lapsed = Firm(1, memberships=(MembershipFact(2, 50, 7, "lapsed", None, "x"),))
    assert _answer({"type": "membership"}, lapsed)[0] is Outcome.NOT_MET
    assert _answer({"type": "membership"}, Firm(1))[0] is Outcome.NOT_MET  # no record: no member


def test_malformed_record_criteria_are_refused():
    assert validate([{"type": "patents", "kinds": ["trademark"]}]) == ["bad_value"]
    assert validate([{"type": "patents", "min_count": 0}]) == ["bad_number"]
    assert validate([{"type": "milestone"}]) == ["no_milestone"]
    assert validate([{"type": "local_service", "services": "testing"}]) == ["bad_list"]
    assert validate([{"type": "membership", "tiers": ["gold"]}]) == ["bad_number"]


@pytest.mark.django_db
def test_records_are_loaded_from_qiao_and_read_in_both_languages(operator):
    from decimal import Decimal

    from qiao.alliances import services as alliance_services
    from qiao.alliances.models import AllianceMembership
    from qiao.directory.models import Credential, Membership
    from qiao.directory.tests.factories import OrganisationFactory, make_member
    from qiao.pipeline import services as pipeline_services
    from qiao.pipeline.models import Milestone, ProjectProvider
    from qiao.policies.facts import load_firms, patent_type
    from qiao.policies.sentences import missing_prompt, sentences_both
    from qiao.taxonomy.models import Term, Vocabulary

    assert [patent_type(n) for n in ("ZL201910123456.7", "ZL 2020 2 0123456.1",
                                     "CN 112345678 B", "ZL202030123456.X", "A-17")] == [
        "invention", "utility_model", "invention", "design", ""]  # fmt: skip

    firm = OrganisationFactory(district="奉贤区", city="上海市")
    member = make_member(firm, role=Membership.Role.ADMIN)
    Credential.objects.create(organisation=firm, kind="patent", number="ZL201910123456.7",
                              title="一种透析器", issued_on=D(2021, 5, 1))  # fmt: skip
    prototype = Term.objects.get(vocabulary=Vocabulary.LIFECYCLE_STAGE, code="prototype")
    project = pipeline_services.create_project(
        created_by=member, organisation=firm, stage=prototype, entered_on=D(2024, 5, 1),
        name_zh="透析器",
    )  # fmt: skip
    hospital = OrganisationFactory(district="奉贤区", city="上海市")
    Milestone.objects.create(project=project, kind="trial_started", reached_on=D(2025, 5, 1),
                             site=hospital)  # fmt: skip
    lab = OrganisationFactory(district="奉贤区", city="上海市", name_zh="奉贤检测所")
    ProjectProvider.objects.create(project=project, organisation=lab, service="testing")
    alliance = OrganisationFactory(name_zh="长三角医疗器械联盟", name_en="YRD Device Alliance")
    secretary = make_member(alliance, role=Membership.Role.ADMIN)
    tier = alliance_services.create_tier(alliance=alliance, by=secretary, name_zh="理事单位",
                                         name_en="Council", annual_fee=Decimal("1000"))  # fmt: skip
    AllianceMembership.objects.create(alliance=alliance, member=firm, tier=tier, status="active",
                                      ends_on=D(2099, 1, 1))  # fmt: skip

    [loaded] = load_firms([firm])
    assert loaded.recorded == frozenset({"projects"})
    criteria = [
        {"type": "patents", "patent_types": ["invention"]},
        {"type": "milestone", "kind": "trial_started", "site": {"district": ["奉贤区"]}},
        {"type": "milestone", "kind": "stage:prototype"},
        {"type": "local_service", "services": ["testing"], "district": ["奉贤区"]},
        {"type": "membership", "alliances": [alliance.pk], "tiers": [tier.pk]},
    ]
    result = compile_policy(1, criteria).explain(loaded)
    assert [item.outcome for item in result.items] == [Outcome.MET] * 5
    assert {ref.kind for ref in result.proofs()} == {"credential", "milestone", "provider",
                                                     "membership"}  # fmt: skip

    both = sentences_both(criteria[4])
    assert "长三角医疗器械联盟" in both["zh-hans"] and "理事单位" in both["zh-hans"]
    assert "YRD Device Alliance" in both["en"] and "Council" in both["en"]
    # (The Chinese of the new sentences arrives with the catalogue; the data is already there.)
    english = [sentences_both(c)["en"] for c in criteria[:4]]
    assert "at least 1 patent (patents of type: invention)" in english[0]
    assert "Clinical trial started" in english[1] and "奉贤区" in english[1]
    assert "“Prototype" in english[2] or "prototype" in english[2].lower()
    assert "Testing and inspection" in english[3] and "奉贤区" in english[3]
    with translation.override("en"):
        assert "projects" in missing_prompt("projects")
