"""Demo rows for the park's own work: policies, service requests, statistics, 招商 leads,
experts, calls and an alliance, written through each app's services.

``load_park_demo`` runs after ``load_demo_cluster`` (it needs the demo organisations, people
and sign-ins). Each section skips the rows already there (same natural key), so running the
seed command twice creates nothing new.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from qiao.devtools.demo_cluster import REAL_ORGANISATIONS
from qiao.directory.models import Organisation, Person

OPERATOR_EMAIL = "operator@qiao-demo.example"
# The demo organisations this module uses, by key (looked up by Chinese name when the
# caller does not pass them).
KEYS = ("bojie", "fengxian_hospital", "heartcare", "united_imaging", "jiading_alliance",
        "jiading_shared_lab")  # fmt: skip

FENGXIAN_REWARD = "奉贤区首张第三类医疗器械注册证奖励（演示）"
MUNICIPAL_FUND = "上海市高端医疗器械产业化专项资金（演示）"
CAMPAIGN_TITLE = "2026Q3 医疗器械集群季报（演示）"
CALL_TITLE = "2026年嘉定区医疗器械概念验证基金（演示）"
CATEGORY_NAME = "注册检验与临床试验对接"


def load_park_demo(*, organisations: dict[str, Organisation] | None = None) -> dict[str, int]:
    """Create the park demo's missing rows; return how many of each were created."""
    User = get_user_model()
    operator = User.objects.get(email__iexact=OPERATOR_EMAIL)
    if organisations is None:
        names = {spec.key: spec.name_zh for spec in REAL_ORGANISATIONS if spec.key in KEYS}
        by_name = Organisation.objects.in_bulk(names.values(), field_name="name_zh")
        organisations = {key: by_name[name] for key, name in names.items()}
    sections: dict[str, Callable[..., int]] = {
        "policies": _load_policies,
        "service_requests": _load_service_requests,
        "campaigns": _load_campaigns,
        "leads": _load_leads,
        "experts": _load_experts,
        "calls": _load_calls,
        "alliance_memberships": _load_alliance,
    }
    counts = {}
    for name, load in sections.items():
        with transaction.atomic():
            counts[name] = load(operator=operator, organisations=organisations)
    return counts


def _load_policies(*, operator, organisations) -> int:
    from qiao.policies import services
    from qiao.policies.models import Policy

    year = timezone.localdate().year
    specs = [
        {
            "title_zh": FENGXIAN_REWARD,
            "title_en": "Fengxian reward for a first class III registration certificate (demo)",
            "number": f"奉经委〔{year}〕12号", "issuer": "上海市奉贤区经济委员会",
            "level": Policy.Level.DISTRICT, "benefit_kind": Policy.BenefitKind.REWARD,
            "amount": Decimal("500000"),
            "summary_zh": "注册在奉贤区的企业首次取得第三类医疗器械注册证的，一次性奖励50万元。",
            "opens_on": datetime.date(year, 1, 1), "closes_on": datetime.date(year, 12, 31),
            "materials": "申请表\n营业执照复印件\n第三类医疗器械注册证复印件",
            "office": "奉贤区经委产业发展科", "phone": "021-57418000",
            "criteria": [
                {"type": "region", "district": ["奉贤区"]},
                {"type": "credential", "kind": "registration", "classes": ["III"],
                 "first": True},
            ],
        },
        {
            "title_zh": MUNICIPAL_FUND,
            "title_en": "Shanghai fund for industrialising high-end medical devices (demo)",
            "issuer": "上海市经济和信息化委员会", "level": Policy.Level.MUNICIPAL,
            "benefit_kind": Policy.BenefitKind.SUBSIDY, "rate": "不超过项目总投资的30%",
            "summary_zh": "支持本市企业创新医疗器械产业化项目，按项目投资给予补贴。",
            "opens_on": datetime.date(year, 3, 1), "closes_on": datetime.date(year, 10, 31),
            "criteria": [
                {"type": "region", "city": ["上海市"]},
                {"type": "kind", "in": ["company"]},
            ],
        },
    ]  # fmt: skip
    created = 0
    for fields in specs:
        if Policy.objects.filter(title_zh=fields["title_zh"]).exists():
            continue
        policy_obj = services.create_policy(by=operator, **fields)
        services.set_policy_status(
            by=operator, policy_obj=policy_obj, status=Policy.Status.PUBLISHED
        )
        created += 1
    return created


def _load_service_requests(*, operator, organisations) -> int:
    from qiao.servicedesk import services
    from qiao.servicedesk.models import Category, ServiceRequest

    firm = organisations["bojie"]
    # Categories are reference data set up in the admin (no service writes them).
    category, _ = Category.objects.get_or_create(
        name_zh=CATEGORY_NAME,
        defaults={"name_en": "Type testing and clinical trials", "resolve_days": 10},
    )
    member = get_user_model().objects.filter(email__iexact="member@bojie.qiao-demo.example").first()
    specs = [
        ("第三类体外诊断试剂注册检验排期咨询",
         "新冠/流感联检试剂盒需在市医疗器械检验研究院做注册检验，希望园区协助对接排期。",
         True),
        ("寻找奉贤区内可开展临床试验的检验科",
         "荧光PCR检测试剂需在2家以上机构开展临床试验，希望推荐区内合作医院。", False),
    ]  # fmt: skip
    created = 0
    for title, description, accept in specs:
        if ServiceRequest.objects.filter(organisation=firm, title=title).exists():
            continue
        request = services.file_request(
            by=member or operator, organisation=firm, category=category, title=title,
            description=description,
        )  # fmt: skip
        if accept:
            services.accept_request(by=operator, request=request, officer=operator)
        created += 1
    return created


