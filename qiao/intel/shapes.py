"""Shapes of names in Chinese news that no list knows: places, bylines, enumerations.

Pure module (no Django import). Used by ``extract``:

* :func:`article_region` — the city or province an article is about (the most mentioned
  place, a dateline's place counting triple), so that a bare "市发改委" links to the body of
  that place, or to none;
* :func:`needs_region` / :func:`region_of` — whether a directory form is relative ("市发改委",
  "区卫健委", "发改委") and which place a directory name belongs to;
* :func:`bylines` — spans of media outlets and of the journalists, editors and proof-readers
  credited in the article (记者, 通讯员, 编辑, 审读, 实习生, 摄), which are never proposed;
* :func:`enumeration_items` — the items of "A、B、C 等企业" lists.
"""

from __future__ import annotations

import re
from collections import Counter

PROVINCES = (
    "北京",
    "天津",
    "上海",
    "重庆",
    "河北",
    "山西",
    "辽宁",
    "吉林",
    "黑龙江",
    "江苏",
    "浙江",
    "安徽",
    "福建",
    "江西",
    "山东",
    "河南",
    "湖北",
    "湖南",
    "广东",
    "广西",
    "海南",
    "四川",
    "贵州",
    "云南",
    "陕西",
    "甘肃",
    "青海",
    "宁夏",
    "新疆",
    "西藏",
    "内蒙古",
)
CITIES = (
    "深圳",
    "广州",
    "杭州",
    "苏州",
    "南京",
    "武汉",
    "成都",
    "西安",
    "合肥",
    "长沙",
    "郑州",
    "济南",
    "青岛",
    "厦门",
    "福州",
    "宁波",
    "无锡",
    "常州",
    "南通",
    "沈阳",
    "大连",
    "长春",
    "哈尔滨",
    "昆明",
    "南宁",
    "南昌",
    "太原",
    "石家庄",
    "贵阳",
    "兰州",
    "珠海",
    "东莞",
    "佛山",
    "泰州",
    "嘉兴",
    "温州",
    "绍兴",
    "烟台",
    "威海",
    "海口",
    "乌鲁木齐",
    "呼和浩特",
)
# A city's province, so that "江苏省…" and "苏州…" agree.
_PROVINCE_OF = {
    "深圳": "广东",
    "广州": "广东",
    "珠海": "广东",
    "东莞": "广东",
    "佛山": "广东",
    "杭州": "浙江",
    "宁波": "浙江",
    "嘉兴": "浙江",
    "温州": "浙江",
    "绍兴": "浙江",
    "苏州": "江苏",
    "南京": "江苏",
    "无锡": "江苏",
    "常州": "江苏",
    "南通": "江苏",
    "泰州": "江苏",
    "武汉": "湖北",
    "成都": "四川",
    "西安": "陕西",
    "合肥": "安徽",
    "长沙": "湖南",
    "郑州": "河南",
    "济南": "山东",
    "青岛": "山东",
    "烟台": "山东",
    "威海": "山东",
    "厦门": "福建",
    "福州": "福建",
    "沈阳": "辽宁",
    "大连": "辽宁",
    "长春": "吉林",
    "哈尔滨": "黑龙江",
    "昆明": "云南",
    "南宁": "广西",
    "南昌": "江西",
    "太原": "山西",
    "石家庄": "河北",
    "贵阳": "贵州",
    "兰州": "甘肃",
    "海口": "海南",
}
# Shanghai districts and places of the demo cluster, so that 奉贤/嘉定/张江 read as Shanghai.
_DISTRICTS = {
    "奉贤": "上海",
    "嘉定": "上海",
    "浦东": "上海",
    "闵行": "上海",
    "张江": "上海",
    "临港": "上海",
    "杨浦": "上海",
    "徐汇": "上海",
    "南山": "深圳",
    "福田": "深圳",
    "宝安": "深圳",
    "龙岗": "深圳",
    "龙华": "深圳",
    "光谷": "武汉",
}
_PLACE_RE = re.compile(
    "|".join(sorted((*PROVINCES, *CITIES, *_DISTRICTS, "国家", "全国"), key=len, reverse=True))
)
_DATELINE = re.compile(
    r"(?:社|网|财经|报)(" + "|".join(CITIES + PROVINCES) + r")\d{1,2}月\d{1,2}日电"
)
# Relative forms of government bodies: read against the article's place.
_RELATIVE = re.compile(r"^(?:市|区|省|县)|^(?:发改委|科委|经信委|卫健委|工信局|管委会|科技局)$")


