"""The demo cluster: what five news reports say about the Shanghai and Shenzhen clusters.

Pure data (no Django import). ``build_demo_cluster()`` returns a ``Cluster`` of specs that
``seed_demo_data`` turns into rows through the directory's services:

* the real part, written for Qiao from the facts the reports state (names, kinds, places,
  years, counts, people and their positions, who founded or joined what). The descriptions
  are our own words. Beyond the reports, only well-known public facts are added: English
  names, the full names of listed companies and public bodies the reports shorten, and the
  district of a well-known head office. Where a report leaves something out (a full name
  of a small firm, a year) the field stays empty or the description or note says so;
* synthetic members (``SYNTHETIC_COUNT`` organisations from ``qiao.devtools.synthetic``,
  always the same for the same seed) so lists, facets and search have enough to show.
  Their descriptions, relation notes, credential numbers and people's expertise carry
  ``DEMO_MARK_ZH`` ("演示数据"), so nobody mistakes them for real records.

Organisations are referred to by a short ``key`` within the cluster; the loader matches
existing rows by ``name_zh``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import Decimal

from qiao.devtools.synthetic import DEMO_MARK_ZH, DrawnOrganisation, draw_organisation

SYNTHETIC_COUNT = 160
SYNTHETIC_SEED = 2026
DEMO_PASSWORD = "Qiao-demo-2026"


@dataclass(frozen=True)
class OrganisationSpec:
    key: str
    kind: str
    name_zh: str
    name_en: str
    short_name_zh: str = ""
    short_name_en: str = ""
    aliases: tuple[str, ...] = ()
    region: tuple[str, str, str] = ("", "", "")
    founded_year: int | None = None
    description_zh: str = ""
    description_en: str = ""
    device_categories: tuple[str, ...] = ()
    technology_areas: tuple[str, ...] = ()
    therapeutic_areas: tuple[str, ...] = ()
    lifecycle_stages: tuple[str, ...] = ()
    visibility: str = "public"

    @property
    def tags(self) -> list[tuple[str, str]]:
        """Return the (vocabulary, code) pairs of the organisation's tags."""
        return [
            *(("device_category", c) for c in self.device_categories),
            *(("technology_area", c) for c in self.technology_areas),
            *(("therapeutic_area", c) for c in self.therapeutic_areas),
            *(("lifecycle_stage", c) for c in self.lifecycle_stages),
        ]


@dataclass(frozen=True)
class RelationSpec:
    """Read as "source <kind> target"; ``kind`` is a RelationKind value."""

    source: str
    kind: str
    target: str
    note: str = ""


@dataclass(frozen=True)
class DepartmentSpec:
    organisation: str
    name_zh: str
    name_en: str
    key_specialty_level: str = ""
    description: str = ""


@dataclass(frozen=True)
class CapabilitySpec:
    organisation: str
    kind: str
    name_zh: str
    name_en: str
    technology_area: str = ""
    description: str = ""


@dataclass(frozen=True)
class CredentialSpec:
    organisation: str
    kind: str
    title: str
    number: str = ""
    device_class: str = ""
    category: str = ""
    status: str = "granted"


@dataclass(frozen=True)
class KeyFigureSpec:
    organisation: str
    label_zh: str
    label_en: str
    value: Decimal
    unit_zh: str = ""
    unit_en: str = ""


@dataclass(frozen=True)
class AffiliationSpec:
    organisation: str
    title_zh: str = ""
    title_en: str = ""


@dataclass(frozen=True)
class PersonSpec:
    name_zh: str
    name_en: str
    affiliations: tuple[AffiliationSpec, ...]
    expertise: str = ""
    is_think_tank_expert: bool = False


@dataclass(frozen=True)
class SignInSpec:
    """A demo account; ``organisation`` and ``role`` give its Membership, if any."""

    email: str
    full_name: str
    role_label: str
    organisation: str = ""
    role: str = ""
    is_operator: bool = False


@dataclass
class Cluster:
    organisations: list[OrganisationSpec] = field(default_factory=list)
    relations: list[RelationSpec] = field(default_factory=list)
    departments: list[DepartmentSpec] = field(default_factory=list)
    capabilities: list[CapabilitySpec] = field(default_factory=list)
    credentials: list[CredentialSpec] = field(default_factory=list)
    key_figures: list[KeyFigureSpec] = field(default_factory=list)
    people: list[PersonSpec] = field(default_factory=list)

    def organisation(self, key: str) -> OrganisationSpec:
        return next(o for o in self.organisations if o.key == key)


def _sh(district: str = "") -> tuple[str, str, str]:
    return ("上海市", "上海市", district)


def _sz(district: str = "") -> tuple[str, str, str]:
    return ("广东省", "深圳市", district)


_SHORT_NAME_ONLY_ZH = "报道只给出了简称。"
_SHORT_NAME_ONLY_EN = "The report gives only this short name."

# --- Seed 000: Fengxian District Central Hospital and BioGerm (Bojie) -----------------------

_FENGXIAN = [
    OrganisationSpec(
        key="bojie",
        kind="company",
        name_zh="上海伯杰医疗科技股份有限公司",
        name_en="Shanghai BioGerm Medical Technology Co., Ltd.",
        short_name_zh="伯杰医疗",
        short_name_en="BioGerm",
        aliases=("伯杰", "Bojie Medical", "上海伯杰医疗"),
        region=_sh("奉贤区"),
        description_zh=(
            "国家高新技术企业，做感染性病原体的体外诊断（IVD）：多重荧光PCR试剂、分子诊断"
            "仪器、痕量病毒二代测序试剂，以及测序服务和医学检验所服务。建有五大技术平台，"
            "牵头承担过上海市发改委、科创办和市科委的重大专项，并与奉贤区中心医院共建"
            "IVD临床研究基地。"
        ),
        description_en=(
            "High-tech enterprise in in-vitro diagnostics (IVD) for infectious pathogens: "
            "multiplex fluorescence PCR reagents, molecular diagnostic instruments, low-load "
            "viral next-generation sequencing reagents, a sequencing service and a medical "
            "laboratory. Runs five technology platforms, has led major projects funded by "
            "Shanghai's development and science authorities, and runs an IVD clinical "
            "research base with Fengxian District Central Hospital."
        ),
        device_categories=("ivd", "22"),
        technology_areas=(
            "fluorescence_pcr",
            "isothermal",
            "immunoassay",
            "sequencing",
            "instrument_manufacturing",
            "ivd",
            "molecular_diagnostics",
        ),
        therapeutic_areas=("infectious_disease",),
        lifecycle_stages=("market",),
    ),
    OrganisationSpec(
        key="fengxian_hospital",
        kind="hospital",
        name_zh="上海市奉贤区中心医院",
        name_en="Shanghai Fengxian District Central Hospital",
        short_name_zh="奉贤区中心医院",
        short_name_en="Fengxian Central Hospital",
        aliases=("奉贤中心医院",),
        region=_sh("奉贤区"),
        description_zh=(
            "奉贤区的中心医院，检验科为上海市重点专科。医院正在扩大临床研究、对接本区"
            "企业，与伯杰医疗共建IVD临床研究基地。"
        ),
        description_en=(
            "Central hospital of Fengxian District; its laboratory medicine department is a "
            "Shanghai municipal key specialty. It is widening its clinical research with local "
            "companies and runs an IVD clinical research base with BioGerm."
        ),
        technology_areas=("ivd",),
        therapeutic_areas=("infectious_disease",),
    ),
    OrganisationSpec(
        key="fengxian_health_commission",
        kind="government",
        name_zh="上海市奉贤区卫生健康委员会",
        name_en="Fengxian District Health Commission, Shanghai",
        short_name_zh="奉贤区卫健委",
        short_name_en="Fengxian Health Commission",
        aliases=("奉贤区卫健委", "区卫健委"),
        region=_sh("奉贤区"),
        description_zh="奉贤区主管卫生健康的政府部门，支持医院与体外诊断企业合作、发展区内生物医药产业。",
        description_en=(
            "Fengxian's government body for health; it backs hospital–industry work with "
            "diagnostics companies as part of the district's biomedical industry plans."
        ),
    ),
    OrganisationSpec(
        key="oriental_beauty_valley",
        kind="park",
        name_zh="东方美谷",
        name_en="Oriental Beauty Valley",
        region=_sh("奉贤区"),
        description_zh="奉贤区美丽健康产业集群的品牌和核心区，产业以药品、化妆品和食品为主。",
        description_en=(
            "Fengxian's beauty-and-health industry cluster and its core zone, centred on "
            "medicines, cosmetics and food."
        ),
    ),
    OrganisationSpec(
        key="lingang_life_park",
        kind="park",
        name_zh="临港生命科技产业园",
        name_en="Lingang Life Science and Technology Industrial Park",
        region=_sh("奉贤区"),
        description_zh="奉贤区重点培育的特色产业园之一，面向生命科技产业。",
        description_en="One of the specialised parks Fengxian is building up, for life sciences.",
        technology_areas=("cell_gene_therapy",),
    ),
    OrganisationSpec(
        key="shanghai_drc",
        kind="government",
        name_zh="上海市发展和改革委员会",
        name_en="Shanghai Municipal Development and Reform Commission",
        short_name_zh="上海市发改委",
        region=_sh(),
        description_zh="上海市的发展改革部门，资助过伯杰医疗牵头的重大专项。",
        description_en="Shanghai's development and reform authority; funded projects BioGerm led.",
    ),
    OrganisationSpec(
        key="shanghai_stc",
        kind="government",
        name_zh="上海市科学技术委员会",
        name_en="Science and Technology Commission of Shanghai Municipality",
        short_name_zh="上海市科委",
        short_name_en="STCSM",
        region=_sh(),
        description_zh="上海市的科技主管部门，资助过伯杰医疗牵头的科研课题。",
        description_en="Shanghai's science and technology authority; funded research BioGerm led.",
    ),
    OrganisationSpec(
        key="shanghai_innovation_office",
        kind="government",
        name_zh="上海推进科技创新中心建设办公室",
        name_en="Shanghai Office for Building the Science and Technology Innovation Centre",
        short_name_zh="科创办",
        region=_sh(),
        description_zh="统筹上海科技创新中心建设的办公室，资助过伯杰医疗牵头的重大专项。",
        description_en=(
            "Coordinates Shanghai's build-up as a science and innovation centre; funded major "
            "projects led by BioGerm."
        ),
    ),
]

