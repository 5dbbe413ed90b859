"""Demo needs and offers, written for Qiao around the demo cluster's real actors.

They are invented listings of the kind these organisations post (no sentence is taken
from the seed articles); they give the matches panel something true to show.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ListingSpec:
    key: str
    owner: str  # organisation key in demo_cluster
    kind: str
    title_zh: str
    title_en: str
    summary_zh: str
    summary_en: str = ""
    description: str = ""
    tags: tuple[str, ...] = ()  # "vocabulary:code"
    stage: str = ""
    visibility: str = "public"
    nda_terms: str = ""
    fields: dict = field(default_factory=dict)


_NDA = (
    "接收方仅为评估合作之目的使用所披露信息，两年内不向第三方披露，不据此申请专利。\n"
    "The recipient uses the information only to assess a collaboration, keeps it "
    "confidential for two years and files no patent on it."
)

LISTINGS: list[ListingSpec] = [
    ListingSpec(
        "fx_sepsis",
        "fengxian_hospital",
        "clinical",
        "急诊脓毒症病原体床旁快速检测",
        "Bedside rapid pathogen test for sepsis in the emergency department",
        "急诊科需要在一小时内明确脓毒症病原体，以便尽早精准用药。",
        "The emergency department needs the sepsis pathogen within an hour to target antibiotics early.",
        "目前依赖血培养，平均48小时出结果，期间只能经验性使用广谱抗生素。希望获得可在急诊床旁使用的核酸检测方案，"
        "覆盖常见革兰阴性菌与耐药基因，操作不超过三步。医院检验科可承担临床验证。",
        (
            "device_category:ivd",
            "technology_area:molecular_diagnostics",
            "therapeutic_area:infectious_disease",
        ),
        "idea",
        fields={
            "clinical_problem": "血培养耗时长，脓毒症早期无法精准用药。",
            "patient_population": "急诊疑似脓毒症成人患者，每年约1200例。",
            "current_practice": "血培养加经验性广谱抗生素。",
            "shortcomings": "出结果慢，抗生素滥用，耐药风险高。",
            "desired_outcome": "一小时内给出病原体和主要耐药基因结果。",
            "frequency": "daily",
            "severity": "life_threatening",
            "hosts_validation": True,
            "ip_note": "医院希望共享临床验证阶段产生的知识产权。",
            "confirms_no_patient_data": True,
        },
    ),
    ListingSpec(
        "fx_stroke_rehab",
        "fengxian_hospital",
        "clinical",
        "卒中患者居家上肢康复训练与远程评估",
        "Home upper-limb rehabilitation with remote assessment after stroke",
        "康复科希望卒中患者出院后在家也能规范训练，医生可远程查看进展。",
        "",
        "出院后依从性差，门诊复查间隔长。需要可穿戴或桌面式上肢康复设备，带训练数据上传和远程评估。",
        (
            "technology_area:rehabilitation_tech",
            "therapeutic_area:rehabilitation",
            "therapeutic_area:cerebrovascular",
        ),
        "concept",
        fields={
            "clinical_problem": "卒中后上肢功能恢复依赖长期训练，居家训练缺乏指导。",
            "patient_population": "出院后三个月内的卒中患者。",
            "desired_outcome": "居家训练依从性提高，医生每周远程评估一次。",
            "frequency": "weekly",
            "severity": "moderate",
            "hosts_validation": True,
            "confirms_no_patient_data": True,
        },
    ),
    ListingSpec(
        "ruijin_fracture",
        "ruijin",
        "clinical",
        "老年髋部骨折术后感染早期预警",
        "Early warning of infection after hip-fracture surgery in older patients",
        "骨科需要术后早期发现植入物相关感染的方法。",
        "Orthopaedics needs an early way to detect implant-related infection after surgery.",
        "植入物相关感染常在出现明显症状后才被发现，希望有可监测的生物标志物或智能敷料。",
        (
            "technology_area:orthopaedic_implants",
            "therapeutic_area:orthopaedics",
            "device_category:13",
        ),
        "idea",
        visibility="confidential",
        nda_terms=_NDA,
        fields={
            "clinical_problem": "术后植入物感染发现晚，翻修率高。",
            "patient_population": "65岁以上髋部骨折内固定或置换患者。",
            "desired_outcome": "术后两周内发现感染迹象。",
            "severity": "high",
            "frequency": "weekly",
            "hosts_validation": True,
            "confirms_no_patient_data": True,
        },
    ),
    ListingSpec(
        "heartcare_cro",
        "heartcare",
        "service_need",
        "取栓支架多中心临床试验CRO服务",
        "CRO for a multicentre trial of a thrombectomy stent",
        "神经介入取栓支架进入注册临床试验阶段，寻找有卒中经验的CRO。",
        "Our neurointervention thrombectomy stent enters its registration trial; we seek a CRO with stroke experience.",
        "需要方案设计、中心筛选、监查和数据管理，约12家中心，计划入组200例。",
        (
            "technology_area:neurointervention",
            "therapeutic_area:cerebrovascular",
            "device_category:03",
        ),
        "clinical_trial",
        fields={"service_type": "cro", "desired_outcome": "十八个月内完成入组和随访。"},
    ),
    ListingSpec(
        "bojie_financing",
        "bojie",
        "financing",
        "分子诊断新产线建设融资",
        "Financing a new molecular-diagnostics production line",
        "为荧光PCR和等温扩增试剂扩产寻求战略投资。",
        "Strategic investment sought to expand fluorescence PCR and isothermal amplification reagent output.",
        "资金用于新建符合GMP的试剂生产线和海外注册。",
        ("device_category:ivd", "technology_area:fluorescence_pcr", "technology_area:isothermal"),
        "market",
        fields={
            "amount": 80_000_000,
            "funding_round": "strategic",
            "use_of_funds": "新建试剂产线、CE和FDA注册。",
        },
    ),
    ListingSpec(
        "xiegu_channel",
        "xiegu",
        "channel",
        "园区企业产品进入基层医疗机构渠道",
        "Channels into primary-care institutions for the park's companies",
        "园区多家企业的POCT和康复产品希望进入社区卫生服务中心。",
        "",
        "寻找区域医疗集团、基层医疗机构集中采购平台和经销合作伙伴。",
        ("technology_area:ivd", "technology_area:rehabilitation_tech"),
        "market",
        fields={"desired_outcome": "一年内进入50家社区卫生服务中心。"},
    ),
    # Offers
    ListingSpec(
        "bojie_pcr_product",
        "bojie",
        "product",
        "病原体核酸检测试剂盒（荧光PCR法）",
        "Pathogen nucleic-acid test kits (fluorescence PCR)",
        "覆盖呼吸道和血流感染常见病原体的荧光PCR试剂，已获注册证。",
        "Fluorescence PCR reagents for common respiratory and bloodstream pathogens, registered.",
        "配套全自动核酸提取和扩增一体机，九十分钟出结果，适合医院检验科和急诊。",
        (
            "device_category:ivd",
            "technology_area:fluorescence_pcr",
            "therapeutic_area:infectious_disease",
        ),
        "market",
        fields={"registration_number": "国械注准20233400000"},
    ),
    ListingSpec(
        "bojie_isothermal",
        "bojie",
        "technology",
        "恒温扩增床旁检测平台技术合作",
        "Isothermal amplification point-of-care platform, open to co-development",
        "基于等温扩增的微流控卡盒，三十分钟出结果，寻求与医院共同开发新检测项目。",
        "A microfluidic cartridge on isothermal amplification, results in 30 minutes; co-development with hospitals sought.",
        "已完成原型机和型式检验，可按临床需求开发新的病原体和耐药基因组合。",
        (
            "device_category:ivd",
            "technology_area:isothermal",
            "therapeutic_area:infectious_disease",
        ),
        "type_testing",
        fields={
            "ip_status": "granted",
            "transfer_modes": ["joint_development", "licence"],
            "patent_numbers": "ZL2021XXXXXXXX.X",
        },
    ),
    ListingSpec(
        "usst_rehab_robot",
        "usst",
        "technology",
        "上肢康复机器人与远程评估系统",
        "Upper-limb rehabilitation robot with remote assessment",
        "高校团队研发的桌面式上肢康复机器人，支持训练数据云端评估。",
        "A desktop upper-limb rehabilitation robot with cloud-based assessment, from a university team.",
        "已完成样机和小规模试用，可许可或合作开发，适合卒中后居家康复。",
        ("technology_area:rehabilitation_tech", "therapeutic_area:rehabilitation"),
        "prototype",
        fields={
            "ip_status": "pending",
            "transfer_modes": ["licence", "joint_development", "equity"],
        },
    ),
    ListingSpec(
        "jienuo_cro",
        "jienuo",
        "service",
        "医疗器械临床试验全流程服务",
        "Full-service clinical trials for medical devices",
        "提供方案设计、中心管理、监查、数据管理与统计，熟悉神经介入和心血管器械。",
        "Protocol design, site management, monitoring, data management and statistics; experienced in neurointervention and cardiovascular devices.",
        "",
        ("technology_area:neurointervention", "technology_area:cardiovascular_intervention"),
        "",
        fields={
            "service_type": "cro",
            "capabilities": "卒中取栓器械多中心试验；GCP稽查",
            "accreditations": ["GCP"],
        },
    ),
    ListingSpec(
        "haofeng_cdmo",
        "haofeng",
        "service",
        "介入器械委托研发生产（CDMO）",
        "Contract development and manufacturing of interventional devices",
        "导管、支架类产品的工艺开发、洁净车间生产和注册送检支持。",
        "",
        "",
        ("technology_area:cardiovascular_intervention", "technology_area:neurointervention"),
        "",
        fields={
            "service_type": "cdmo",
            "capabilities": "十万级洁净车间；导管挤出；激光切割",
            "accreditations": ["ISO 13485"],
        },
    ),
    ListingSpec(
        "testing_institute",
        "shanghai_testing_institute",
        "service",
        "有源医疗器械型式检验与电磁兼容检测",
        "Type testing and EMC testing of active medical devices",
        "承担注册检验、电磁兼容和生物相容性检测。",
        "Registration testing, electromagnetic compatibility and biocompatibility.",
        "",
        ("device_category:07", "device_category:ivd"),
        "",
        fields={
            "service_type": "testing",
            "capabilities": "型式检验；EMC；生物相容性",
            "accreditations": ["CNAS", "CMA"],
        },
    ),
    ListingSpec(
        "songhe_fund",
        "songhe",
        "investment",
        "早期医疗器械项目投资",
        "Early-stage medical device investment",
        "关注体外诊断、神经介入和康复器械，天使轮至A轮。",
        "IVD, neurointervention and rehabilitation devices, angel to Series A.",
        "",
        (
            "device_category:ivd",
            "technology_area:neurointervention",
            "technology_area:rehabilitation_tech",
        ),
        "",
        fields={
            "investment_stages": ["angel", "pre_a", "a"],
            "ticket_min": 5_000_000,
            "ticket_max": 30_000_000,
        },
    ),
    ListingSpec(
        "scgc_fund",
        "scgc",
        "investment",
        "成长期医疗健康产业投资",
        "Growth-stage healthcare investment",
        "B轮及以后、战略投资，单笔五千万元以上，偏好已有注册证和收入的企业。",
        "Series B onwards and strategic rounds, tickets above 50 million yuan.",
        "",
        ("device_category:ivd", "technology_area:medical_imaging"),
        "",
        fields={
            "investment_stages": ["b", "c", "strategic"],
            "ticket_min": 50_000_000,
            "ticket_max": 300_000_000,
        },
    ),
    ListingSpec(
        "jiading_flow",
        "jiading_shared_lab",
        "equipment",
        "流式细胞仪共享使用",
        "Shared flow cytometer",
        "共享实验室平台的流式细胞仪，对园区企业开放预约。",
        "",
        "",
        ("technology_area:immunoassay",),
        "",
        fields={
            "equipment_model": "BD FACSCanto II",
            "location": "嘉定区共享实验室平台二楼",
            "specifications": "三激光八色",
        },
    ),
]
