"""The demo shared lab: instruments of the Jiading shared lab platform (launched in 2024, as a
seed report tells), of a key laboratory and of a university, and a voucher for a start-up.

The instruments are typical of such platforms; their makes, rates and rules are invented for
the demo.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class InstrumentSpec:
    owner: str
    name_zh: str
    name_en: str
    category: str
    make_model: str
    location: str
    description_zh: str
    description_en: str
    specifications: str
    rates: tuple[str, str, str]
    fields: dict = field(default_factory=dict)


INSTRUMENTS = [
    InstrumentSpec(
        "jiading_shared_lab",
        "激光共聚焦显微镜",
        "Confocal laser scanning microscope",
        "imaging",
        "Zeiss LSM 980",
        "共享实验室平台 2号楼 301室",
        "四通道激光共聚焦，可做活细胞成像和三维重建，适合器械材料细胞相容性研究。",
        "Four-laser confocal for live-cell imaging and 3D reconstruction, suited to cell "
        "compatibility studies of device materials.",
        "激光：405/488/561/639 nm\n物镜：10×、20×、40×油镜、63×油镜\n活细胞培养舱",
        ("120", "240", "480"),
        {"requires_training": True},
    ),
    InstrumentSpec(
        "jiading_shared_lab",
        "流式细胞仪",
        "Flow cytometer",
        "cell",
        "BD FACSCelesta",
        "共享实验室平台 2号楼 305室",
        "三激光十二色流式细胞分析，用于细胞表型和凋亡检测。",
        "Three-laser, twelve-colour flow cytometry for phenotyping and apoptosis assays.",
        "三激光（405/488/640 nm）\n12色检测\n上样速度可调",
        ("100", "200", "400"),
        {"requires_approval": True},
    ),
    InstrumentSpec(
        "jiading_shared_lab",
        "实时荧光定量PCR仪",
        "Real-time quantitative PCR system",
        "molecular",
        "Bio-Rad CFX96",
        "共享实验室平台 3号楼 210室",
        "96孔实时荧光定量PCR，适合体外诊断试剂开发中的方法学验证。",
        "96-well real-time PCR for method validation in IVD reagent development.",
        "96孔\n5色通道\n梯度PCR",
        ("60", "90", "180"),
        {"unit_minutes": 120, "max_units": 4},
    ),
    InstrumentSpec(
        "bone_joint_lab",
        "万能材料试验机",
        "Universal materials testing machine",
        "materials",
        "Instron 5967",
        "上海械谷 重点实验室 1楼",
        "骨科植入物和材料的拉伸、压缩、弯曲力学测试。",
        "Tensile, compression and bending tests of orthopaedic implants and materials.",
        "最大载荷 30 kN\n温控箱 −70 至 250 °C",
        ("200", "350", "600"),
        {"unit_minutes": 240, "max_units": 2, "requires_approval": True},
    ),
]

# A voucher of the district for the start-up of the demo (an invented number).
VOUCHER = {
    "organisation": "bojie",
    "issuer": "嘉定区科学技术委员会",
    "number": "JD-CXQ-DEMO-001",
    "share_percent": 50,
    "amount": Decimal("20000.00"),
    "valid_from": datetime.date(2025, 1, 1),
    "valid_until": datetime.date(2027, 12, 31),
}