# --- Seed 001: the Shanghai high-end medical equipment innovation centre at USST ------------

_USST = [
    OrganisationSpec(
        key="usst",
        kind="university",
        name_zh="上海理工大学",
        name_en="University of Shanghai for Science and Technology",
        short_name_zh="上理工",
        short_name_en="USST",
        aliases=("上海理工",),
        region=_sh("杨浦区"),
        description_zh=(
            "上海的理工科大学，上海市高端医疗装备创新中心设在这里；承办“一带一路”医疗器械"
            "创新与应用大会，校长兼任该联盟委员会主任。与心玮医疗合作的神经介入项目已获批上市。"
        ),
        description_en=(
            "Engineering university in Shanghai that hosts the Shanghai High-end Medical "
            "Equipment Innovation Center and the Belt and Road medical device conference; its "
            "president chairs the alliance's committee. Neurointerventional devices developed "
            "with HeartCare have reached the market."
        ),
        technology_areas=("neurointervention", "medical_imaging"),
    ),
    OrganisationSpec(
        key="innovation_centre",
        kind="platform",
        name_zh="上海市高端医疗装备创新中心",
        name_en="Shanghai High-end Medical Equipment Innovation Center",
        short_name_zh="高端医疗装备创新中心",
        region=_sh("杨浦区"),
        description_zh=(
            "上海在生物医药方向上仅有的一家制造业创新中心，由上海理工大学联合上海交通大学医学院、"
            "中科院上海微系统与信息技术研究所等7家单位组建，设在上海理工大学。在第二届"
            "“一带一路”医疗器械创新与应用大会上与36家企业、科研机构和平台签约，达成10项"
            "战略合作。"
        ),
        description_en=(
            "The only manufacturing innovation centre in Shanghai's biomedical sector, formed "
            "by seven institutions led by USST, among them Shanghai Jiao Tong University School "
            "of Medicine and the CAS microsystems institute, and based at USST. At the second "
            "Belt and Road device conference it signed with 36 partners for 10 strategic "
            "collaborations."
        ),
        technology_areas=("cardiovascular_intervention", "neurointervention", "medical_imaging"),
    ),
    OrganisationSpec(
        key="sjtu_medicine",
        kind="university",
        name_zh="上海交通大学医学院",
        name_en="Shanghai Jiao Tong University School of Medicine",
        short_name_zh="交大医学院",
        short_name_en="SJTU School of Medicine",
        region=_sh("黄浦区"),
        description_zh="上海的医学院，上海市高端医疗装备创新中心的组建单位之一，瑞金医院是其附属医院。",
        description_en=(
            "Medical school in Shanghai; a founder of the Shanghai High-end Medical Equipment "
            "Innovation Center, with Ruijin Hospital among its affiliated hospitals."
        ),
    ),
    OrganisationSpec(
        key="simit",
        kind="institute",
        name_zh="中国科学院上海微系统与信息技术研究所",
        name_en="Shanghai Institute of Microsystem and Information Technology, CAS",
        short_name_zh="中科院微系统所",
        short_name_en="SIMIT",
        aliases=("中科院上海微系统与信息技术研究所", "上海微系统所"),
        region=_sh("长宁区"),
        description_zh="中国科学院在上海的研究所，上海市高端医疗装备创新中心的组建单位之一。",
        description_en=(
            "Chinese Academy of Sciences institute in Shanghai; a founder of the Shanghai "
            "High-end Medical Equipment Innovation Center."
        ),
    ),
    OrganisationSpec(
        key="belt_and_road_alliance",
        kind="alliance",
        name_zh="“一带一路”医疗器械创新与应用联盟",
        name_en="Belt and Road Medical Device Innovation and Application Alliance",
        aliases=("一带一路医疗器械创新与应用联盟",),
        region=_sh(),
        description_zh=(
            "连接国内外医疗器械机构的联盟，委员会主任由上海理工大学校长担任。第二届大会有"
            "20个国家和地区的百余位成员代表参加，上海理工大学与联盟中16家海外机构签约。"
        ),
        description_en=(
            "Alliance of medical device organisations in China and abroad, chaired by USST's "
            "president. Over a hundred member delegates from 20 countries and regions came to "
            "its second conference, where USST signed with 16 overseas members."
        ),
    ),
    OrganisationSpec(
        key="heartcare",
        kind="company",
        name_zh="上海心玮医疗科技股份有限公司",
        name_en="Shanghai HeartCare Medical Technology Co., Ltd.",
        short_name_zh="心玮医疗",
        short_name_en="HeartCare",
        aliases=("心玮",),
        region=_sh(),
        description_zh=(
            "神经介入器械企业，成立约五年便成为国内该领域的头部企业。2019年起与上海理工大学"
            "合作，两项成果——国产首个神经用封堵球囊导管和国产首个多段显影取栓支架——已获批上市；"
            "牵头组建心脑血管介入器械公共研发平台。"
        ),
        description_en=(
            "Neurointerventional device maker that became a leader in China within about five "
            "years. Working with USST since 2019, it brought China's first neurovascular "
            "occlusion balloon catheter and first multi-segment visible stent retriever to "
            "market, and leads the cardio-cerebrovascular interventional R&D platform."
        ),
        device_categories=("03",),
        technology_areas=("neurointervention",),
        therapeutic_areas=("cerebrovascular", "neurology"),
        lifecycle_stages=("market",),
    ),
    OrganisationSpec(
        key="haofeng",
        kind="cdmo",
        name_zh="昊丰",
        name_en="Haofeng",
        short_name_zh="昊丰",
        description_zh=(
            "医疗器械CDMO，心脑血管介入器械公共研发平台的共建方之一。" + _SHORT_NAME_ONLY_ZH
        ),
        description_en=(
            "Medical device CDMO and a co-founder of the cardio-cerebrovascular interventional "
            "R&D platform. " + _SHORT_NAME_ONLY_EN
        ),
        technology_areas=("cardiovascular_intervention",),
    ),
    OrganisationSpec(
        key="jienuo",
        kind="cro",
        name_zh="杰诺",
        name_en="Jienuo",
        short_name_zh="杰诺",
        description_zh=(
            "医疗器械CRO，心脑血管介入器械公共研发平台的共建方之一。" + _SHORT_NAME_ONLY_ZH
        ),
        description_en=(
            "Medical device CRO and a co-founder of the cardio-cerebrovascular interventional "
            "R&D platform. " + _SHORT_NAME_ONLY_EN
        ),
        lifecycle_stages=("clinical_trial",),
    ),
    OrganisationSpec(
        key="ccv_platform",
        kind="platform",
        name_zh="心脑血管介入器械公共研发平台",
        name_en="Public R&D Platform for Cardio-Cerebrovascular Interventional Devices",
        short_name_zh="心脑血管介入平台",
        region=_sh(),
        description_zh=(
            "由心玮医疗牵头，联合CDMO昊丰、CRO杰诺与上海市高端医疗装备创新中心签约组建的"
            "公共研发平台，服务长三角的心脑血管介入器械产业。"
        ),
        description_en=(
            "Shared R&D platform set up by HeartCare with the CDMO Haofeng, the CRO Jienuo and "
            "the Shanghai High-end Medical Equipment Innovation Center, for the Yangtze River "
            "Delta's cardio-cerebrovascular interventional device industry."
        ),
        device_categories=("03",),
        technology_areas=("cardiovascular_intervention", "neurointervention"),
        therapeutic_areas=("cardiovascular", "cerebrovascular"),
    ),
]