def _load_campaigns(*, operator, organisations) -> int:
    from qiao.reporting import services
    from qiao.reporting.models import Campaign, Indicator

    if Campaign.objects.filter(title=CAMPAIGN_TITLE).exists():
        return 0
    firms = [organisations[key] for key in ("bojie", "heartcare", "united_imaging")]
    services.open_campaign(
        by=operator,
        title=CAMPAIGN_TITLE,
        period=f"{timezone.localdate().year}Q3",
        due_on=timezone.localdate() + datetime.timedelta(days=14),
        indicators=list(Indicator.objects.filter(code__in=("revenue", "employees"))),
        organisation_ids=[firm.pk for firm in firms],
    )
    return 1


def _load_leads(*, operator, organisations) -> int:
    from qiao.attraction import services
    from qiao.attraction.models import Lead

    specs = [
        ({"name": "某手术机器人企业华东生产基地（演示）", "source": Lead.Source.BROKER,
          "source_note": "张江中介推荐，拟落户奉贤东方美谷",
          "planned_investment": Decimal("30000"), "floor_area": Decimal("12000")},
         Lead.Stage.NEGOTIATING),
        ({"name": "体外诊断试剂原料项目（演示）", "source": Lead.Source.EVENT,
          "source_note": "长三角医疗器械产业对接会",
          "planned_investment": Decimal("5000")}, Lead.Stage.ASSESSMENT),
        ({"name": "高值耗材CDMO平台（演示）", "source": Lead.Source.REFERRAL,
          "source_note": "伯杰医疗推荐，嘉定与奉贤两地比选",
          "planned_investment": Decimal("8000"), "floor_area": Decimal("5000")},
         Lead.Stage.LEAD),
    ]  # fmt: skip
    created = 0
    for data, stage in specs:
        if Lead.objects.filter(name=data["name"]).exists():
            continue
        services.create_lead(by=operator, data={**data, "owner": operator}, stage=stage)
        created += 1
    return created


def _load_experts(*, operator, organisations) -> int:
    from qiao.experts import services
    from qiao.experts.models import Expert

    start = timezone.localdate().replace(month=1, day=1)
    specs = [
        ("孙振亮", "临床研究 产医融合 检验医学", "主任医师"),
        ("王玉田", "基础研究 临床转化 生物医学工程", "院士"),
        ("赵百慧", "分子诊断 感染性病原体 体外诊断试剂", "高级工程师"),
    ]
    created = 0
    for name_zh, fields_zh, title in specs:
        person = Person.objects.filter(name_zh=name_zh).order_by("pk").first()
        if person is None or Expert.objects.filter(person=person).exists():
            continue
        services.appoint_expert(
            by=operator, person=person, fields_zh=fields_zh, title=title,
            body="奉贤区医疗器械产业专家库", term_start=start,
            term_end=start.replace(year=start.year + 3) - datetime.timedelta(days=1),
        )  # fmt: skip
        created += 1
    return created


def _load_calls(*, operator, organisations) -> int:
    from qiao.calls import services
    from qiao.calls.models import Call

    if Call.objects.filter(title_zh=CALL_TITLE).exists():
        return 0
    today = timezone.localdate()
    call = services.create_call(
        by=operator, kind=Call.Kind.POC_FUND, title_zh=CALL_TITLE,
        title_en="Jiading proof-of-concept fund for medical devices 2026 (demo)",
        description="面向嘉定、奉贤园区企业与医院的医疗器械概念验证项目，单项资助不超过50万元。",
        opens_on=today, closes_on=today + datetime.timedelta(days=60),
        reviewers_per_application=2,
    )  # fmt: skip
    services.add_criterion(call=call, by=operator, name_zh="创新性", weight=3)
    services.add_criterion(call=call, by=operator, name_zh="临床价值", weight=2)
    services.add_criterion(call=call, by=operator, name_zh="可行性", weight=1)
    services.move_phase(call=call, phase=Call.Phase.OPEN, by=operator)
    return 1


def _load_alliance(*, operator, organisations) -> int:
    """Two tiers of the Jiading alliance; 伯杰 paid up, the shared lab approved (unpaid)."""
    from qiao.alliances import services
    from qiao.alliances.models import AllianceMembership, Tier

    alliance = organisations["jiading_alliance"]
    tiers = {}
    for name_zh, name_en, fee in (("理事单位", "Council member", "50000"),
                                  ("会员单位", "Member", "10000")):  # fmt: skip
        tier = Tier.objects.filter(alliance=alliance, name_zh=name_zh).first()
        tiers[name_zh] = tier or services.create_tier(
            alliance=alliance, by=operator, name_zh=name_zh, name_en=name_en,
            annual_fee=Decimal(fee), lab_discount_percent=20 if fee == "50000" else 10,
        )  # fmt: skip
    User = get_user_model()
    created = 0
    for key, admin_email, tier, paid in (
        ("bojie", "admin@bojie.qiao-demo.example", tiers["理事单位"], True),
        ("jiading_shared_lab", "lab@jiading-shared-lab.qiao-demo.example", tiers["会员单位"],
         False),
    ):  # fmt: skip
        member = organisations[key]
        if AllianceMembership.objects.filter(alliance=alliance, member=member).exists():
            continue
        admin = User.objects.get(email__iexact=admin_email)
        membership = services.apply_for_membership(member=member, tier=tier, by=admin)
        services.decide_membership(membership=membership, approve=True, by=operator)
        if paid:
            services.record_payment(
                membership=membership, by=operator, invoice_no=f"JDLM-{membership.pk:04d}",
                amount=tier.annual_fee, paid_on=timezone.localdate(),
            )  # fmt: skip
        created += 1
    return created
