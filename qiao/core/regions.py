"""Chinese region names in the reader's language: 上海市 奉贤区 / "Fengxian District, Shanghai".

Organisations and listings store their region as Chinese names (province, city, district).
Chinese pages show them from large to small without repeating a municipality
(上海市 上海市 奉贤区 → 上海市 奉贤区); English pages from small to large, comma-separated,
with English names from ``NAMES`` or, for a name not listed, its pinyin with the
administrative suffix translated (…区 → "… District"). Pure: no Django import.
"""

from __future__ import annotations

from pypinyin import lazy_pinyin

# fmt: off
NAMES = {
    # Provincial level
    "北京市": "Beijing", "天津市": "Tianjin", "上海市": "Shanghai", "重庆市": "Chongqing",
    "河北省": "Hebei", "山西省": "Shanxi", "辽宁省": "Liaoning", "吉林省": "Jilin",
    "黑龙江省": "Heilongjiang", "江苏省": "Jiangsu", "浙江省": "Zhejiang", "安徽省": "Anhui",
    "福建省": "Fujian", "江西省": "Jiangxi", "山东省": "Shandong", "河南省": "Henan",
    "湖北省": "Hubei", "湖南省": "Hunan", "广东省": "Guangdong", "海南省": "Hainan",
    "四川省": "Sichuan", "贵州省": "Guizhou", "云南省": "Yunnan", "陕西省": "Shaanxi",
    "甘肃省": "Gansu", "青海省": "Qinghai", "台湾省": "Taiwan",
    "内蒙古自治区": "Inner Mongolia", "广西壮族自治区": "Guangxi", "西藏自治区": "Tibet",
    "宁夏回族自治区": "Ningxia", "新疆维吾尔自治区": "Xinjiang",
    "香港特别行政区": "Hong Kong", "澳门特别行政区": "Macao",
    # Shanghai's districts
    "黄浦区": "Huangpu District", "徐汇区": "Xuhui District", "长宁区": "Changning District",
    "静安区": "Jing'an District", "普陀区": "Putuo District", "虹口区": "Hongkou District",
    "杨浦区": "Yangpu District", "闵行区": "Minhang District", "宝山区": "Baoshan District",
    "嘉定区": "Jiading District", "浦东新区": "Pudong New Area", "金山区": "Jinshan District",
    "松江区": "Songjiang District", "青浦区": "Qingpu District", "奉贤区": "Fengxian District",
    "崇明区": "Chongming District",
    # Places whose pinyin alone would mislead
    "苏州工业园区": "Suzhou Industrial Park", "西安市": "Xi'an", "长安区": "Chang'an District",
}
# fmt: on

# Administrative suffixes, longest first, and their English words.
SUFFIXES = (
    ("特别行政区", ""), ("自治区", ""), ("自治州", " Prefecture"), ("新区", " New Area"),
    ("高新区", " Hi-tech Zone"), ("开发区", " Development Zone"), ("省", ""), ("市", ""),
    ("区", " District"), ("县", " County"), ("镇", " Town"), ("街道", " Subdistrict"),
)  # fmt: skip

_LONGEST_FIRST = sorted(SUFFIXES, key=lambda pair: -len(pair[0]))


def english_name(name: str) -> str:
    """The English name of one Chinese place name."""
    if name in NAMES:
        return NAMES[name]
    stem, suffix = name, ""
    for chinese, english in _LONGEST_FIRST:
        if name.endswith(chinese) and len(name) > len(chinese):
            stem, suffix = name[: -len(chinese)], english
            break
    if not any("\u4e00" <= ch <= "\u9fff" for ch in stem):
        return name
    return "".join(lazy_pinyin(stem)).capitalize() + suffix


def region_name(province: str, city: str = "", district: str = "", *, language: str) -> str:
    """The region in the reader's language; a city equal to its province is said once."""
    parts: list[str] = []
    for part in (province, city, district):
        part = (part or "").strip()
        if part and part not in parts:
            parts.append(part)
    if not language.startswith("en"):
        return " ".join(parts)
    english: list[str] = []
    for part in reversed(parts):
        name = english_name(part)
        if name not in english:
            english.append(name)
    return ", ".join(english)