# --- Seed 002: twenty years of the Shanghai International Medical Zone ---------------------

_ZHANGJIANG = [
    OrganisationSpec(
        key="zhangjiang_science_city",
        kind="park",
        name_zh="张江科学城",
        name_en="Zhangjiang Science City",
        region=_sh("浦东新区"),
        description_zh="浦东的科学城，上海国际医学园区是它的城市副中心。",
        description_en="Science city in Pudong; the International Medical Zone is its sub-centre.",
    ),
    OrganisationSpec(
        key="medical_zone",
        kind="park",
        name_zh="张江科学城上海国际医学园区",
        name_en="Shanghai International Medical Zone, Zhangjiang Science City",
        short_name_zh="上海国际医学园区",
        short_name_en="SIMZ",
        aliases=("上海国际医学园区", "国际医学园区", "医学园区"),
        region=_sh("浦东新区"),
        founded_year=2003,
        description_zh=(
            "2003年起建设的专业医学园区，设医学院校、高端医疗服务、医学研发、生物医药产业、"
            "医疗器械产业和医学康复等功能区，落户机构和企业超过1000家，并聚集了大批第三方"
            "医学检验机构。2016年起为张江科学城的城市副中心。这里诞生了治疗高血压的冷冻消融"
            "器械、骨传导听力系统和全髋关节置换手术机器人等成果。"
        ),
        description_en=(
            "Medical park built since 2003, with zones for medical schools, high-end care, "
            "research, biomedicine, medical devices and rehabilitation; home to more than 1,000 "
            "organisations and a large cluster of independent clinical laboratories, and since "
            "2016 a sub-centre of Zhangjiang Science City. Products from here include a "
            "cryoablation device for hypertension, a bone-conduction hearing system and a "
            "total-hip replacement robot."
        ),
        device_categories=("22",),
        technology_areas=(
            "ablation",
            "hearing",
            "surgical_robotics",
            "cell_gene_therapy",
            "synthetic_biology",
            "medical_ai",
        ),
        therapeutic_areas=("hypertension", "hearing_loss", "orthopaedics"),
    ),
    OrganisationSpec(
        key="cell_gene_park",
        kind="park",
        name_zh="张江细胞和基因产业园",
        name_en="Zhangjiang Cell and Gene Industrial Park",
        aliases=("张江细胞产业园",),
        region=_sh("浦东新区"),
        founded_year=2019,
        description_zh=(
            "2019年10月以张江细胞产业园获批，2021年10月扩展为细胞和基因产业园并揭牌，"
            "是细胞与基因企业的集聚区。"
        ),
        description_en=(
            "Approved in October 2019 as the Zhangjiang cell industry park and widened to cell "
            "and gene therapy in October 2021; a hub for cell and gene companies."
        ),
        technology_areas=("cell_gene_therapy",),
    ),
    OrganisationSpec(
        key="gene_island",
        kind="park",
        name_zh="张江基因岛",
        name_en="Zhangjiang Gene Island",
        region=_sh("浦东新区"),
        description_zh="上海国际医学园区内面向细胞和基因企业的新载体，总建筑面积16万平方米，计划2023年启用。",
        description_en=(
            "New 160,000 m² site in the International Medical Zone for cell and gene "
            "companies, due to open in 2023."
        ),
        technology_areas=("cell_gene_therapy",),
    ),
    OrganisationSpec(
        key="yrd_review_centre",
        kind="government",
        name_zh="国家药品监督管理局医疗器械技术审评检查长三角分中心",
        name_en="Yangtze River Delta Branch, Center for Medical Device Evaluation, NMPA",
        short_name_zh="长三角审评中心",
        aliases=("长三角审评中心", "器审长三角分中心"),
        region=_sh("浦东新区"),
        description_zh=(
            "国家药监局在长三角的医疗器械技术审评检查机构，上海国际医学园区全生命周期服务"
            "体系的一环（报道中称“长三角审评中心”）。"
        ),
        description_en=(
            "The national regulator's device review and inspection branch for the Yangtze River "
            "Delta, part of the Medical Zone's life-cycle services (the report calls it the "
            "Yangtze River Delta review centre)."
        ),
        lifecycle_stages=("registration",),
    ),
    OrganisationSpec(
        key="shanghai_testing_institute",
        kind="testing_lab",
        name_zh="上海市医疗器械检验研究院",
        name_en="Shanghai Institute of Medical Device Testing",
        aliases=("上海医疗器械检测研究院",),
        region=_sh(),
        description_zh="上海的医疗器械检验机构，上海国际医学园区全生命周期服务体系的一环。",
        description_en=(
            "Shanghai's medical device testing institute, part of the Medical Zone's "
            "life-cycle services."
        ),
        lifecycle_stages=("type_testing",),
    ),
]

# --- Seed 003: the Jiading biomedical industry innovation alliance -------------------------