def _normalise(place: str) -> str:
    return _DISTRICTS.get(place, place)


def region_of(name: str) -> str | None:
    """Return the place a name starts with (上海市科委 → 上海), or None."""
    m = _PLACE_RE.match(name)
    return _normalise(m.group(0)) if m else None


def article_region(text: str) -> str | None:
    """Return the article's place: a dateline's place, else the most mentioned one."""
    counts: Counter[str] = Counter()
    for m in _DATELINE.finditer(text[:300]):
        counts[m.group(1)] += 3
    for m in _PLACE_RE.finditer(text):
        place = _normalise(m.group(0))
        if place not in ("国家", "全国"):
            counts[place] += 1
    if not counts:
        return None
    return counts.most_common(1)[0][0]


def needs_region(form: str) -> bool:
    """Return True when a directory form names a body only relative to a place (市发改委)."""
    return bool(_RELATIVE.search(form))


def same_region(article: str | None, entry_place: str | None) -> bool:
    """Return True when a relative form in an article of ``article`` may mean the entry."""
    if entry_place is None or article is None:
        return True
    if article == entry_place:
        return True
    return _PROVINCE_OF.get(article) == entry_place or _PROVINCE_OF.get(entry_place) == article


_MEDIA_NAME = r"[\u4e00-\u9fff]{2,6}?(?:日报|晚报|商报|时报|晨报|都市报|新闻网|新闻|财经|电视台|网)"
_BYLINE_PATTERNS = (
    # 本报讯（记者 王某 通讯员 李某）, 深圳商报记者 李楠, （记者 冯涛）
    re.compile(
        r"(?P<media>" + _MEDIA_NAME + r"|新华社|本报)?(?:讯)?\s?[(（]?\s?"
        r"(?:本报)?(?:首席)?(?:记者|通讯员|实习生|特约撰稿)\s?(?P<name>[\u4e00-\u9fff]{2,3})"
    ),
    re.compile(
        r"(?:责任编辑|编辑|审读|审核|校对|摄影|图)\s?[:：|丨]?\s?(?P<name>[\u4e00-\u9fff]{2,3})"
    ),
    re.compile(r"(?P<name>[\u4e00-\u9fff]{2,3})\s摄(?:$|\n|[。 ])"),
    re.compile(
        r"(?P<media>" + _MEDIA_NAME + r"|新华社)(?:讯|[\u4e00-\u9fff]{2,3}\d{1,2}月\d{1,2}日电)"
    ),
)
_NAME_STOP = "通讯员实习生摄讯报"


def bylines(text: str) -> tuple[list[tuple[int, int]], set[str]]:
    """Return (spans of media outlets and credited staff, the staff's names)."""
    spans: list[tuple[int, int]] = []
    names: set[str] = set()
    for pattern in _BYLINE_PATTERNS:
        for m in pattern.finditer(text):
            groups = m.groupdict()
            if groups.get("media"):
                spans.append(m.span("media"))
            if groups.get("name"):
                name = m.group("name")
                cut = min((name.find(c) for c in _NAME_STOP if c in name[1:]), default=-1)
                if cut > 1:
                    name = name[:cut]
                start = m.start("name")
                spans.append((start, start + len(name)))
                names.add(name)
    return spans, names


_ENUMERATION = re.compile(
    r"((?:[\u4e00-\u9fffA-Za-z0-9]{2,24}、)+[\u4e00-\u9fffA-Za-z0-9]{2,24})等"
    r"(?:\d+|[一二三四五六七八九十百]+|多|数十)?(?:家|个)?"
    r"(?:企业|单位|机构|公司|医院|高校|成员|项目)"
)


def enumeration_items(text: str) -> list[tuple[int, int]]:
    """Return the spans of the items of "A、B、C等企业" lists (the first item unbounded left)."""
    out = []
    for m in _ENUMERATION.finditer(text):
        pos = m.start(1)
        for item in m.group(1).split("、"):
            out.append((pos, pos + len(item)))
            pos += len(item) + 1
    return out
