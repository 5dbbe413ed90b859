"""Invented organisations for the demo cluster and for benchmark-sized clusters.

Pure module (no Django import). ``draw_organisation(rng, kind=…)`` returns one invented
organisation: a plausible Chinese name built from a two-character brand and a suffix that
fits its field, a matching English name, a region in Shanghai, Shenzhen or a neighbouring
city, tags that agree with the name, and a description marked as demo data. The same
``random.Random`` seed gives the same organisations, so demo loads and benchmarks repeat.

Names are only likely, not guaranteed, to differ: callers that need uniqueness either
redraw (the demo) or pass a ``tag`` such as an index (``generate_cluster``).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from itertools import accumulate

DEMO_MARK_ZH = "演示数据"
DEMO_MARK_EN = "demo data"


@dataclass(frozen=True)
class Region:
    province: str
    city: str
    district: str
    place_zh: str
    place_en: str


def _shanghai(district: str) -> Region:
    return Region("上海市", "上海市", district, "上海", "Shanghai")


def _shenzhen(district: str) -> Region:
    return Region("广东省", "深圳市", district, "深圳", "Shenzhen")


# Weighted towards the two clusters the seed reports cover.
REGIONS: tuple[tuple[Region, int], ...] = (
    (_shanghai("浦东新区"), 12),
    (_shanghai("嘉定区"), 8),
    (_shanghai("奉贤区"), 6),
    (_shanghai("闵行区"), 6),
    (_shanghai("徐汇区"), 5),
    (_shanghai("松江区"), 3),
    (_shanghai("宝山区"), 3),
    (_shanghai("杨浦区"), 2),
    (_shenzhen("南山区"), 10),
    (_shenzhen("宝安区"), 4),
    (_shenzhen("龙岗区"), 3),
    (_shenzhen("坪山区"), 3),
    (_shenzhen("光明区"), 2),
    (_shenzhen("福田区"), 2),
    (Region("江苏省", "苏州市", "苏州工业园区", "苏州", "Suzhou"), 3),
    (Region("浙江省", "杭州市", "滨江区", "杭州", "Hangzhou"), 2),
)

# fmt: off
BRAND_SYLLABLES: tuple[tuple[str, str], ...] = (
    ("康", "kang"), ("瑞", "rui"), ("博", "bo"), ("泰", "tai"), ("联", "lian"),
    ("微", "wei"), ("创", "chuang"), ("华", "hua"), ("海", "hai"), ("睿", "rui"),
    ("迪", "di"), ("安", "an"), ("晟", "sheng"), ("诺", "nuo"), ("德", "de"),
    ("宁", "ning"), ("峰", "feng"), ("景", "jing"), ("明", "ming"), ("辰", "chen"),
    ("卓", "zhuo"), ("恒", "heng"), ("信", "xin"), ("达", "da"), ("鸿", "hong"),
    ("启", "qi"), ("源", "yuan"), ("佳", "jia"), ("益", "yi"), ("英", "ying"),
    ("美", "mei"), ("欣", "xin"), ("凯", "kai"), ("润", "run"), ("和", "he"),
    ("致", "zhi"), ("远", "yuan"), ("精", "jing"), ("准", "zhun"), ("越", "yue"),
    ("朗", "lang"), ("拓", "tuo"), ("析", "xi"), ("衡", "heng"), ("澜", "lan"),
)

# Pairs that spell the name of a well-known real company; an invented one must not.
_TAKEN_BRANDS = frozenset(
    {"微创", "康泰", "迪安", "明德", "达安", "华润", "和佳", "恒瑞", "信达", "启明", "美康",
     "华海", "康德", "英诺", "安瑞", "凯普", "海普", "联影", "润和", "华大"}
)
# fmt: on


@dataclass(frozen=True)
class CapabilityDraft:
    kind: str  # "platform" or "service", as Capability.Kind
    name_zh: str
    name_en: str
    technology_area: str = ""


@dataclass(frozen=True)
class Profile:
    """A line of work: how such an organisation is named, described and tagged."""

    kind: str
    suffix_zh: str
    suffix_en: str
    field_zh: str
    field_en: str
    device_categories: tuple[str, ...] = ()
    technology_areas: tuple[str, ...] = ()
    therapeutic_areas: tuple[str, ...] = ()
    lifecycle_stages: tuple[str, ...] = ()
    capabilities: tuple[CapabilityDraft, ...] = ()


def _platform(name_zh: str, name_en: str, area: str = "") -> CapabilityDraft:
    return CapabilityDraft("platform", name_zh, name_en, area)


def _service(name_zh: str, name_en: str, area: str = "") -> CapabilityDraft:
    return CapabilityDraft("service", name_zh, name_en, area)


# fmt: off
_MARKET = ("prototype", "type_testing", "clinical_trial", "registration", "production", "market")

COMPANY_PROFILES: tuple[Profile, ...] = (
    Profile(
        "company", "诊断技术有限公司", "Diagnostics Co., Ltd.",
        "体外诊断试剂和配套仪器", "in-vitro diagnostic reagents and instruments",
        ("ivd", "22"), ("ivd", "molecular_diagnostics", "fluorescence_pcr", "immunoassay"),
        ("infectious_disease", "oncology", "diabetes"), _MARKET,
        (_platform("荧光PCR平台", "Fluorescence PCR platform", "fluorescence_pcr"),
         _platform("化学发光免疫平台", "Chemiluminescence immunoassay platform", "immunoassay"),
         _service("第三方医学检验服务", "Independent medical laboratory service", "ivd")),
    ),
    Profile(
        "company", "医疗科技有限公司", "Medical Technology Co., Ltd.",
        "神经介入器械", "neurointerventional devices",
        ("03", "13"), ("neurointervention",), ("cerebrovascular", "neurology"), _MARKET,
        (_platform("导管成型平台", "Catheter forming platform", "neurointervention"),),
    ),
    Profile(
        "company", "医疗器械有限公司", "Medical Devices Co., Ltd.",
        "心血管介入和电生理器械", "cardiovascular interventional and electrophysiology devices",
        ("03", "12", "13"), ("cardiovascular_intervention", "electrophysiology", "ablation"),
        ("cardiovascular", "hypertension"), _MARKET,
        (_platform("射频消融平台", "Radio-frequency ablation platform", "ablation"),
         _platform("三维标测平台", "3D mapping platform", "electrophysiology")),
    ),
    Profile(
        "company", "影像科技有限公司", "Imaging Technology Co., Ltd.",
        "医学影像设备和影像软件", "medical imaging equipment and imaging software",
        ("06", "21"), ("medical_imaging", "medical_ai"), ("oncology", "cardiovascular"), _MARKET,
        (_platform("探测器研发平台", "Detector development platform", "medical_imaging"),),
    ),
    Profile(
        "company", "医疗机器人有限公司", "Medical Robotics Co., Ltd.",
        "手术机器人", "surgical robots",
        ("01", "04"), ("surgical_robotics",), ("orthopaedics", "neurology"), _MARKET,
        (_platform("手术导航平台", "Surgical navigation platform", "surgical_robotics"),),
    ),
    Profile(
        "company", "骨科器械有限公司", "Orthopaedics Co., Ltd.",
        "骨科植入物和骨科工具", "orthopaedic implants and instruments",
        ("04", "13"), ("orthopaedic_implants", "biomaterials"), ("orthopaedics",), _MARKET,
        (_platform("增材制造平台", "Additive manufacturing platform", "orthopaedic_implants"),),
    ),
    Profile(
        "company", "智能医疗科技有限公司", "Intelligent Medical Technology Co., Ltd.",
        "医疗人工智能和医用软件", "medical AI and medical software",
        ("21",), ("medical_ai", "digital_health"), ("oncology", "ophthalmology", "respiratory"),
        _MARKET,
        (_platform("医学影像AI平台", "Medical imaging AI platform", "medical_ai"),),
    ),
    Profile(
        "company", "康复器械有限公司", "Rehabilitation Devices Co., Ltd.",
        "康复和物理治疗器械", "rehabilitation and physiotherapy devices",
        ("19", "09"), ("rehabilitation_tech",), ("rehabilitation", "neurology"), _MARKET,
    ),
    Profile(
        "company", "听力科技有限公司", "Hearing Technology Co., Ltd.",
        "助听和听力检测设备", "hearing aids and hearing test equipment",
        ("07",), ("hearing",), ("hearing_loss",), _MARKET,
    ),
    Profile(
        "company", "眼科医疗器械有限公司", "Ophthalmic Devices Co., Ltd.",
        "眼科诊疗器械和眼科耗材", "ophthalmic devices and consumables",
        ("16",), ("biomaterials",), ("ophthalmology",), _MARKET,
    ),
    Profile(
        "company", "口腔医疗科技有限公司", "Dental Technology Co., Ltd.",
        "口腔修复材料和数字化口腔设备", "dental restoration materials and digital dentistry",
        ("17",), ("biomaterials", "digital_health"), ("dentistry",), _MARKET,
    ),
    Profile(
        "company", "生物材料有限公司", "Biomaterials Co., Ltd.",
        "医用耗材和生物材料", "medical consumables and biomaterials",
        ("14", "13"), ("biomaterials", "sterilisation"), ("skin",), _MARKET,
    ),
    Profile(
        "company", "医疗电子有限公司", "Medical Electronics Co., Ltd.",
        "监护和呼吸支持设备", "patient monitoring and respiratory support equipment",
        ("07", "08"), ("digital_health",), ("respiratory", "cardiovascular"), _MARKET,
    ),
    Profile(
        "company", "生物科技有限公司", "Biotechnology Co., Ltd.",
        "细胞与基因治疗的工艺和检测", "cell and gene therapy processes and assays",
        (), ("cell_gene_therapy", "synthetic_biology"), ("oncology",),
        ("proof_of_concept", "clinical_trial"),
        (_platform("病毒载体工艺平台", "Viral vector process platform", "cell_gene_therapy"),),
    ),
)

SERVICE_PROFILES: tuple[Profile, ...] = (
    Profile(
        "cro", "临床研究服务有限公司", "Clinical Research Services Co., Ltd.",
        "医疗器械临床试验和注册申报服务", "clinical trials and registration for medical devices",
        (), (), ("cardiovascular", "oncology"), ("clinical_trial", "registration"),
        (_service("临床试验监查", "Clinical trial monitoring"),
         _service("注册申报咨询", "Regulatory submission consulting")),
    ),
    Profile(
        "cdmo", "医疗器械研发制造有限公司",
        "Medical Device Development and Manufacturing Co., Ltd.",
        "医疗器械的委托研发和生产", "contract development and manufacturing of devices",
        ("03", "14"), ("instrument_manufacturing", "sterilisation"), (),
        ("prototype", "production"),
        (_service("样机试制", "Prototype building", "instrument_manufacturing"),
         _service("洁净车间代工生产", "Clean-room contract manufacturing"),
         _service("环氧乙烷灭菌", "Ethylene oxide sterilisation", "sterilisation")),
    ),
    Profile(
        "testing_lab", "医疗器械检测技术有限公司", "Medical Device Testing Co., Ltd.",
        "医疗器械型式检验和生物相容性评价", "type testing and biocompatibility evaluation",
        (), (), (), ("type_testing",),
        (_service("电磁兼容检测", "EMC testing"),
         _service("生物相容性评价", "Biocompatibility evaluation", "biomaterials")),
    ),
    Profile(
        "investor", "创业投资管理有限公司", "Venture Capital Management Co., Ltd.",
        "早期医疗器械和生物医药项目投资", "early-stage medical device and biomedical investment",
        (), ("medical_ai", "surgical_robotics", "ivd"), ("oncology", "cardiovascular"),
        ("proof_of_concept", "clinical_trial"),
    ),
    Profile(
        "institute", "医疗器械研究院", "Medical Device Research Institute",
        "医疗器械共性技术研发和成果转化", "shared device technology and technology transfer",
        (), ("biomaterials", "medical_imaging"), (), ("concept", "proof_of_concept"),
        (_platform("中试验证平台", "Pilot validation platform"),),
    ),
    Profile(
        "hospital", "医院", "Hospital",
        "临床诊疗和医疗器械临床评价", "clinical care and clinical evaluation of devices",
        (), (), ("cardiovascular", "orthopaedics", "oncology"), ("clinical_trial",),
    ),
    Profile(
        "park", "医疗器械产业园", "Medical Device Industrial Park",
        "医疗器械企业的研发和生产空间", "R&D and production space for device companies",
        (), (), (), ("production",),
    ),
    Profile(
        "alliance", "医疗器械创新联盟", "Medical Device Innovation Alliance",
        "医疗器械产业链上下游的对接与合作", "matchmaking along the device supply chain",
    ),
    Profile(
        "platform", "概念验证中心", "Proof-of-Concept Centre",
        "早期医疗器械项目的概念验证和孵化", "proof of concept and incubation of device projects",
        (), (), (), ("idea", "concept", "proof_of_concept"),
        (_service("概念验证资助", "Proof-of-concept funding"),),
    ),
)

# fmt: on

PROFILES_BY_KIND: dict[str, tuple[Profile, ...]] = {"company": COMPANY_PROFILES}
for _profile in SERVICE_PROFILES:
    PROFILES_BY_KIND.setdefault(_profile.kind, ())
    PROFILES_BY_KIND[_profile.kind] += (_profile,)

# Share of each kind in a generated cluster; the universities and government bodies of a
# real cluster are few and named, so invented ones would only confuse.
KIND_WEIGHTS: dict[str, int] = {
    "company": 70,
    "cro": 4,
    "cdmo": 4,
    "testing_lab": 3,
    "investor": 5,
    "institute": 4,
    "hospital": 4,
    "park": 2,
    "alliance": 2,
    "platform": 2,
}


@dataclass(frozen=True)
class DrawnOrganisation:
    """One invented organisation, before it is turned into rows."""

    kind: str
    name_zh: str
    name_en: str
    short_name_zh: str
    short_name_en: str
    region: Region
    founded_year: int
    description_zh: str
    description_en: str
    device_categories: tuple[str, ...]
    technology_areas: tuple[str, ...]
    therapeutic_areas: tuple[str, ...]
    lifecycle_stages: tuple[str, ...]
    capabilities: tuple[CapabilityDraft, ...]
    field_zh: str
    field_en: str


_KINDS = list(KIND_WEIGHTS)
_KIND_CUM_WEIGHTS = list(accumulate(KIND_WEIGHTS.values()))
_REGION_LIST = [region for region, _ in REGIONS]
_REGION_CUM_WEIGHTS = list(accumulate(weight for _, weight in REGIONS))


def draw_kind(rng: random.Random) -> str:
    return rng.choices(_KINDS, cum_weights=_KIND_CUM_WEIGHTS)[0]


def draw_brand(rng: random.Random) -> tuple[str, str]:
    """Return a two-character brand and its pinyin, e.g. ("康瑞", "Kangrui")."""
    while True:
        (a_zh, a_en), (b_zh, b_en) = rng.sample(BRAND_SYLLABLES, 2)
        if a_zh + b_zh not in _TAKEN_BRANDS:
            return a_zh + b_zh, (a_en + b_en).capitalize()


def _some(rng: random.Random, codes: tuple[str, ...], most: int) -> tuple[str, ...]:
    if not codes:
        return ()
    return tuple(rng.sample(codes, rng.randint(1, min(most, len(codes)))))


def draw_organisation(rng: random.Random, *, kind: str, tag: str = "") -> DrawnOrganisation:
    """Return an invented organisation of ``kind``; ``tag`` is appended to both names."""
    profile = rng.choice(PROFILES_BY_KIND[kind])
    region = rng.choices(_REGION_LIST, cum_weights=_REGION_CUM_WEIGHTS)[0]
    brand = draw_brand(rng)
    name_zh = f"{region.place_zh}{brand[0]}{profile.suffix_zh}"
    name_en = f"{region.place_en} {brand[1]} {profile.suffix_en}"
    if tag:
        name_zh, name_en = f"{name_zh}（{tag}）", f"{name_en} ({tag})"
    founded_year = rng.randint(1995, 2024)
    return DrawnOrganisation(
        kind=kind,
        name_zh=name_zh,
        name_en=name_en,
        short_name_zh=brand[0] + ("医疗" if kind == "company" else ""),
        short_name_en=brand[1],
        region=region,
        founded_year=founded_year,
        description_zh=(
            f"{DEMO_MARK_ZH}：虚构的{region.place_zh}{profile.field_zh}机构，"
            f"{founded_year}年成立，用于演示和测试。"
        ),
        description_en=(
            f"Synthetic {DEMO_MARK_EN}: an invented {region.place_en} organisation working on "
            f"{profile.field_en}, founded {founded_year}, for demonstrations and tests."
        ),
        device_categories=_some(rng, profile.device_categories, 2),
        technology_areas=_some(rng, profile.technology_areas, 2),
        therapeutic_areas=_some(rng, profile.therapeutic_areas, 2),
        lifecycle_stages=_some(rng, profile.lifecycle_stages, 1),
        capabilities=profile.capabilities,
        field_zh=profile.field_zh,
        field_en=profile.field_en,
    )