_JIADING = [
    OrganisationSpec(
        key="jiading_alliance",
        kind="alliance",
        name_zh="上海嘉定区生物医药产业创新联盟",
        name_en="Jiading Biomedical Industry Innovation Alliance, Shanghai",
        short_name_zh="嘉定生物医药创新联盟",
        aliases=("嘉定区生物医药产业创新联盟",),
        region=_sh("嘉定区"),
        founded_year=2024,
        description_zh=(
            "2024年在嘉定区生物医药产业发展大会上启动，目标是把区内生物医药上下游资源拢在一起，"
            "推动企业、高校和科研机构协作。启动当天签约24个产业项目，总投资超过20亿元。"
        ),
        description_en=(
            "Launched in 2024 at Jiading's biomedical industry conference to pool resources "
            "along the whole biomedical chain and link industry, academia and research. 24 "
            "projects worth over 2 billion yuan were signed on the day."
        ),
    ),
    OrganisationSpec(
        key="ruijin",
        kind="hospital",
        name_zh="上海交通大学医学院附属瑞金医院",
        name_en="Ruijin Hospital, Shanghai Jiao Tong University School of Medicine",
        short_name_zh="瑞金医院",
        short_name_en="Ruijin Hospital",
        aliases=("瑞金医院",),
        region=_sh("黄浦区"),
        description_zh=(
            "上海交通大学医学院附属医院。2024年，其上海市伤骨科研究所和上海市中西医结合防治"
            "骨与关节病损重点实验室在上海械谷揭牌，医院与械谷的合作更进一步。"
        ),
        description_en=(
            "Hospital of Shanghai Jiao Tong University School of Medicine. In 2024 its "
            "orthopaedics institute and key bone-and-joint laboratory opened at Shanghai Xiegu, "
            "deepening its work with the park."
        ),
        therapeutic_areas=("orthopaedics",),
    ),
    OrganisationSpec(
        key="trauma_institute",
        kind="institute",
        name_zh="上海市伤骨科研究所",
        name_en="Shanghai Institute of Traumatology and Orthopaedics",
        region=_sh("嘉定区"),
        description_zh="瑞金医院的伤骨科研究所，2024年在上海械谷揭牌入驻。",
        description_en="Ruijin Hospital's orthopaedics institute; opened at Xiegu in 2024.",
        technology_areas=("orthopaedic_implants",),
        therapeutic_areas=("orthopaedics",),
    ),
    OrganisationSpec(
        key="bone_joint_lab",
        kind="institute",
        name_zh="上海市中西医结合防治骨与关节病损重点实验室",
        name_en=(
            "Shanghai Key Laboratory of Integrated Chinese and Western Medicine for Bone and "
            "Joint Diseases"
        ),
        region=_sh("嘉定区"),
        description_zh="瑞金医院的重点实验室，用中西医结合方法防治骨与关节病损，2024年在上海械谷揭牌入驻。",
        description_en=(
            "Ruijin Hospital's key laboratory for preventing and treating bone and joint "
            "disease with integrated Chinese and Western medicine; opened at Shanghai Xiegu "
            "in 2024."
        ),
        device_categories=("20",),
        therapeutic_areas=("orthopaedics",),
    ),
    OrganisationSpec(
        key="xiegu",
        kind="park",
        name_zh="上海械谷创新医疗器械产业园",
        name_en="Shanghai Xiegu Innovative Medical Device Industrial Park",
        short_name_zh="上海械谷",
        short_name_en="Shanghai Xiegu",
        aliases=("上海械谷", "械谷"),
        region=_sh("嘉定区"),
        description_zh=(
            "嘉定高端医疗产业集群的主要承载地，入驻了一批创新企业和研发机构，为它们提供从研发、"
            "概念验证到融资的配套服务。"
        ),
        description_en=(
            "Core site of Jiading's high-end medical industry cluster, home to innovative "
            "companies and R&D institutes, with services from R&D and proof of concept to "
            "financing."
        ),
        lifecycle_stages=("proof_of_concept",),
    ),
    OrganisationSpec(
        key="jiading_shared_lab",
        kind="platform",
        name_zh="上海嘉定区生物医药共享实验室平台",
        name_en="Jiading Biomedical Shared Laboratory Platform, Shanghai",
        short_name_zh="嘉定共享实验室",
        aliases=("嘉定区生物医药共享实验室平台",),
        region=_sh("嘉定区"),
        founded_year=2024,
        description_zh="2024年发布的共享实验室平台，让区内生物医药企业共用实验资源、提高实验效率。",
        description_en=(
            "Shared laboratory platform launched in 2024 so Jiading's biomedical companies can "
            "pool lab resources and work faster."
        ),
    ),
    OrganisationSpec(
        key="miit_cooperation_centre",
        kind="government",
        name_zh="工业和信息化部国际经济技术合作中心",
        name_en="International Economic and Technical Cooperation Center, MIIT",
        short_name_zh="工信部国际经济技术合作中心",
        region=("北京市", "北京市", ""),
        description_zh=(
            "工业和信息化部下属的合作中心。其负责人在2024年嘉定大会上介绍：我国已形成5个医疗"
            "装备领域国家级先进制造业集群，2023年新培育65家专精特新“小巨人”企业。"
        ),
        description_en=(
            "Cooperation centre of the Ministry of Industry and Information Technology. At the "
            "2024 Jiading conference it reported five national advanced-manufacturing clusters "
            "in medical equipment and 65 new specialised 'little giant' firms in 2023."
        ),
    ),
    OrganisationSpec(
        key="united_imaging",
        kind="company",
        name_zh="上海联影医疗科技股份有限公司",
        name_en="Shanghai United Imaging Healthcare Co., Ltd.",
        short_name_zh="联影医疗",
        short_name_en="United Imaging",
        aliases=("联影",),
        region=_sh("嘉定区"),
        description_zh="医学影像设备企业，跻身全球医疗器械企业百强。",
        description_en="Medical imaging equipment maker, one of the world's top 100 device firms.",
        device_categories=("06",),
        technology_areas=("medical_imaging",),
        lifecycle_stages=("market",),
    ),
    OrganisationSpec(
        key="mindray",
        kind="company",
        name_zh="深圳迈瑞生物医疗电子股份有限公司",
        name_en="Shenzhen Mindray Bio-Medical Electronics Co., Ltd.",
        short_name_zh="迈瑞医疗",
        short_name_en="Mindray",
        aliases=("迈瑞",),
        region=_sz("南山区"),
        description_zh="南山区的医疗器械龙头企业，跻身全球医疗器械企业百强，参加了南山区优秀医疗器械展览会。",
        description_en=(
            "Leading medical device company in Nanshan and one of the world's top 100 device "
            "firms; exhibited at Nanshan's medical device show."
        ),
        device_categories=("07", "06", "22"),
        technology_areas=("medical_imaging", "ivd"),
        lifecycle_stages=("market",),
    ),
]

# --- Seed 004: the Nanshan medical device industry-chain committee -------------------------

_NANSHAN_BODIES = [
    OrganisationSpec(
        key="nanshan_chain_committee",
        kind="alliance",
        name_zh="南山区医疗器械产业链党委",
        name_en="Nanshan Medical Device Industry Chain Party Committee",
        aliases=("南山医疗器械产业链党委",),
        region=_sz("南山区"),
        description_zh=(
            "隶属南山区工商联（区非公党委）的产业链党组织。首批成员有医疗器械企业家、1所研究"
            "机构、2个行业协会、1个产业园区和2家区属国企。设专家智库，组织产学研圆桌、供需"
            "和投融资对接，并与区内医院搭建“医、企、研”三方合作平台。"
        ),
        description_en=(
            "Industry-chain party committee under the Nanshan Federation of Industry and "
            "Commerce. Its first members were device entrepreneurs, a research institute, two "
            "trade associations, an industrial park and two district state-owned firms. It "
            "runs an expert think tank, matchmaking and investment meetings, and a "
            "hospital–industry–research platform with local hospitals."
        ),
    ),
    OrganisationSpec(
        key="nanshan_federation",
        kind="alliance",
        name_zh="深圳市南山区工商业联合会",
        name_en="Nanshan District Federation of Industry and Commerce, Shenzhen",
        short_name_zh="南山区工商联",
        aliases=("南山区工商联", "区非公党委"),
        region=_sz("南山区"),
        description_zh="南山区的工商联，医疗器械产业链党委隶属于它，并主办产学研圆桌峰会。",
        description_en=(
            "Nanshan's federation of industry and commerce; the device industry-chain committee "
            "belongs to it and they co-hosted the industry roundtable."
        ),
    ),
    OrganisationSpec(
        key="nanshan_organisation_dept",
        kind="government",
        name_zh="中共深圳市南山区委组织部",
        name_en="Organisation Department, CPC Nanshan District Committee",
        short_name_zh="南山区委组织部",
        aliases=("区两新工委",),
        region=_sz("南山区"),
        description_zh="指导了南山区医疗器械产业链产学研圆桌峰会。",
        description_en="Guided the Nanshan medical device industry roundtable.",
    ),
    OrganisationSpec(
        key="nanshan_united_front",
        kind="government",
        name_zh="中共深圳市南山区委统战部",
        name_en="United Front Work Department, CPC Nanshan District Committee",
        short_name_zh="南山区统战部",
        region=_sz("南山区"),
        description_zh="指导了南山区医疗器械产业链产学研圆桌峰会。",
        description_en="Guided the Nanshan medical device industry roundtable.",
    ),
    OrganisationSpec(
        key="nanshan_device_park",
        kind="park",
        name_zh="南山医疗器械产业园",
        name_en="Nanshan Medical Device Industrial Park",
        region=_sz("南山区"),
        description_zh=(
            "深圳市首批六大特色工业园区之一，也是科技企业孵化器和国家外贸转型升级示范基地；"
            "区政府在园内设有企业服务联络站。"
        ),
        description_en=(
            "One of Shenzhen's first six specialised industrial parks, a technology incubator "
            "and a national foreign-trade upgrading base, with a district liaison office for "
            "its companies."
        ),
    ),
    OrganisationSpec(
        key="gd_medical_association",
        kind="alliance",
        name_zh="广东省医学会",
        name_en="Guangdong Medical Association",
        region=("广东省", "广州市", ""),
        description_zh="广东省的医学学会。",
        description_en="Medical association of Guangdong Province.",
    ),
    OrganisationSpec(
        key="sz_medical_association",
        kind="alliance",
        name_zh="深圳市医学会",
        name_en="Shenzhen Medical Association",
        region=_sz(),
        description_zh="深圳市的医学学会。",
        description_en="Medical association of Shenzhen.",
    ),
]

