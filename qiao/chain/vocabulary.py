"""The chain-node tree Qiao ships with: upstream, midstream (the 22 NMPA device categories and
IVD reagents as leaves), downstream and supporting services. ``seed_nodes`` takes the model
classes so the data migration (historical models) and tests share it."""

from __future__ import annotations

# code, parent code, segment, zh, en, organisation-kind code, keywords
NODES: list[tuple[str, str, str, str, str, str, str]] = [
    ("upstream", "", "upstream", "上游", "Upstream", "", ""),
    ("materials", "upstream", "upstream", "原材料", "Materials", "",
     "钛合金\n镍钛\nPEEK\n硅胶\n胶原\n高分子材料"),
    ("components", "upstream", "upstream", "核心部件", "Components", "",
     "传感器\n探测器\nX射线管\n球管\n探头\n芯片"),
    ("ivd_raw", "upstream", "upstream", "IVD原料", "IVD raw materials", "",
     "抗原\n抗体\n酶\n诊断原料"),
    ("midstream", "", "midstream", "中游：器械制造", "Midstream: device manufacturing", "", ""),
    ("downstream", "", "downstream", "下游", "Downstream", "", ""),
    ("distribution", "downstream", "downstream", "流通与销售", "Distribution", "",
     "经销\n代理\n流通"),
    ("hospitals", "downstream", "downstream", "医疗机构", "Hospitals", "hospital", ""),
    ("care", "downstream", "downstream", "体检与居家护理", "Health checks and home care", "",
     "体检\n居家\n养老\n康复护理"),
    ("services", "", "services", "配套服务", "Supporting services", "", ""),
    ("cro", "services", "services", "CRO", "CRO", "cro", "临床试验\nCRO"),
    ("cdmo", "services", "services", "CDMO", "CDMO", "cdmo", "CDMO\n代工\n委托生产"),
    ("testing", "services", "services", "检验检测", "Testing", "testing_lab", "检测\n检验"),
    ("sterilisation", "services", "services", "灭菌", "Sterilisation", "",
     "灭菌\n环氧乙烷\n辐照"),
    ("regulatory", "services", "services", "注册咨询", "Registration consulting", "",
     "注册咨询\n注册申报\n法规咨询"),
    ("review", "services", "services", "审评与创新服务", "Review centres", "platform", "审评"),
]  # fmt: skip


def seed_nodes(node_model, term_model) -> dict:
    """Create the shipped nodes that are missing; return {code: node}."""
    by_code = {n.code: n for n in node_model.objects.all()}
    kinds = {t.code: t for t in term_model.objects.filter(vocabulary="organisation_kind")}
    for position, (code, parent, segment, zh, en, kind, keywords) in enumerate(NODES):
        if code not in by_code:
            by_code[code] = node_model.objects.create(
                code=code, parent=by_code.get(parent), segment=segment, name_zh=zh,
                name_en=en, position=position, organisation_kind=kinds.get(kind),
                keywords=keywords,
            )  # fmt: skip
    categories = term_model.objects.filter(vocabulary="device_category", parent__isnull=True)
    for position, term in enumerate(categories.order_by("code")):
        code = f"nmpa_{term.code}"
        if code not in by_code:
            by_code[code] = node_model.objects.create(
                code=code, parent=by_code["midstream"], segment="midstream",
                name_zh=term.name_zh, name_en=term.name_en, position=100 + position,
                device_category=term,
            )  # fmt: skip
    return by_code
