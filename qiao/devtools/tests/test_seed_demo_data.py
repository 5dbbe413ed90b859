from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import RequestFactory, override_settings

from qiao.core.search import filter_by_search
from qiao.devtools.demo_cluster import (
    DEMO_PASSWORD,
    REAL_ORGANISATIONS,
    SIGN_INS,
    SYNTHETIC_COUNT,
    build_demo_cluster,
)
from qiao.devtools.demo_market import LISTINGS
from qiao.devtools.demo_pipeline import AGREEMENTS
from qiao.devtools.synthetic import DEMO_MARK_ZH
from qiao.directory.models import (
    Affiliation,
    Capability,
    Credential,
    Department,
    KeyFigure,
    Membership,
    Organisation,
    OrganisationRelation,
    Person,
)
from qiao.events.tests.helpers import BUDGET
from qiao.market.models import Listing
from qiao.matching.models import Match
from qiao.pipeline.models import Agreement, Project
from qiao.tests.shipped import restore_shipped_rows

BOJIE = "上海伯杰医疗科技股份有限公司"
FENGXIAN_HOSPITAL = "上海市奉贤区中心医院"
INNOVATION_CENTRE = "上海市高端医疗装备创新中心"
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Load the demo once for the module, inside a transaction rolled back at the end."""
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        with transaction.atomic():
            restore_shipped_rows()  # a transactional test on this process may have flushed them
            call_command("seed_demo_data", stdout=StringIO())
            yield
            transaction.set_rollback(True)


def _row_counts() -> dict[str, int]:
    models = (Organisation, OrganisationRelation, Capability, Credential, Department,
              KeyFigure, Person, Affiliation, Membership, get_user_model(), Listing,
              Match)  # fmt: skip
    return {model.__name__: model.objects.count() for model in models}


def test_cluster_names_and_keys_are_unique():
    cluster = build_demo_cluster()
    assert len({o.key for o in cluster.organisations}) == 217
    assert len({o.name_zh for o in cluster.organisations}) == 217


def test_cluster_is_the_same_for_the_same_seed():
    assert build_demo_cluster(seed=5) == build_demo_cluster(seed=5)


@pytest.mark.django_db
def test_demo_has_the_real_and_synthetic_organisations(demo):
    assert Organisation.objects.count() == 217
    assert len(REAL_ORGANISATIONS) + SYNTHETIC_COUNT == 217


@pytest.mark.django_db
def test_synthetic_organisations_are_marked_as_demo_data(demo):
    real = [o.name_zh for o in REAL_ORGANISATIONS]
    synthetic = Organisation.objects.exclude(name_zh__in=real)
    assert synthetic.count() == 160
    assert synthetic.exclude(description_zh__startswith=DEMO_MARK_ZH).count() == 0
    assert (
        Organisation.objects.filter(name_zh__in=real, description_zh__contains=DEMO_MARK_ZH).count()
        == 0
    )


@pytest.mark.django_db
def test_every_organisation_has_a_search_document(demo):
    assert Organisation.objects.filter(search_document="").count() == 0
    assert Person.objects.filter(search_document="").count() == 0


@pytest.mark.django_db
def test_bojie_has_five_platforms_and_two_services(demo):
    capabilities = Capability.objects.filter(organisation__name_zh=BOJIE)
    assert sorted(capabilities.filter(kind="platform").values_list("name_zh", flat=True)) == [
        "仪器制造平台", "免疫平台", "恒温平台", "测序平台", "荧光PCR平台"
    ]  # fmt: skip
    assert sorted(capabilities.filter(kind="service").values_list("name_zh", flat=True)) == [
        "医学检验所服务", "测序服务"
    ]  # fmt: skip


@pytest.mark.django_db
def test_bojie_key_figures_are_in_order(demo):
    figures = KeyFigure.objects.filter(organisation__name_zh=BOJIE).order_by("position")
    assert [(f.label_zh, f.value, f.unit_zh) for f in figures] == [
        ("国内医疗器械注册证/备案凭证", Decimal(28), "项"),
        ("III类注册证和生产许可", Decimal(9), "项"),
        ("I类备案证和生产许可", Decimal(19), "项"),
        ("已申请专利", Decimal(78), "项"),
        ("软件著作权", Decimal(23), "项"),
    ]


@pytest.mark.django_db
def test_bojie_profile(demo):
    bojie = Organisation.objects.get(name_zh=BOJIE)
    assert (bojie.kind.code, bojie.short_name_zh, bojie.region) == (
        "company",
        "伯杰医疗",
        "上海市 上海市 奉贤区",
    )
    assert "IVD" in bojie.description_zh
    assert "IVD" in bojie.description_en
    assert set(bojie.terms.values_list("vocabulary", "code")) == {
        ("device_category", "ivd"),
        ("device_category", "22"),
        ("technology_area", "fluorescence_pcr"),
        ("technology_area", "isothermal"),
        ("technology_area", "immunoassay"),
        ("technology_area", "sequencing"),
        ("technology_area", "instrument_manufacturing"),
        ("technology_area", "ivd"),
        ("technology_area", "molecular_diagnostics"),
        ("therapeutic_area", "infectious_disease"),
        ("lifecycle_stage", "market"),
    }


@pytest.mark.django_db
def test_bojie_is_found_by_short_name_and_pinyin(demo):
    bojie = Organisation.objects.get(name_zh=BOJIE)
    # "伯杰" also finds the bodies whose descriptions mention BioGerm; its pinyin is only
    # indexed for names, so "bojie" finds BioGerm alone.
    assert bojie in filter_by_search(Organisation.objects.all(), "伯杰")
    assert list(filter_by_search(Organisation.objects.all(), "bojie")) == [bojie]


@pytest.mark.django_db
def test_neurointervention_leader_ranks_first_in_the_demo(demo):
    # 问题 13：搜“神经介入”，真正的龙头心玮排在第 11 位，前面都是虚构的演示企业。
    from django.contrib.auth.models import AnonymousUser

    from qiao.directory.search import OrganisationFilter, search_organisations

    found = search_organisations(viewer=AnonymousUser(), filters=OrganisationFilter(q="神经介入"))
    assert found[0].name_zh == "上海心玮医疗科技股份有限公司"
    found = search_organisations(viewer=AnonymousUser(), filters=OrganisationFilter(q="bojie"))
    assert found[0].name_zh == BOJIE


@pytest.mark.django_db
def test_hospital_laboratory_is_a_municipal_key_specialty(demo):
    department = Department.objects.get(organisation__name_zh=FENGXIAN_HOSPITAL)
    assert (department.name_zh, department.key_specialty_level) == ("检验科", "municipal")


@pytest.mark.django_db
def test_hospital_partners_bojie_with_an_undated_note(demo):
    relation = OrganisationRelation.objects.get(
        source__name_zh=FENGXIAN_HOSPITAL, target__name_zh=BOJIE
    )
    assert (relation.kind, relation.started_on) == ("partner_of", None)
    assert relation.note == "共建IVD临床研究基地，3月17日签约（报道未写年份）"


@pytest.mark.django_db
def test_innovation_centre_founders_and_location(demo):
    relations = OrganisationRelation.objects.filter(source__name_zh=INNOVATION_CENTRE)
    founders = relations.filter(kind="founded_by").values_list("target__name_zh", flat=True)
    assert sorted(founders) == sorted(
        ["上海理工大学", "上海交通大学医学院", "中国科学院上海微系统与信息技术研究所"]
    )
    located = relations.filter(kind="located_in").values_list("target__name_zh", flat=True)
    assert list(located) == ["上海理工大学"]


@pytest.mark.django_db
def test_research_platform_founders(demo):
    founders = OrganisationRelation.objects.filter(
        source__name_zh="心脑血管介入器械公共研发平台", kind="founded_by"
    ).values_list("target__name_zh", flat=True)
    assert sorted(founders) == sorted(
        ["上海心玮医疗科技股份有限公司", "昊丰", "杰诺", INNOVATION_CENTRE]
    )


@pytest.mark.django_db
def test_ruijin_is_affiliated_to_the_medical_school(demo):
    relation = OrganisationRelation.objects.get(
        source__short_name_zh="瑞金医院", kind="affiliated_hospital_of"
    )
    assert relation.target.name_zh == "上海交通大学医学院"


@pytest.mark.django_db
def test_officials_have_their_titles(demo):
    titles = Affiliation.objects.filter(person__name_zh__in=["李延飞", "徐建平", "赵百慧"])
    assert sorted(titles.values_list("person__name_zh", "organisation__short_name_zh", "title_zh")) == [
        ("徐建平", "奉贤区卫健委", "医政科科长"),
        ("李延飞", "奉贤区卫健委", "副主任"),
        ("赵百慧", "伯杰医疗", "创始人、总经理"),
    ]  # fmt: skip


@pytest.mark.django_db
def test_think_tank_experts_are_marked(demo):
    experts = Person.objects.filter(is_think_tank_expert=True).values_list("name_zh", flat=True)
    # The park demo appoints 孙振亮 and 赵百慧 to the expert pool, which marks them too.
    assert sorted(experts) == sorted(["蔡志明", "耿庆山", "王玉田", "卢洪洲", "孙振亮", "赵百慧"])


@pytest.mark.django_db
def test_second_run_creates_nothing(demo):
    before = _row_counts()
    out = StringIO()

    call_command("seed_demo_data", stdout=out)

    assert _row_counts() == before
    assert out.getvalue() == (
        "demo cluster: 0 organisations created (217 already there), 0 relations, 0 people, "
        "0 sign-ins, 0 needs and offers, 0 agreements, 0 projects, 0 lab instruments, 0 events created\n"
        "park demo: 0 policies, 0 service requests, 0 statistics campaigns, 0 investment leads, "
        "0 experts, 0 calls, 0 alliance memberships created\n"
    )


@pytest.mark.django_db
def test_demo_needs_and_offers_are_published_and_matched(demo):
    listings = Listing.objects.filter(status=Listing.Status.PUBLISHED)
    sepsis = listings.get(title_zh="急诊脓毒症病原体床旁快速检测")
    matched = Match.objects.filter(
        listing=sepsis, is_current=True, counterpart_listing__isnull=False
    )

    # The lab's instruments are offered too, as equipment listings.
    assert listings.count() == len(LISTINGS) + 4
    assert "病原体核酸检测试剂盒（荧光PCR法）" in {m.counterpart_listing.title_zh for m in matched}
    assert listings.filter(visibility=Listing.Visibility.CONFIDENTIAL).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("sign_in", SIGN_INS, ids=lambda s: s.email)
def test_sign_ins_authenticate(demo, sign_in):
    request = RequestFactory().post("/")

    user = authenticate(request=request, email=sign_in.email, password=DEMO_PASSWORD)

    assert user is not None
    assert user.email == sign_in.email


@pytest.mark.django_db
def test_operator_may_do_everything(demo):
    operator = get_user_model().objects.get(email="operator@qiao-demo.example")
    assert (operator.is_operator, operator.is_staff, operator.is_superuser) == (True, True, True)
    assert operator.memberships.count() == 0


@pytest.mark.django_db
def test_sign_ins_have_their_memberships(demo):
    memberships = Membership.objects.values_list("user__email", "organisation__name_zh", "role")
    assert sorted(memberships) == [
        ("admin@bojie.qiao-demo.example", BOJIE, "admin"),
        ("admin@fengxian-hospital.qiao-demo.example", FENGXIAN_HOSPITAL, "admin"),
        ("lab@jiading-shared-lab.qiao-demo.example", "上海嘉定区生物医药共享实验室平台", "admin"),
        ("member@bojie.qiao-demo.example", BOJIE, "member"),
    ]


def test_print_sign_ins_lists_the_accounts():
    out = StringIO()

    call_command("seed_demo_data", print_sign_ins=True, stdout=out)

    assert out.getvalue() == (
        "Demo sign-ins (e-mail / password / role):\n"
        "  operator@qiao-demo.example / Qiao-demo-2026 / platform operator\n"
        "  admin@bojie.qiao-demo.example / Qiao-demo-2026 / admin of 上海伯杰医疗科技股份有限公司\n"
        "  member@bojie.qiao-demo.example / Qiao-demo-2026 / member of 上海伯杰医疗科技股份有限公司\n"
        "  admin@fengxian-hospital.qiao-demo.example / Qiao-demo-2026 / admin of 上海市奉贤区中心医院\n"
        "  lab@jiading-shared-lab.qiao-demo.example / Qiao-demo-2026 / "
        "lab manager (admin) of 上海嘉定区生物医药共享实验室平台\n"
    )


def test_refuses_to_run_in_production(settings):
    settings.PRODUCTION = True

    with pytest.raises(CommandError):
        call_command("seed_demo_data", stdout=StringIO())


@pytest.mark.django_db
def test_demo_agreements_and_project_journey(demo):
    jiading = Agreement.objects.get(project_count=24)
    project = Project.objects.get()

    assert jiading.amount == 2_000_000_000
    assert Agreement.objects.count() == len(AGREEMENTS)
    assert project.stage.code == "registration"
    assert (
        project.organisation.description_zh.count("演示数据") >= 1 or "演示数据" in project.name_zh
    )
    assert project.milestones.filter(site__name_zh="上海交通大学医学院附属瑞金医院").count() == 2


def test_demo_lab_instruments_are_bookable_and_offered(demo):
    from qiao.lab.models import Equipment, Voucher

    instruments = Equipment.objects.select_related("organisation", "listing").order_by("pk")
    assert [e.organisation.name_zh for e in instruments] == [
        "上海嘉定区生物医药共享实验室平台",
        "上海嘉定区生物医药共享实验室平台",
        "上海嘉定区生物医药共享实验室平台",
        "上海市中西医结合防治骨与关节病损重点实验室",
    ]
    assert {e.status for e in instruments} == {"available"}
    assert {(e.listing.kind, e.listing.status) for e in instruments} == {("equipment", "published")}
    voucher = Voucher.objects.get()
    assert (voucher.organisation.name_zh, voucher.balance) == (BOJIE, Decimal("20000.00"))


@pytest.mark.django_db
def test_demo_event_runs_from_registration_to_planning(demo):
    from qiao.devtools.demo_events import TITLE_ZH
    from qiao.events import services as event_services
    from qiao.events.models import Event, Meeting, Registration

    event = Event.objects.get(title_zh=TITLE_ZH)
    assert event.organiser.name_zh == "上海械谷创新医疗器械产业园"
    assert event.status == Event.Status.PUBLISHED
    assert event.sessions.count() == 4
    assert event.slots.count() == 8  # 13:30–17:00, 20-minute meetings 5 minutes apart
    hospital = Registration.objects.get(event=event, organisation__name_zh=FENGXIAN_HOSPITAL)
    company = Registration.objects.get(event=event, organisation__name_zh=BOJIE)
    assert {hospital.status, company.status} == {Registration.Status.APPROVED}
    request = event_services.send_request(
        sender=hospital, recipient=company, sent_by=hospital.user, message="想了解床旁检测"
    )
    event_services.answer_request(request=request, answered_by=company.user, accept=True)
    operator = get_user_model().objects.get(email="operator@qiao-demo.example")
    event_services.plan_meetings(event=event, planned_by=operator, **BUDGET)
    assert Meeting.objects.filter(event=event).count() == 1