_NANSHAN_MEMBERS = [
    OrganisationSpec(
        key="weiqi",
        kind="company",
        name_zh="深圳市维琪医药研发有限公司",
        name_en="Shenzhen Weiqi Pharmaceutical R&D Co., Ltd.",
        short_name_zh="维琪医药",
        region=_sz("南山区"),
        description_zh="南山区的医药研发企业，其新成立的党组织由产业链党委授牌。",
        description_en=(
            "Pharmaceutical R&D company in Nanshan whose new party branch was recognised by the "
            "industry-chain committee."
        ),
    ),
    OrganisationSpec(
        key="huijian",
        kind="company",
        name_zh="深圳汇健智慧医疗有限公司",
        name_en="Shenzhen Huijian Smart Medical Co., Ltd.",
        short_name_zh="汇健智慧医疗",
        region=_sz("南山区"),
        description_zh="南山区的智慧医疗企业，其新成立的党组织由产业链党委授牌。",
        description_en=(
            "Smart-healthcare company in Nanshan whose new party branch was recognised by the "
            "industry-chain committee."
        ),
        technology_areas=("digital_health",),
    ),
    OrganisationSpec(
        key="senruisi",
        kind="company",
        name_zh="森瑞斯生物科技(深圳)有限公司",
        name_en="Senruisi Biotechnology (Shenzhen) Co., Ltd.",
        short_name_zh="森瑞斯",
        region=_sz("南山区"),
        description_zh="南山区的生物科技企业，其新成立的党组织由产业链党委授牌。",
        description_en=(
            "Biotechnology company in Nanshan whose new party branch was recognised by the "
            "industry-chain committee."
        ),
    ),
    OrganisationSpec(
        key="kangtai",
        kind="company",
        name_zh="深圳康泰生物制品股份有限公司",
        name_en="Shenzhen Kangtai Biological Products Co., Ltd.",
        short_name_zh="康泰生物",
        region=_sz("南山区"),
        description_zh="南山区的生物医药龙头企业，参加了南山区优秀医疗器械、生物医药展览会。",
        description_en="Leading biomedical company in Nanshan; exhibited at Nanshan's device show.",
        therapeutic_areas=("infectious_disease",),
    ),
    OrganisationSpec(
        key="lianhe",
        kind="company",
        name_zh="联合医学",
        name_en="Lianhe Medical",
        region=_sz("南山区"),
        description_zh="南山区的医疗器械龙头企业，参加了南山区优秀医疗器械展览会。"
        + _SHORT_NAME_ONLY_ZH,
        description_en=(
            "Leading device company in Nanshan; exhibited at Nanshan's device show. "
            + _SHORT_NAME_ONLY_EN
        ),
    ),
    OrganisationSpec(
        key="haplox",
        kind="company",
        name_zh="海普洛斯",
        name_en="HaploX",
        region=_sz("南山区"),
        description_zh="南山区的独角兽企业，参加了南山区优秀医疗器械展览会。" + _SHORT_NAME_ONLY_ZH,
        description_en=(
            "Unicorn start-up in Nanshan; exhibited at Nanshan's device show. "
            + _SHORT_NAME_ONLY_EN
        ),
        technology_areas=("sequencing",),
    ),
    OrganisationSpec(
        key="xpectvision",
        kind="company",
        name_zh="帧观德芯",
        name_en="Xpectvision",
        region=_sz("南山区"),
        description_zh="南山区的独角兽企业，参加了南山区优秀医疗器械展览会。" + _SHORT_NAME_ONLY_ZH,
        description_en=(
            "Unicorn start-up in Nanshan; exhibited at Nanshan's device show. "
            + _SHORT_NAME_ONLY_EN
        ),
        technology_areas=("medical_imaging",),
    ),
    OrganisationSpec(
        key="gd_academy",
        kind="institute",
        name_zh="广东省医学科学院",
        name_en="Guangdong Academy of Medical Sciences",
        region=("广东省", "广州市", ""),
        description_zh="广东省的医学科学院，与南方科技大学尝试成立“医工结合创新俱乐部”，撮合临床、科研与资金。",
        description_en=(
            "Guangdong's academy of medical sciences; with SUSTech it started a medicine–"
            "engineering innovation club that matches clinical projects with resources."
        ),
    ),
    OrganisationSpec(
        key="sustech",
        kind="university",
        name_zh="南方科技大学",
        name_en="Southern University of Science and Technology",
        short_name_zh="南科大",
        short_name_en="SUSTech",
        region=_sz("南山区"),
        description_zh="深圳南山的大学，与广东省医学科学院尝试成立“医工结合创新俱乐部”。",
        description_en=(
            "University in Nanshan, Shenzhen; started a medicine–engineering innovation club "
            "with the Guangdong Academy of Medical Sciences."
        ),
    ),
    OrganisationSpec(
        key="suat",
        kind="university",
        name_zh="深圳理工大学",
        name_en="Shenzhen University of Advanced Technology",
        short_name_zh="深理工",
        short_name_en="SUAT",
        aliases=("深圳理工大学（筹）",),
        region=_sz(),
        description_zh="筹建中的深圳高校，设有生命健康学院。",
        description_en="University being set up in Shenzhen, with a School of Life and Health.",
    ),
]

_NANSHAN_FINANCE_AND_CARE = [
    OrganisationSpec(
        key="songhe",
        kind="investor",
        name_zh="深圳市松禾创业投资有限公司",
        name_en="Shenzhen Songhe Venture Capital Co., Ltd.",
        short_name_zh="松禾创投",
        region=_sz(),
        description_zh="深圳的创业投资机构，董事长参加了南山医疗器械产学研圆桌峰会。",
        description_en="Shenzhen venture capital firm; its chairman spoke at the roundtable.",
    ),
    OrganisationSpec(
        key="scgc",
        kind="investor",
        name_zh="深圳市创新投资集团有限公司",
        name_en="Shenzhen Capital Group Co., Ltd.",
        short_name_zh="深创投",
        short_name_en="SCGC",
        region=_sz(),
        description_zh="深圳的创投机构，参与南山医疗器械产业链的投融资对接。",
        description_en="Shenzhen venture investor in Nanshan's device investment matchmaking.",
    ),
    OrganisationSpec(
        key="nanshan_sei",
        kind="investor",
        name_zh="南山战新投",
        name_en="Nanshan Strategic Emerging Industries Investment",
        region=_sz("南山区"),
        description_zh="南山区的创投机构，参与医疗器械产业链的投融资对接。" + _SHORT_NAME_ONLY_ZH,
        description_en=(
            "Nanshan investor in the device industry's investment matchmaking. "
            + _SHORT_NAME_ONLY_EN
        ),
    ),
    OrganisationSpec(
        key="huitong",
        kind="investor",
        name_zh="汇通金控",
        name_en="Huitong Financial Holdings",
        region=_sz("南山区"),
        description_zh="南山区的创投机构，参与医疗器械产业链的投融资对接。" + _SHORT_NAME_ONLY_ZH,
        description_en=(
            "Nanshan investor in the device industry's investment matchmaking. "
            + _SHORT_NAME_ONLY_EN
        ),
    ),
    OrganisationSpec(
        key="union_shenzhen",
        kind="hospital",
        name_zh="华中科技大学协和深圳医院",
        name_en="Union Shenzhen Hospital, Huazhong University of Science and Technology",
        short_name_zh="协和深圳医院",
        region=_sz("南山区"),
        description_zh="南山区的医院，参与产业链党委的“医、企、研”三方合作平台。",
        description_en="Hospital in Nanshan on the industry-chain committee's clinical platform.",
    ),
    OrganisationSpec(
        key="nanshan_chronic_disease",
        kind="hospital",
        name_zh="深圳市南山区慢性病防治院",
        name_en="Nanshan Chronic Disease Prevention and Treatment Hospital, Shenzhen",
        short_name_zh="南山区慢病院",
        aliases=("南山区慢病院",),
        region=_sz("南山区"),
        description_zh="南山区的慢病防治医院，参与产业链党委的“医、企、研”三方合作平台。",
        description_en=(
            "Nanshan's chronic disease hospital, on the industry-chain committee's clinical "
            "platform."
        ),
    ),
    OrganisationSpec(
        key="nanshan_tcm",
        kind="hospital",
        name_zh="深圳市南山区中医院",
        name_en="Nanshan Hospital of Traditional Chinese Medicine, Shenzhen",
        short_name_zh="南山区中医院",
        region=_sz("南山区"),
        description_zh=(
            "南山区的中医医院，参与产业链党委的“医、企、研”三方合作平台"
            "（报道原文此处为“中医院医院”，这里按南山区中医院理解）。"
        ),
        description_en=(
            "Nanshan's hospital of traditional Chinese medicine, on the industry-chain "
            "committee's clinical platform (the report's wording here is garbled; read as the "
            "Nanshan TCM hospital)."
        ),
        device_categories=("20",),
    ),
    OrganisationSpec(
        key="nanshan_medical_group",
        kind="hospital",
        name_zh="南山区医疗集团",
        name_en="Nanshan Medical Group, Shenzhen",
        region=_sz("南山区"),
        description_zh="南山区的医疗集团，参与产业链党委的“医、企、研”三方合作平台。",
        description_en="Nanshan's hospital group, on the committee's clinical platform.",
    ),
]

