"""The demo event: a matchmaking session (对接会) of the Jiading biomedical conference.

The seed report (Xinhua Finance, 16 October 2024) names the conference — 第三届中国高端医疗
产业集群创新合作论坛暨2024上海嘉定区生物医药产业发展大会 — and what happened there: the
Jiading biomedical innovation alliance was launched, Ruijin hospital's two institutes at
Shanghai Xiegu were unveiled, the district's shared laboratory platform was released and
24 industry projects were signed. The demo turns it into one event with that programme,
organised by Shanghai Xiegu, plus a partnering afternoon with participant types, rules and
slots, and the demo sign-ins registered, so that requests and planning can be tried at once.
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.contrib.auth import get_user_model
from django.utils import timezone

from qiao.directory.models import Organisation
from qiao.events import services
from qiao.events.models import Event, Registration

TITLE_ZH = "第三届中国高端医疗产业集群创新合作论坛暨2024上海嘉定区生物医药产业发展大会"
TITLE_EN = (
    "3rd China High-end Medical Industry Cluster Innovation Forum and "
    "2024 Jiading Biomedical Industry Conference"
)
DAY = date(2024, 10, 16)

# (start, end, Chinese title, English title, room)
SESSIONS = [
    (
        "09:30",
        "10:30",
        "开幕式暨嘉定区生物医药产业创新联盟启动",
        "Opening and launch of the Jiading biomedical innovation alliance",
        "主会场",
    ),
    (
        "10:30",
        "11:00",
        "瑞金医院上海市伤骨科研究所、骨与关节病损重点实验室揭牌",
        "Unveiling of Ruijin hospital's trauma institute and bone and joint laboratory",
        "主会场",
    ),
    (
        "11:00",
        "11:30",
        "嘉定区生物医药共享实验室平台发布",
        "Release of the Jiading shared biomedical laboratory platform",
        "主会场",
    ),
    (
        "11:30",
        "12:00",
        "生物医药产业项目及产业资本赋能项目签约",
        "Signing of industry projects and industrial-capital projects",
        "主会场",
    ),
]


def _at(clock: str) -> datetime:
    hour, minute = map(int, clock.split(":"))
    return datetime.combine(DAY, time(hour, minute), tzinfo=timezone.get_current_timezone())


def load_demo_event(*, organisations: dict[str, Organisation]) -> int:
    """Create the demo event once (same Chinese title); return 1 if created, else 0."""
    if Event.objects.filter(title_zh=TITLE_ZH).exists():
        return 0
    User = get_user_model()
    operator = User.objects.filter(is_operator=True).order_by("pk").first()
    if operator is None or "xiegu" not in organisations:
        return 0
    event = services.create_event(
        created_by=operator,
        organiser=organisations["xiegu"],
        kind=Event.Kind.CONFERENCE,
        title_zh=TITLE_ZH,
        title_en=TITLE_EN,
        description_zh=(
            "上午为论坛与发布、签约环节；下午为医工、投融资一对一对接会，"
            "参会者可在平台上互相发出约见请求，由主办方统一排定时段和桌号。"
        ),
        description_en=(
            "Forum, launches and signings in the morning; one-to-one partnering in the "
            "afternoon: participants ask one another for meetings here and the organisers "
            "place them in slots and at tables."
        ),
        starts_on=DAY,
        ends_on=DAY,
        venue_zh="上海械谷创新医疗器械产业园（嘉定）",
        venue_en="Shanghai Xiegu Innovative Medical Device Industrial Park, Jiading",
        capacity=200,
    )
    for start, end, title_zh, title_en, room in SESSIONS:
        services.add_session(
            event=event,
            added_by=operator,
            title_zh=title_zh,
            title_en=title_en,
            starts_at=_at(start),
            ends_at=_at(end),
            room=room,
        )
    services.update_rules(
        event=event,
        updated_by=operator,
        meeting_minutes=20,
        break_minutes=5,
        day_starts_at=time(13, 30),
        day_ends_at=time(17, 0),
        tables=12,
        max_meetings=6,
    )
    services.generate_slots(event=event, generated_by=operator)
    hospital = services.add_participant_type(
        event=event, added_by=operator, name_zh="医院", name_en="Hospital", request_quota=8
    )
    company = services.add_participant_type(
        event=event, added_by=operator, name_zh="企业", name_en="Company", request_quota=10
    )
    investor = services.add_participant_type(
        event=event, added_by=operator, name_zh="投资机构", name_en="Investor", request_quota=12
    )
    # Rules are directed (qiao/events/rules.py): hospitals and companies ask each other,
    # companies and investors ask each other.
    services.set_meeting_rules(
        event=event,
        set_by=operator,
        pairs={
            (hospital.pk, company.pk),
            (company.pk, hospital.pk),
            (company.pk, investor.pk),
            (investor.pk, company.pk),
        },
    )
    services.change_event_status(event=event, status=Event.Status.PUBLISHED, changed_by=operator)
    for email, key, participant_type in (
        ("admin@bojie.qiao-demo.example", "bojie", company),
        ("admin@fengxian-hospital.qiao-demo.example", "fengxian_hospital", hospital),
    ):
        user = User.objects.filter(email=email).first()
        if user is None or key not in organisations:
            continue
        registration = services.register(
            event=event,
            user=user,
            organisation=organisations[key],
            participant_type=participant_type,
        )
        if registration.status == Registration.Status.PENDING:
            services.approve_registration(registration=registration, approved_by=operator)
    return 1
