"""Demo agreements and a demo project.

The agreements are the signings the seed reports describe (parties, place, date, counts,
amounts), in Qiao's own words. The project's journey is invented, so it belongs to a
synthetic company (marked 演示数据), not to a real one.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field


@dataclass(frozen=True)
class AgreementSpec:
    kind: str
    title_zh: str
    title_en: str
    signed_on: datetime.date
    parties: tuple[tuple[str, str], ...]  # (organisation key, role)
    place: str = ""
    amount: float | None = None
    project_count: int | None = None
    description: str = ""
    categories: tuple[str, ...] = ()  # device_category codes


AGREEMENTS = [
    AgreementSpec(
        "clinical_base",
        "IVD临床研究基地合作",
        "IVD clinical research base",
        datetime.date(2024, 3, 17),
        (("fengxian_hospital", "host"), ("bojie", "party")),
        place="上海伯杰医疗科技股份有限公司总部",
        description="奉贤区中心医院与伯杰医疗共建IVD临床研究基地。报道只给出3月17日，年份为演示所设。",
        categories=("ivd",),
    ),
    AgreementSpec(
        "park_settlement",
        "伤骨科研究所与骨与关节病损重点实验室入驻上海械谷",
        "Trauma institute and bone-and-joint laboratory settle in the Xiegu park",
        datetime.date(2024, 10, 16),
        (("trauma_institute", "party"), ("bone_joint_lab", "party"), ("xiegu", "host")),
        place="2024上海嘉定区生物医药产业发展大会",
        categories=("13",),
    ),
    AgreementSpec(
        "strategic",
        "嘉定区生物医药产业项目集中签约",
        "Jiading biomedical projects signed together",
        datetime.date(2024, 10, 16),
        (("jiading_alliance", "host"), ("xiegu", "party")),
        place="2024上海嘉定区生物医药产业发展大会",
        amount=2_000_000_000,
        project_count=24,
        description="24个生物医药产业项目签订合作协议，总投资额超20亿元（报道数字）。",
    ),
]


@dataclass(frozen=True)
class ProjectSpec:
    owner: str
    name_zh: str
    name_en: str
    category: str
    stages: tuple[tuple[str, datetime.date], ...]
    milestones: tuple[tuple[str, datetime.date, str, str], ...] = field(
        default=()
    )  # kind, date, site key, certificate


PROJECTS = [
    ProjectSpec(
        "synthetic_003",
        "颅内取栓支架（演示数据）",
        "Intracranial thrombectomy stent (demo data)",
        "03",
        (
            ("prototype", datetime.date(2022, 6, 1)),
            ("type_testing", datetime.date(2023, 2, 1)),
            ("clinical_trial", datetime.date(2023, 9, 1)),
            ("registration", datetime.date(2025, 4, 1)),
        ),
        (
            ("type_testing", datetime.date(2023, 5, 20), "shanghai_testing_institute", ""),
            ("trial_started", datetime.date(2023, 9, 12), "ruijin", ""),
            ("trial_completed", datetime.date(2025, 1, 30), "ruijin", ""),
        ),
    ),
]