REAL_ORGANISATIONS: list[OrganisationSpec] = [
    *_FENGXIAN,
    *_USST,
    *_ZHANGJIANG,
    *_JIADING,
    *_NANSHAN_BODIES,
    *_NANSHAN_MEMBERS,
    *_NANSHAN_FINANCE_AND_CARE,
]

_SIGNED_3_17 = "共建IVD临床研究基地，3月17日签约（报道未写年份）"
_CLINICAL_PLATFORM = "“医、企、研”三方合作平台"
_INVESTMENT_MATCHING = "链上投融资对接"
_NEW_PARTY_BRANCH = "新成立党组织由产业链党委授牌"
_FOUNDER_OF_SEVEN = "7家组建单位之一"

# fmt: off
REAL_RELATIONS: list[RelationSpec] = [
    RelationSpec("fengxian_hospital", "partner_of", "bojie", _SIGNED_3_17),
    RelationSpec("innovation_centre", "founded_by", "usst", _FOUNDER_OF_SEVEN + "（牵头）"),
    RelationSpec("innovation_centre", "founded_by", "sjtu_medicine", _FOUNDER_OF_SEVEN),
    RelationSpec("innovation_centre", "founded_by", "simit", _FOUNDER_OF_SEVEN),
    RelationSpec("innovation_centre", "located_in", "usst", "落户上海理工大学"),
    RelationSpec("usst", "member_of", "belt_and_road_alliance", "校长任联盟委员会主任"),
    RelationSpec("heartcare", "partner_of", "usst", "2019年起合作，两项成果获批上市"),
    RelationSpec("ccv_platform", "founded_by", "heartcare", "牵头方"),
    RelationSpec("ccv_platform", "founded_by", "haofeng", "CDMO"),
    RelationSpec("ccv_platform", "founded_by", "jienuo", "CRO"),
    RelationSpec("ccv_platform", "founded_by", "innovation_centre", "签约共建"),
    RelationSpec("medical_zone", "part_of", "zhangjiang_science_city", "2016年起为城市副中心"),
    RelationSpec("cell_gene_park", "located_in", "medical_zone"),
    RelationSpec("gene_island", "located_in", "medical_zone"),
    RelationSpec("medical_zone", "partner_of", "yrd_review_centre", "园区全生命周期服务体系"),
    RelationSpec("medical_zone", "partner_of", "shanghai_testing_institute",
                 "园区全生命周期服务体系"),
    RelationSpec("ruijin", "affiliated_hospital_of", "sjtu_medicine"),
    RelationSpec("trauma_institute", "part_of", "ruijin"),
    RelationSpec("bone_joint_lab", "part_of", "ruijin"),
    RelationSpec("trauma_institute", "located_in", "xiegu", "2024年揭牌入驻"),
    RelationSpec("bone_joint_lab", "located_in", "xiegu", "2024年揭牌入驻"),
    RelationSpec("ruijin", "partner_of", "xiegu", "两大科研机构入驻械谷"),
    RelationSpec("nanshan_chain_committee", "part_of", "nanshan_federation", "隶属区工商联"),
    RelationSpec("weiqi", "member_of", "nanshan_chain_committee", _NEW_PARTY_BRANCH),
    RelationSpec("huijian", "member_of", "nanshan_chain_committee", _NEW_PARTY_BRANCH),
    RelationSpec("senruisi", "member_of", "nanshan_chain_committee", _NEW_PARTY_BRANCH),
    RelationSpec("gd_academy", "partner_of", "sustech", "共同尝试成立“医工结合创新俱乐部”"),
    RelationSpec("nanshan_chain_committee", "partner_of", "scgc", _INVESTMENT_MATCHING),
    RelationSpec("nanshan_chain_committee", "partner_of", "nanshan_sei", _INVESTMENT_MATCHING),
    RelationSpec("nanshan_chain_committee", "partner_of", "huitong", _INVESTMENT_MATCHING),
    RelationSpec("nanshan_chain_committee", "partner_of", "union_shenzhen", _CLINICAL_PLATFORM),
    RelationSpec("nanshan_chain_committee", "partner_of", "nanshan_chronic_disease",
                 _CLINICAL_PLATFORM),
    RelationSpec("nanshan_chain_committee", "partner_of", "nanshan_tcm", _CLINICAL_PLATFORM),
    RelationSpec("nanshan_chain_committee", "partner_of", "nanshan_medical_group",
                 _CLINICAL_PLATFORM),
]

REAL_DEPARTMENTS: list[DepartmentSpec] = [
    DepartmentSpec("fengxian_hospital", "检验科", "Laboratory Medicine", "municipal",
                   "上海市重点专科；与伯杰医疗共建IVD临床研究基地。"),
]

REAL_CAPABILITIES: list[CapabilitySpec] = [
    CapabilitySpec("bojie", "platform", "荧光PCR平台", "Fluorescence PCR platform",
                   "fluorescence_pcr", "多重荧光PCR诊断试剂"),
    CapabilitySpec("bojie", "platform", "恒温平台", "Isothermal amplification platform",
                   "isothermal"),
    CapabilitySpec("bojie", "platform", "免疫平台", "Immunoassay platform", "immunoassay"),
    CapabilitySpec("bojie", "platform", "仪器制造平台", "Instrument manufacturing platform",
                   "instrument_manufacturing", "分子诊断仪器"),
    CapabilitySpec("bojie", "platform", "测序平台", "Sequencing platform", "sequencing",
                   "痕量病毒二代测序"),
    CapabilitySpec("bojie", "service", "测序服务", "Sequencing service", "sequencing",
                   "感染性病原体测序"),
    CapabilitySpec("bojie", "service", "医学检验所服务", "Medical laboratory service", "ivd"),
]

_ITEMS = ("项", "items")
_ORGS = ("家", "organisations")

REAL_KEY_FIGURES: list[KeyFigureSpec] = [
    KeyFigureSpec("bojie", "国内医疗器械注册证/备案凭证", "Registration certificates and filings",
                  Decimal(28), *_ITEMS),
    KeyFigureSpec("bojie", "III类注册证和生产许可", "Class III registrations and licences",
                  Decimal(9), *_ITEMS),
    KeyFigureSpec("bojie", "I类备案证和生产许可", "Class I filings and licences",
                  Decimal(19), *_ITEMS),
    KeyFigureSpec("bojie", "已申请专利", "Patents applied for", Decimal(78), *_ITEMS),
    KeyFigureSpec("bojie", "软件著作权", "Software copyrights", Decimal(23), *_ITEMS),
    KeyFigureSpec("innovation_centre", "组建单位", "Founding institutions", Decimal(7), *_ORGS),
    KeyFigureSpec("innovation_centre", "第二届大会签约单位",
                  "Partners signed at the 2nd conference", Decimal(36), *_ORGS),
    KeyFigureSpec("innovation_centre", "达成战略合作", "Strategic collaborations agreed",
                  Decimal(10), *_ITEMS),
    KeyFigureSpec("usst", "签约的联盟海外机构", "Overseas alliance members signed",
                  Decimal(16), *_ORGS),
    KeyFigureSpec("medical_zone", "落户机构和企业", "Organisations based in the zone",
                  Decimal(1000), "家以上", "+"),
    KeyFigureSpec("gene_island", "总建筑面积", "Total floor area", Decimal(160000),
                  "平方米", "m²"),
    KeyFigureSpec("jiading_alliance", "启动当天签约产业项目", "Projects signed at the launch",
                  Decimal(24), "个", "projects"),
    KeyFigureSpec("jiading_alliance", "签约项目总投资（亿元）",
                  "Investment signed at the launch (100 million yuan)", Decimal(20), "以上", "+"),
]

_THINK_TANK = AffiliationSpec("nanshan_chain_committee", "产业链党委智库专家", "Think-tank expert")

REAL_PEOPLE: list[PersonSpec] = [
    PersonSpec("赵百慧", "Zhao Baihui",
               (AffiliationSpec("bojie", "创始人、总经理", "Founder and general manager"),),
               "感染性病原体分子诊断"),
    PersonSpec("李延飞", "Li Yanfei",
               (AffiliationSpec("fengxian_health_commission", "副主任", "Deputy director"),)),
    PersonSpec("徐建平", "Xu Jianping",
               (AffiliationSpec("fengxian_health_commission", "医政科科长",
                                "Head of medical administration"),)),
    PersonSpec("孙振亮", "Sun Zhenliang", (AffiliationSpec("fengxian_hospital"),),
               "临床研究与产医融合"),
    PersonSpec("丁晓东", "Ding Xiaodong",
               (AffiliationSpec("usst", "校长", "President"),
                AffiliationSpec("belt_and_road_alliance", "联盟委员会主任",
                                "Chair of the alliance committee"))),
    PersonSpec("蔡志明", "Cai Zhiming",
               (AffiliationSpec("gd_medical_association", "副会长", "Vice-president"),
                AffiliationSpec("sz_medical_association", "会长", "President"),
                _THINK_TANK),
               "医院负责人；政医研企资协同创新", is_think_tank_expert=True),
    PersonSpec("耿庆山", "Geng Qingshan",
               (AffiliationSpec("gd_academy", "院长", "President"), _THINK_TANK),
               "医院院长；医工结合", is_think_tank_expert=True),
    PersonSpec("王玉田", "Wang Yutian",
               (AffiliationSpec("suat", "生命健康学院院士",
                                "Academician, School of Life and Health"),
                _THINK_TANK),
               "加拿大皇家科学院院士；基础研究与临床转化", is_think_tank_expert=True),
    PersonSpec("卢洪洲", "Lu Hongzhou", (_THINK_TANK,),
               "美国微生物科学院院士；医院院长；医疗器械临床验证与转化",
               is_think_tank_expert=True),
    PersonSpec("厉伟", "Li Wei", (AffiliationSpec("songhe", "董事长", "Chairman"),),
               "创业投资；临床科技创新生态"),
]

SIGN_INS: list[SignInSpec] = [
    SignInSpec("operator@qiao-demo.example", "平台运营（演示）", "platform operator",
               is_operator=True),
    SignInSpec("admin@bojie.qiao-demo.example", "伯杰医疗管理员（演示）",
               "admin of 上海伯杰医疗科技股份有限公司", "bojie", "admin"),
    SignInSpec("member@bojie.qiao-demo.example", "伯杰医疗成员（演示）",
               "member of 上海伯杰医疗科技股份有限公司", "bojie", "member"),
    SignInSpec("admin@fengxian-hospital.qiao-demo.example", "奉贤区中心医院管理员（演示）",
               "admin of 上海市奉贤区中心医院", "fengxian_hospital", "admin"),
    SignInSpec("lab@jiading-shared-lab.qiao-demo.example", "嘉定共享实验室管理员（演示）",
               "lab manager (admin) of 上海嘉定区生物医药共享实验室平台", "jiading_shared_lab",
               "admin"),
]
# fmt: on


def build_demo_cluster(
    *, synthetic_count: int = SYNTHETIC_COUNT, seed: int = SYNTHETIC_SEED
) -> Cluster:
    """Return the real cluster plus ``synthetic_count`` invented members."""
    cluster = Cluster(
        organisations=list(REAL_ORGANISATIONS),
        relations=list(REAL_RELATIONS),
        departments=list(REAL_DEPARTMENTS),
        capabilities=list(REAL_CAPABILITIES),
        key_figures=list(REAL_KEY_FIGURES),
        people=list(REAL_PEOPLE),
    )
    rng = random.Random(seed)
    members = _add_synthetic_organisations(cluster, count=synthetic_count, rng=rng)
    for spec, drawn in members:
        _add_synthetic_parts(cluster, spec=spec, drawn=drawn, rng=rng)
    _add_synthetic_relations(cluster, members=members, rng=rng)
    _add_synthetic_people(cluster, members=members[:SYNTHETIC_PEOPLE], rng=rng)
    return cluster


# --- Synthetic members ----------------------------------------------------------------------

# fmt: off
# Shares of each kind among the demo's invented members; they repeat to fill the count.
_DEMO_KIND_SHARES = {
    "company": 54, "cro": 4, "cdmo": 4, "testing_lab": 3, "investor": 5, "institute": 3,
    "hospital": 3, "park": 2, "alliance": 1, "platform": 1,
}
# Real parks and alliances that invented members may sit in or join (relation noted as demo).
_HOST_PARKS = (
    "medical_zone", "cell_gene_park", "xiegu", "oriental_beauty_valley", "lingang_life_park",
    "nanshan_device_park",
)
_HOST_ALLIANCES = ("jiading_alliance", "belt_and_road_alliance")
_TENANT_KINDS = frozenset({"company", "cro", "cdmo", "testing_lab", "institute", "platform"})
_PRODUCTS = {
    "01": "超声手术系统", "03": "颅内取栓支架", "04": "骨科手术导航工具",
    "06": "数字X射线摄影系统", "07": "多参数监护仪", "08": "无创呼吸机",
    "09": "低频电刺激治疗仪", "12": "植入式心脏起搏器", "13": "冠状动脉药物洗脱支架",
    "14": "医用水胶体敷料", "16": "人工晶状体", "17": "牙科种植体", "19": "上肢康复训练系统",
    "20": "电针治疗仪", "21": "肺结节影像辅助诊断软件", "22": "全自动化学发光分析仪",
    "ivd": "呼吸道病原体核酸检测试剂盒",
}
_CLASS_III = frozenset({"03", "12", "13", "16", "17", "21", "ivd"})
_PROVINCE_ABBREVIATIONS = {"上海市": "沪", "广东省": "粤", "江苏省": "苏", "浙江省": "浙"}
_TITLES = {
    "company": (("总经理", "General manager"), ("研发总监", "R&D director"),
                ("注册总监", "Regulatory affairs director"), ("首席技术官", "CTO")),
    "cro": (("临床运营总监", "Clinical operations director"),),
    "cdmo": (("生产总监", "Production director"),),
    "testing_lab": (("技术负责人", "Technical manager"),),
    "investor": (("投资总监", "Investment director"), ("合伙人", "Partner")),
    "institute": (("研究员", "Research fellow"),),
    "hospital": (("主任医师", "Chief physician"), ("科主任", "Head of department")),
    "park": (("招商总监", "Business development director"),),
    "alliance": (("秘书长", "Secretary-general"),),
    "platform": (("主任", "Director"),),
}
_SURNAMES = (
    ("王", "Wang"), ("李", "Li"), ("张", "Zhang"), ("刘", "Liu"), ("陈", "Chen"), ("杨", "Yang"),
    ("黄", "Huang"), ("吴", "Wu"), ("周", "Zhou"), ("马", "Ma"), ("朱", "Zhu"), ("胡", "Hu"),
    ("郭", "Guo"), ("何", "He"), ("林", "Lin"), ("罗", "Luo"), ("高", "Gao"), ("梁", "Liang"),
)
_GIVEN_NAMES = (
    ("晓明", "Xiaoming"), ("建华", "Jianhua"), ("丽娟", "Lijuan"), ("志强", "Zhiqiang"),
    ("海燕", "Haiyan"), ("文杰", "Wenjie"), ("静怡", "Jingyi"), ("浩然", "Haoran"),
    ("雪梅", "Xuemei"), ("子涵", "Zihan"), ("永刚", "Yonggang"), ("思远", "Siyuan"),
    ("慧敏", "Huimin"), ("俊杰", "Junjie"), ("佳琪", "Jiaqi"), ("立新", "Lixin"),
    ("婉婷", "Wanting"), ("振宇", "Zhenyu"),
)
# fmt: on
SYNTHETIC_PEOPLE = 40
_DEMO_NOTE = DEMO_MARK_ZH

Member = tuple[OrganisationSpec, DrawnOrganisation]


def _demo_kinds(count: int, rng: random.Random) -> list[str]:
    shares = [kind for kind, share in _DEMO_KIND_SHARES.items() for _ in range(share)]
    kinds = (shares * (count // len(shares) + 1))[:count]
    rng.shuffle(kinds)
    return kinds


def _add_synthetic_organisations(
    cluster: Cluster, *, count: int, rng: random.Random
) -> list[Member]:
    taken = {o.name_zh for o in cluster.organisations}
    members = []
    for index, kind in enumerate(_demo_kinds(count, rng)):
        drawn = draw_organisation(rng, kind=kind)
        while drawn.name_zh in taken:
            drawn = draw_organisation(rng, kind=kind)
        taken.add(drawn.name_zh)
        spec = OrganisationSpec(
            key=f"synthetic_{index + 1:03d}",
            kind=kind,
            name_zh=drawn.name_zh,
            name_en=drawn.name_en,
            short_name_zh=drawn.short_name_zh,
            short_name_en=drawn.short_name_en,
            region=(drawn.region.province, drawn.region.city, drawn.region.district),
            founded_year=drawn.founded_year,
            description_zh=drawn.description_zh,
            description_en=drawn.description_en,
            device_categories=drawn.device_categories,
            technology_areas=drawn.technology_areas,
            therapeutic_areas=drawn.therapeutic_areas,
            lifecycle_stages=drawn.lifecycle_stages,
            # Every tenth invented member is members-only, so the demo shows that rule too.
            visibility="members" if index % 10 == 9 else "public",
        )
        cluster.organisations.append(spec)
        members.append((spec, drawn))
    return members


def _add_synthetic_parts(
    cluster: Cluster, *, spec: OrganisationSpec, drawn: DrawnOrganisation, rng: random.Random
) -> None:
    offers_services = spec.kind in {"cro", "cdmo", "testing_lab", "institute", "platform"}
    if drawn.capabilities and (offers_services or rng.random() < 0.4):
        limit = None if offers_services else rng.randint(1, 2)
        for capability in drawn.capabilities[:limit]:
            cluster.capabilities.append(
                CapabilitySpec(
                    spec.key,
                    capability.kind,
                    capability.name_zh,
                    capability.name_en,
                    capability.technology_area,
                    _DEMO_NOTE,
                )
            )
    on_market = set(spec.lifecycle_stages) & {"registration", "production", "market"}
    if spec.kind == "company" and spec.device_categories and on_market:
        _add_synthetic_credentials(cluster, spec=spec, rng=rng)
    if spec.kind == "company" and rng.random() < 0.3:
        cluster.key_figures.append(
            KeyFigureSpec(spec.key, "员工", "Employees", Decimal(rng.randint(20, 800)), "人", "")
        )
    if spec.kind == "hospital":
        for name_zh, name_en in (("检验科", "Laboratory Medicine"), ("心内科", "Cardiology")):
            level = rng.choice(("", "district"))
            cluster.departments.append(
                DepartmentSpec(spec.key, name_zh, name_en, level, _DEMO_NOTE)
            )


def _add_synthetic_credentials(
    cluster: Cluster, *, spec: OrganisationSpec, rng: random.Random
) -> None:
    """Add invented registrations and a patent; every number starts with 演示 ("demo")."""
    province = _PROVINCE_ABBREVIATIONS[spec.region[0]]
    for category in spec.device_categories:
        sequence = len(cluster.credentials) + 1
        year = rng.randint(2018, 2025)
        device_class = "III" if category in _CLASS_III else "II"
        prefix = "国" if device_class == "III" else province
        code = "40" if category == "ivd" else category
        cluster.credentials.append(
            CredentialSpec(
                organisation=spec.key,
                kind="registration",
                title=f"{_PRODUCTS[category]}（{DEMO_MARK_ZH}）",
                number=f"演示{prefix}械注准{year}{len(device_class)}{code}{sequence:04d}",
                device_class=device_class,
                category=category,
            )
        )
    sequence = len(cluster.credentials) + 1
    cluster.credentials.append(
        CredentialSpec(
            organisation=spec.key,
            kind="patent",
            title=f"一种{_PRODUCTS[spec.device_categories[0]]}的改进结构（{DEMO_MARK_ZH}）",
            number=f"演示ZL{rng.randint(2018, 2025)}1{sequence:07d}.X",
            status=rng.choice(("applied", "granted")),
        )
    )


def _pick_near(
    candidates: list[OrganisationSpec], spec: OrganisationSpec, rng: random.Random
) -> OrganisationSpec | None:
    """Return a candidate in the same district if any, else in the same city, else None."""
    for same in (lambda c: c.region == spec.region, lambda c: c.region[1] == spec.region[1]):
        near = [c for c in candidates if same(c) and c.key != spec.key]
        if near:
            return rng.choice(near)
    return None


def _add_synthetic_relations(
    cluster: Cluster, *, members: list[Member], rng: random.Random
) -> None:
    synthetic = [spec for spec, _ in members]
    parks = [cluster.organisation(k) for k in _HOST_PARKS]
    parks += [s for s in synthetic if s.kind == "park"]
    alliances = [cluster.organisation(k) for k in _HOST_ALLIANCES]
    alliances += [s for s in synthetic if s.kind == "alliance"]
    companies = [s for s in synthetic if s.kind == "company"]
    for spec in synthetic:
        wanted = []
        if spec.kind in _TENANT_KINDS and rng.random() < 0.5:
            wanted.append(("located_in", _pick_near(parks, spec, rng)))
        if spec.kind in _TENANT_KINDS and rng.random() < 0.3:
            wanted.append(("member_of", _pick_near(alliances, spec, rng)))
        if spec.kind in {"investor", "hospital", "cro"}:
            wanted.append(("partner_of", _pick_near(companies, spec, rng)))
        cluster.relations.extend(
            RelationSpec(spec.key, kind, target.key, _DEMO_NOTE)
            for kind, target in wanted
            if target is not None
        )


def _add_synthetic_people(cluster: Cluster, *, members: list[Member], rng: random.Random) -> None:
    for spec, drawn in members:
        surname, given = rng.choice(_SURNAMES), rng.choice(_GIVEN_NAMES)
        title_zh, title_en = rng.choice(_TITLES[spec.kind])
        cluster.people.append(
            PersonSpec(
                name_zh=surname[0] + given[0],
                name_en=f"{surname[1]} {given[1]}",
                affiliations=(AffiliationSpec(spec.key, title_zh, title_en),),
                expertise=f"{DEMO_MARK_ZH}：{drawn.field_zh}",
            )
        )
