"""Extract organisations, people, events, agreements and figures from a cleaned article.

Pure module (no Django import). The extractor combines

* a **gazetteer** passed in as data (:class:`Gazetteer`, built from the directory by
  ``qiao.intel.gazetteer``): every name, short name and alias of every organisation, in
  simplified characters, found by longest match;
* **rules**: organisation names ending in a kind suffix (…有限公司, …医院, …研究所, …联盟)
  with a place or legal form, short forms declared by the article ("以下简称…") or derived
  from a full name (上海伯杰医疗科技股份有限公司 → 伯杰医疗) and used in it, titles before or
  after a person's name, event and signing trigger words, dates (``dates``), amounts and
  counts (``amounts``, cn2an for Chinese numerals).

Every item carries a confidence and its span ``(start, end)`` in the cleaned text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from qiao.intel import shapes, signings
from qiao.intel.amounts import NUMBER, as_plain, parse_money, parse_number
from qiao.intel.dates import find_dates

ORGANISATION_TYPES = (
    "hospital",
    "company",
    "university",
    "institute",
    "government",
    "park",
    "alliance",
    "association",
    "investor",
    "platform",
    "other",
)
EVENT_KINDS = (
    "signing",
    "forum",
    "conference",
    "exhibition",
    "alliance_launch",
    "platform_launch",
    "unveiling",
    "matchmaking",
)

# Suffix → type, longest first when matching.
_SUFFIX_TYPES: list[tuple[str, str]] = sorted(
    [
        ("股份有限公司", "company"),
        ("有限责任公司", "company"),
        ("有限公司", "company"),
        ("集团", "company"),
        ("公司", "company"),
        ("医院", "hospital"),
        ("卫生院", "hospital"),
        ("防治院", "hospital"),
        ("保健院", "hospital"),
        ("医学中心", "hospital"),
        ("医疗集团", "hospital"),
        ("慢病院", "hospital"),
        ("医学院", "university"),
        ("大学", "university"),
        ("学院", "university"),
        ("研究所", "institute"),
        ("研究院", "institute"),
        ("重点实验室", "institute"),
        ("科学院", "institute"),
        ("医学科学院", "institute"),
        ("卫生健康委员会", "government"),
        ("卫健委", "government"),
        ("委员会", "government"),
        ("人民政府", "government"),
        ("区政府", "government"),
        ("市政府", "government"),
        ("管委会", "government"),
        ("管理委员会", "government"),
        ("监督管理局", "government"),
        ("管理局", "government"),
        ("信息化局", "government"),
        ("信息化厅", "government"),
        ("发展改革委", "government"),
        ("发展和改革局", "government"),
        ("药品监督管理局", "government"),
        ("生物城", "park"),
        ("医学城", "park"),
        ("科技城", "park"),
        ("生物岛", "park"),
        ("开发区", "park"),
        ("示范区", "park"),
        ("高新区", "park"),
        ("新区", "park"),
        ("医药港", "park"),
        ("医药谷", "park"),
        ("科学中心", "park"),
        ("健康产业园", "park"),
        ("产业基地", "park"),
        ("控股", "investor"),
        ("母基金", "investor"),
        ("引导基金", "investor"),
        ("检测中心", "institute"),
        ("检验检测中心", "institute"),
        ("研究中心", "institute"),
        ("服务平台", "platform"),
        ("人民医院", "hospital"),
        ("附属医院", "hospital"),
        ("组织部", "government"),
        ("统战部", "government"),
        ("工商联", "government"),
        ("发改委", "government"),
        ("科委", "government"),
        ("信息化部", "government"),
        ("产业园", "park"),
        ("园区", "park"),
        ("科学城", "park"),
        ("医学园", "park"),
        ("联盟", "alliance"),
        ("协会", "association"),
        ("医学会", "association"),
        ("学会", "association"),
        ("商会", "association"),
        ("创投", "investor"),
        ("投资", "investor"),
        ("资本", "investor"),
        ("基金", "investor"),
        ("金控", "investor"),
        ("创新中心", "platform"),
        ("研发平台", "platform"),
        ("实验室平台", "platform"),
        ("孵化器", "platform"),
    ],
    key=lambda p: -len(p[0]),
)
_SUFFIX_RE = re.compile("|".join(re.escape(s) for s, _ in _SUFFIX_TYPES))
_SUFFIX_TYPE = dict(_SUFFIX_TYPES)
_LEGAL = ("股份有限公司", "有限责任公司", "有限公司")
# Suffixes distinctive enough to make a name with any non-generic stem of two characters:
# 浙江大学医学院附属第二医院, 东南大学, 江苏省医疗器械行业协会, 成都天府国际生物城.
_STRONG = (
    "医院",
    "大学",
    "研究院",
    "研究所",
    "管委会",
    "管理委员会",
    "委员会",
    "协会",
    "学会",
    "联盟",
    "基金",
    "生物城",
    "医学城",
    "科技城",
    "生物岛",
    "开发区",
    "示范区",
    "高新区",
    "新区",
    "医药港",
    "医药谷",
    "产业园",
    "健康产业园",
    "创新中心",
    "检测中心",
    "检验检测中心",
    "研究中心",
    "服务平台",
    "管理局",
    "监督管理局",
    "药品监督管理局",
    "信息化局",
    "信息化厅",
    "发展和改革局",
    "人民政府",
    "集团",
    "控股",
    "资本",
    "创投",
    "母基金",
    "引导基金",
    "科学中心",
)
# A stem with one of these is a description, not a name ("更加靠近医院", "一流医学院").
_VAGUE_STEM = re.compile(
    r"赋能|靠近|今年|能级|一流|分为|推动|促进|加速|的|了|更加|高水平|第一批|特色|国内|国外|全球|"
    r"相关|进一步|依靠|人才|国家医疗器械|生命健康|医学影像|制造业|神经介入|细胞治疗"
)
_EMBEDDED = re.compile(r"[\u4e00-\u9fff]{1,10}?(?:股份有限公司|有限责任公司|有限公司)")
_INVESTOR_WORDS = re.compile(
    r"创业投资|产业投资|创新投资|投资基金|股权投资|创投|资本|基金|投资控股|控股"
)
_PLACES = (
    "中华人民共和国",
    "中国",
    "国家",
    "全国",
    "国际",
    "长三角",
    "广东省",
    "广东",
    "江苏省",
    "浙江省",
    "北京市",
    "北京",
    "上海市",
    "上海",
    "深圳市",
    "深圳",
    "广州市",
    "广州",
    "杭州",
    "苏州",
    "南京",
    "武汉",
    "华中",
    "奉贤区",
    "奉贤",
    "嘉定区",
    "嘉定",
    "浦东新区",
    "浦东",
    "闵行区",
    "张江",
    "临港",
    "南山区",
    "南山",
    "福田区",
    "宝安区",
    "龙岗区",
    "杨浦区",
    "徐汇区",
    "美国",
    "加拿大",
    "英国",
    "德国",
    "日本",
)
_PLACE_RE = re.compile(
    "^(?:" + "|".join(re.escape(p) for p in sorted(_PLACES, key=len, reverse=True)) + ")+"
)
# Words that end an organisation name on its left side.
_LEFT_STOP = set(" ,.;:!?、，。；：！？“”\"'《》()（）[]【】\n·—-/丨|")
_LEFT_STOP_WORDS = (
    "与",
    "和",
    "及",
    "同",
    "在",
    "由",
    "的",
    "是",
    "为",
    "对",
    "从",
    "向",
    "了",
    "将",
    "等",
    "据",
    "于",
    "把",
    "被",
    "给",
    "让",
    "携手",
    "联合",
    "来自",
    "位于",
    "落户",
    "依托",
    "包括",
    "还",
    "也",
    "并",
    "该",
    "其",
    "此次",
    "指导",
    "主办",
    "承办",
    "入驻",
    "以及",
    "隶属于",
    "成立",
    "加入",
    "牵头",
    "签约",
    "协同",
    "标志着",
    "记者",
    "副会长兼",
    "会长",
    "院长",
    "院士",
    "主任",
    "校长",
    "董事长",
    "负责人",
    "之间",
    "之一",
    "期间",
    "打通",
    "当前",
    "特别",
    "领投",
    "跟投",
    "宣布",
    "新成立党组织",
    "新成立",
    "启动建立",
    "启动",
    "建立",
    "举办",
    "举行",
    "为",
    "服务",
    "同意",
    "批复",
    "共建",
    "设立",
    "发布",
    "获批",
    "建设",
    "支持",
    "推动",
    "助力",
    "聚焦",
    "围绕",
    "打造",
    "依靠",
    "走进",
    "走访",
    "调研",
    "获悉",
    "了解到",
    "孵化的",
    "一行",
    "一家",
)
# Phrases inside names whose function words do not end a name (发展和改革委员会).
_NAME_PHRASES = re.compile(
    r"发展和改革|经济和信息化|工业和信息化|科学技术和|卫生和计划生育|医学工程与转化"
)
_GENERIC_STEMS = re.compile(
    r"^(?:研究型|高水平|特色|有条件|各类|相关|多家|一批|一家|该|本|这|我|首批|重点|"
    r"优秀|知名|专业|合作|国内外|海内外|区属|联合|共享|创新型|第|科技企业|政府)"
)
# Industry words make a name only after a place: 奉贤区医疗器械产业联盟, not 医疗器械产业联盟.
_INDUSTRY_STEMS = re.compile(
    r"^(?:行业|医疗|生物医药|医疗器械|产业|科研|投资|金融|临床|技术|企业|机构|平台|成果)"
)
_MEDIA = re.compile(
    r"(?:^|[/\n])(?P<name>[\u4e00-\u9fff]{2,6}?(?:日报|商报|晚报|时报|财经|新闻网|新闻))"
    r"(?=记者|[\u4e00-\u9fff]{2}\d{1,2}月\d{1,2}日电)",
    re.M,
)
_DECLARED_SHORT = re.compile(
    r"[(（]\s*(?:以下)?简称[:：]?\s*[“\"「]?([^”\"」)）,，]{2,12})[”\"」]?\s*[)）]"
)
_LEGAL_TAILS = (
    "科技股份有限公司",
    "科技有限公司",
    "股份有限公司",
    "有限责任公司",
    "有限公司",
    "集团",
)
_TRADE_WORDS = ("医疗科技", "生物科技", "医药科技", "医疗", "生物", "医药", "科技", "智慧医疗")

_TITLES = sorted(
    (
        "副主任",
        "主任",
        "副科长",
        "科长",
        "总经理",
        "副总经理",
        "董事长",
        "副董事长",
        "总裁",
        "副总裁",
        "首席执行官",
        "首席科学家",
        "创始人",
        "联合创始人",
        "校长",
        "副校长",
        "院长",
        "副院长",
        "会长",
        "副会长",
        "理事长",
        "秘书长",
        "院士",
        "教授",
        "研究员",
        "所长",
        "副所长",
        "书记",
        "党委书记",
        "局长",
        "副局长",
        "处长",
        "部长",
        "区长",
        "副区长",
        "市长",
        "副市长",
        "主席",
        "负责人",
        "记者",
        "总监",
        "研发总监",
        "合伙人",
        "厅长",
        "副厅长",
        "总工程师",
        "副书记",
        "党委副书记",
        "党工委书记",
        "首席医学官",
        "首席技术官",
    ),
    key=len,
    reverse=True,
)
_TITLE_RE = "|".join(re.escape(t) for t in _TITLES)
_SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃"
    "武戴莫孔向汤厉耿单柏欧易常乔施岳俞祝申"
)
_NAME_AFTER = "等表出说指发在与和、,:;。称介强透认带一"
# A chain of titles stays whole: 创始人兼首席执行官, 党委副书记、院长.
_TITLE_CHAIN = rf"(?:{_TITLE_RE})(?:(?:兼|、|,)(?:{_TITLE_RE}))*"
_PERSON_AFTER_TITLE = re.compile(rf"(?P<title>{_TITLE_CHAIN})\s?(?P<name>[\u4e00-\u9fff]{{2,3}})")
# Apposition in parentheses: 于海涛(哈尔滨医科大学附属第一医院副院长).
_PERSON_APPOSITION = re.compile(
    rf"(?P<name>[\u4e00-\u9fff]{{2,3}})[(（](?P<body>[^()（）\n]{{0,40}}?)(?P<title>{_TITLE_CHAIN})(?:[、,][^()（）\n]*)?[)）]"
)
_PERSON_BEFORE_TITLE = re.compile(
    rf"(?P<name>[\u4e00-\u9fff]{{2,3}})(?P<title>{_TITLE_RE})(?=发表|表示|指出|说|介绍|强调|致辞|出席|[,,、:：])"
)

_EVENT_TRIGGERS: list[tuple[str, str]] = [
    ("签约仪式", "signing"),
    ("集中签约", "signing"),
    ("签约", "signing"),
    ("签订", "signing"),
    ("签署", "signing"),
    ("圆桌峰会", "forum"),
    ("峰会", "forum"),
    ("论坛", "forum"),
    ("展览会", "exhibition"),
    ("博览会", "exhibition"),
    ("展会", "exhibition"),
    ("对接会", "matchmaking"),
    ("路演", "matchmaking"),
    ("揭牌", "unveiling"),
    ("授牌", "unveiling"),
    ("大会", "conference"),
    ("研讨会", "conference"),
]
_EVENT_RE = re.compile("|".join(re.escape(t) for t, _ in _EVENT_TRIGGERS))
_EVENT_KIND = dict(_EVENT_TRIGGERS)
_ALLIANCE_LAUNCH = re.compile(
    r"(?:启动建立|成立|组建|发起|启动)[^,。;]{0,20}联盟|联盟[^,。;]{0,6}(?:成立|启动|揭牌)"
)
_PLATFORM_LAUNCH = re.compile(
    r"平台[^,。;]{0,12}(?:正式发布|发布|上线|启用|启动|揭牌)|(?:组建|发布|上线)了?[^,。;]{0,20}平台"
)
_PLACE_RE_EVENT = re.compile(r"在([^,。;,]{2,30}?)(?:举行|举办|召开|开幕|开展)")
_SIGNING = re.compile(r"签约|签订|签署|达成[^,。]{0,8}合作|完成[^,。;]{0,12}融资|领投")
_COUNT = re.compile(
    rf"(?P<num>{NUMBER})\s?(?P<unit>个|项|对|家)(?P<what>[\u4e00-\u9fff]{{0,10}}?)(?:项目|合作|协议|机构)"
)
_FIGURE = re.compile(
    rf"(?P<num>(?:{NUMBER})(?:\.\d+)?)\s?(?:余|多)?(?P<unit>万平方米|平方米|亿元|万元|千万元|元|%|项|家|个|位|所|周年|对)"
)
_CLAUSE_END = re.compile(r"[。;！？!?\n]")


@dataclass(frozen=True)
class GazetteerEntry:
    """One directory organisation: its canonical name, type and every name it goes by."""

    key: str  # e.g. the directory id, as text
    name: str
    type: str
    names: tuple[str, ...]


@dataclass
class Gazetteer:
    """Surface form (simplified) → entry, for longest-match lookup."""

    entries: dict[str, GazetteerEntry] = field(default_factory=dict)
    forms: dict[str, str] = field(default_factory=dict)  # surface form → entry key
    by_first: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def build(cls, entries: Iterable[GazetteerEntry]) -> Gazetteer:
        g = cls()
        for entry in entries:
            g.entries[entry.key] = entry
            for form in (entry.name, *entry.names):
                form = form.strip()
                if len(form) < 2 or form in g.forms:
                    continue
                g.forms[form] = entry.key
        for form in g.forms:
            g.by_first.setdefault(form[:2], []).append(form)
        for forms in g.by_first.values():
            forms.sort(key=len, reverse=True)
        return g

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Return non-overlapping (start, end, entry key) matches, longest first."""
        out = []
        i = 0
        n = len(text)
        while i < n - 1:
            forms = self.by_first.get(text[i : i + 2])
            hit = None
            if forms:
                for form in forms:
                    if text.startswith(form, i):
                        hit = form
                        break
            if hit is None:
                i += 1
                continue
            out.append((i, i + len(hit), self.forms[hit]))
            i += len(hit)
        return out

    def lookup(self, name: str) -> GazetteerEntry | None:
        """Return the entry a name denotes, trying the name without place prefixes too."""
        key = self.forms.get(name)
        if key is None:
            stripped = _PLACE_RE.sub("", name)
            if stripped != name and len(stripped) >= 2:
                key = self.forms.get(stripped)
                place = name[: len(name) - len(stripped)]
                if key is None and place.rstrip("市") in ("上海", "深圳"):
                    key = self.forms.get(place.rstrip("市") + "市" + stripped)
        return self.entries.get(key) if key else None


@dataclass
class Mention:
    start: int
    end: int
    text: str


@dataclass
class Organisation:
    name: str
    type: str
    aliases: list[str]
    confidence: float
    mentions: list[Mention]
    entry_key: str | None = None  # the directory organisation it links to


@dataclass
class Person:
    name: str
    title: str
    organisation: str | None
    confidence: float
    start: int
    end: int


@dataclass
class Event:
    kind: str
    date: str | None
    place: str | None
    participants: list[str]
    confidence: float
    start: int
    end: int
    name: str = ""


@dataclass
class Agreement:
    parties: list[str]
    kind: str
    date: str | None
    amount_cny: int | float | None
    count: int | None
    confidence: float
    start: int
    end: int
    roles: dict[str, str] = field(default_factory=dict)  # party → recipient, lead, follower


@dataclass
class Figure:
    text: str
    value: int | float
    unit: str
    about: str
    confidence: float
    start: int
    end: int


@dataclass
class Relation:
    """A tie between two organisations, read as "source <kind> target" (directory kinds)."""

    source: str
    kind: str
    target: str
    confidence: float
    start: int
    end: int


@dataclass
class Extraction:
    organisations: list[Organisation]
    people: list[Person]
    events: list[Event]
    agreements: list[Agreement]
    figures: list[Figure]
    relations: list[Relation] = field(default_factory=list)

    def as_cli(self) -> dict[str, Any]:
        """Return the dictionary the ``extract_news --format json`` command prints."""
        return {
            "organisations": [
                {"name": o.name, "type": o.type, "aliases": o.aliases} for o in self.organisations
            ],
            "people": [
                {"name": p.name, "title": p.title, "organisation": p.organisation}
                for p in self.people
            ],
            "events": [
                {"kind": e.kind, "date": e.date, "place": e.place, "participants": e.participants}
                for e in self.events
            ],
            "agreements": [
                {
                    "parties": a.parties,
                    "kind": a.kind,
                    "date": a.date,
                    "amount_cny": a.amount_cny,
                    "count": a.count,
                    **({"roles": a.roles} if a.roles else {}),
                }
                for a in self.agreements
            ],
            "figures": [
                {"text": f.text, "value": f.value, "unit": f.unit, "about": f.about}
                for f in self.figures
            ],
        }


def _core_too_short(name: str) -> bool:
    """Return True for "瑞医疗科技有限公司": one character left once forms are removed."""
    core = name
    for tail in _LEGAL_TAILS:
        if core.endswith(tail):
            core = core[: -len(tail)]
            break
    else:
        return False
    core = _PLACE_RE.sub("", core)
    for word in _TRADE_WORDS:
        if core.endswith(word):
            core = core[: -len(word)]
            break
    return len(core) < 2


def _is_not_a_name(name: str) -> bool:
    return bool(
        re.search(r"\d|[,。;:!?“”\s]", name)
        or _GENERIC_STEMS.match(name)
        or (_INDUSTRY_STEMS.match(name) and not shapes.region_of(name))
        or name in _TITLES
    )


def _type_of(name: str) -> str:
    if _INVESTOR_WORDS.search(name) and not name.endswith(("医院", "大学", "协会", "联盟")):
        return "investor"
    best = "other"
    for m in _SUFFIX_RE.finditer(name):
        if m.end() == len(name) or name[m.end() :].startswith(("(", "（")):
            best = _SUFFIX_TYPE[m.group(0)]
    return best


def _left_boundary(text: str, end_of_stem: int, floor: int) -> int:
    """Walk left from a suffix to where an organisation name starts."""
    i = end_of_stem
    limit = max(floor, end_of_stem - 24)
    while i > limit and text[i - 1] not in _LEFT_STOP:
        i -= 1
    start = i
    # Drop leading function words and verbs ("与", "携手", "来自"…), repeatedly.
    changed = True
    while changed:
        changed = False
        segment = _NAME_PHRASES.sub(lambda m: "_" * len(m.group(0)), text[start:end_of_stem])
        # The last stop word inside the segment ends the name's left part.
        best = -1
        for word in _LEFT_STOP_WORDS:
            pos = segment.rfind(word)
            if pos >= 0 and pos + len(word) > best:
                best = pos + len(word)
        if best > 0:
            start += best
            changed = best < len(segment)
    return start


def _short_forms(name: str) -> list[str]:
    """Return the short forms a full name is likely to be cut to (伯杰医疗, 伯杰)."""
    out: list[str] = []
    core = name
    for tail in _LEGAL_TAILS:
        if core.endswith(tail):
            core = core[: -len(tail)]
            break
    else:
        stripped = _PLACE_RE.sub("", name)
        if stripped != name and len(stripped) >= 4:
            out.append(stripped)
        return out
    core = re.sub(r"[(（][^)）]*[)）]$", "", core)
    no_place = _PLACE_RE.sub("", core)
    for candidate in (no_place, core):
        if len(candidate) >= 2 and candidate != name:
            out.append(candidate)
    for word in _TRADE_WORDS:
        if no_place.endswith(word) and len(no_place) - len(word) >= 2:
            out.append(no_place[: -len(word)])
            break
    return [
        s
        for s in dict.fromkeys(out)
        if len(s) >= 2 and s not in _TRADE_WORDS and not _PLACE_RE.fullmatch(s)
    ]


def _clause_bounds(text: str, pos: int) -> tuple[int, int]:
    start = pos
    while start > 0 and not _CLAUSE_END.match(text[start - 1]):
        start -= 1
    m = _CLAUSE_END.search(text, pos)
    return start, (m.start() if m else len(text))


def extract(
    text: str,
    gazetteer: Gazetteer,
    published: date | None = None,
    *,
    tagger: Any = None,
    rules: bool = True,
) -> Extraction:
    """Return everything found in a cleaned article."""
    orgs: dict[str, Organisation] = {}
    spans: list[tuple[int, int, str]] = []  # (start, end, organisation name)

    def add(name: str, typ: str, start: int, end: int, conf: float, key: str | None) -> None:
        surface = text[start:end]
        if key is not None:
            entry = gazetteer.entries[key]
            name, typ = entry.name, entry.type
        org = orgs.get(name)
        if org is None:
            org = orgs[name] = Organisation(name, typ, [], conf, [], key)
        org.confidence = max(org.confidence, conf)
        org.mentions.append(Mention(start, end, surface))
        if surface != name and surface not in org.aliases:
            org.aliases.append(surface)
        spans.append((start, end, name))

    # 0. Bylines: media outlets and credited staff are never proposed.
    taken = bytearray(len(text))
    staff_spans, staff = shapes.bylines(text)
    for a, b in staff_spans:
        taken[a:b] = b"\x01" * (b - a)
    region = shapes.article_region(text)

    # 1. Gazetteer, longest match; a relative form ("市发改委") only for the article's place.
    for start, end, key in gazetteer.find(text):
        if any(taken[start:end]):
            continue
        if text[start:end] != gazetteer.entries[key].name and _EMBEDDED.match(text, end):
            continue  # 迈瑞 in 宁波迈瑞康生物材料有限公司
        if shapes.needs_region(text[start:end]) and not shapes.same_region(
            region, shapes.region_of(gazetteer.entries[key].name)
        ):
            continue
        add("", "", start, end, 0.95, key)
        taken[start:end] = b"\x01" * (end - start)

    # 2. Rules: a name ending in a kind suffix, with a place or legal form.
    # Right to left, so that 华中科技大学协和医院 is one name, not 华中科技大学 + 协和医院.
    for m in reversed(list(_SUFFIX_RE.finditer(text)) if rules else []):
        end = m.end()
        # Extend over "(深圳)有限公司" and "(筹)".
        tail = re.match(r"[(（][\u4e00-\u9fff]{1,4}[)）](?:有限公司)?", text[end:])
        if tail and m.group(0) not in _LEGAL:
            if "有限公司" in tail.group(0) or len(tail.group(0)) == 3:
                end += tail.end()
        if taken[m.start()]:
            continue
        floor = 0
        j = m.start()
        while j > 0 and not taken[j - 1] and m.start() - j < 24:
            j -= 1
        floor = j
        start = _left_boundary(text, m.start(), floor)
        name = text[start:end]
        stem = text[start : m.start()]
        rest = _PLACE_RE.sub("", stem)
        if len(stem) < 2 or (rest and _GENERIC_STEMS.match(rest)):
            continue
        if re.search(r"\d|[余多几数]家", name) or _core_too_short(name):
            continue
        if rest == stem and _INDUSTRY_STEMS.match(stem):
            continue
        has_place = bool(_PLACE_RE.match(name) or shapes.region_of(name))
        legal = any(name.endswith(s) or s in name for s in _LEGAL)
        strong = m.group(0) in _STRONG and len(stem) >= 2 and not _VAGUE_STEM.search(stem)
        if not (has_place or legal or strong):
            continue
        if any(taken[start:end]):
            continue
        entry = gazetteer.lookup(name)
        conf = 0.85 if legal else 0.7
        add(name, _type_of(name), start, end, conf, entry.key if entry else None)
        taken[start:end] = b"\x01" * (end - start)

    # Items of "A、B、C等企业" lists, and names the tagger finds.
    def add_unknown(a: int, b: int, conf: float) -> None:
        name = text[a:b].strip()
        if len(name) < 2 or any(taken[a:b]) or _is_not_a_name(name):
            return
        entry = gazetteer.lookup(name)
        typ = _type_of(name)
        add(name, "company" if typ == "other" else typ, a, b, conf, entry.key if entry else None)
        taken[a:b] = b"\x01" * (b - a)

    if rules:
        for a, b in shapes.enumeration_items(text):
            if any(taken[a:b]):
                continue
            a = _left_boundary(text, b, a) if b - a > 8 else a
            add_unknown(a, b, 0.6)

    # 3. Short forms: derived from full names (longest first), and declared ("以下简称…").
    for org in list(orgs.values()):
        for short in _short_forms(org.name):
            for sm in re.finditer(re.escape(short), text):
                if taken[sm.start()] or (sm.end() < len(text) and taken[sm.end() - 1]):
                    continue
                org.mentions.append(Mention(sm.start(), sm.end(), short))
                spans.append((sm.start(), sm.end(), org.name))
                taken[sm.start() : sm.end()] = b"\x01" * (sm.end() - sm.start())
                if short not in org.aliases:
                    org.aliases.append(short)
    for m in _DECLARED_SHORT.finditer(text):
        before = [s for s in spans if s[1] <= m.start() and m.start() - s[1] <= 1]
        if before:
            org = orgs[before[-1][2]]
            short = m.group(1).strip()
            if short not in org.aliases:
                org.aliases.append(short)
            for sm in re.finditer(re.escape(short), text):
                if not taken[sm.start()]:
                    org.mentions.append(Mention(sm.start(), sm.end(), short))
                    spans.append((sm.start(), sm.end(), org.name))
                    taken[sm.start() : sm.end()] = b"\x01" * (sm.end() - sm.start())
    if tagger is not None:
        for a, b, label, sure in tagger.spans(text):
            if label == "ORG" and b - a >= 3 and (sure >= 0.9 or _type_of(text[a:b]) != "other"):
                add_unknown(a, b, 0.6)
    spans[:] = _corefer(orgs, spans)
    spans.sort()

    def orgs_in(a: int, b: int) -> list[str]:
        return list(dict.fromkeys(n for s, e, n in spans if s >= a and e <= b))

    # 4. People (never the credited journalists and editors).
    people: dict[str, Person] = {name: Person(name, "", None, 0, 0, 0) for name in staff}
    for m in _PERSON_APPOSITION.finditer(text):
        name = m["name"]
        for cut in (name, name[1:]):
            if cut[0] in _SURNAMES and len(cut) >= 2 and cut not in people:
                inside = [n for a, b, n in spans if a >= m.start("body") and b <= m.start("title")]
                start = m.end("name") - len(cut)
                people[cut] = Person(
                    cut, m["title"], inside[-1] if inside else None, 0.8, start, m.end()
                )
                break
    for m in _PERSON_AFTER_TITLE.finditer(text):
        name = m["name"]
        if len(name) == 3 and name[2] in _NAME_AFTER:
            name = name[:2]
        if name[0] not in _SURNAMES or any(taken[m.start("name") : m.start("name") + len(name)]):
            continue
        if name in people:
            continue
        title, org_of = _title_and_org(text, m.start("title"), m["title"], spans)
        people[name] = Person(
            name, title, org_of, 0.8 if org_of else 0.6, m.start(), m.start("name") + len(name)
        )
    for m in _PERSON_BEFORE_TITLE.finditer(text):
        name = m["name"]
        for cut in (name, name[1:]):
            if cut[0] in _SURNAMES and len(cut) >= 2:
                name = cut
                break
        else:
            continue
        start = m.end("name") - len(name)
        if name in people or any(taken[start : m.end("name")]):
            continue
        org_before: str | None = None
        before = [s for s in spans if s[1] == start]
        if before:
            org_before = before[-1][2]
        people[name] = Person(name, m["title"], org_before, 0.7, start, m.end())
    # A name right after an organisation, before "表示"/"等": 奉贤区中心医院孙振亮.
    for _s, e, org_name in spans:
        nm = re.match(r"([\u4e00-\u9fff]{2,3}?)(?=表示|、|等|指出|:)", text[e : e + 5])
        if nm and nm.group(1)[0] in _SURNAMES and nm.group(1) not in people:
            name = nm.group(1)
            if any(taken[e : e + len(name)]) or re.search(_TITLE_RE, name):
                continue
            people[name] = Person(name, "", org_name, 0.5, e, e + len(name))
    for name in staff:
        people.pop(name, None)

    # 5. Events, agreements and figures, clause by clause.
    dates = find_dates(text, published)
    events: list[Event] = []
    agreements: list[Agreement] = []
    seen_events: set[tuple[str, str | None]] = set()

    def last_full_date(before: int) -> str | None:
        """The article's last full date before a sentence that gives none ("现场签约…")."""
        full = [d.value for d in dates if d.start < before and d.value and len(d.value) == 10]
        return full[-1] if full else None

    def date_near(a: int, b: int, at: int | None = None) -> str | None:
        """The sentence's date: the last one before ``at`` if given, else the first."""
        found = [d for d in dates if a <= d.start < b and d.value]
        if at is not None:
            before = [d for d in found if d.start <= at]
            if before:
                return before[-1].value
        return found[0].value if found else None

    sentence_starts = [0] + [m.end() for m in re.finditer(r"[。!?！？\n]", text)]
    for idx, s_start in enumerate(sentence_starts):
        s_end = sentence_starts[idx + 1] if idx + 1 < len(sentence_starts) else len(text)
        sentence = text[s_start:s_end]
        if not sentence.strip():
            continue
        kinds: list[tuple[str, int, int]] = []
        for m in _EVENT_RE.finditer(sentence):
            kinds.append((_EVENT_KIND[m.group(0)], m.start(), m.end()))
        for m in _ALLIANCE_LAUNCH.finditer(sentence):
            kinds.append(("alliance_launch", m.start(), m.end()))
        for m in _PLATFORM_LAUNCH.finditer(sentence):
            kinds.append(("platform_launch", m.start(), m.end()))
        when = date_near(s_start, s_end)
        place_m = _PLACE_RE_EVENT.search(sentence)
        place = place_m.group(1) if place_m else None
        participants = orgs_in(s_start, s_end)
        kinds.sort(key=lambda k: k[1])
        if any(k[0] == "forum" for k in kinds):
            kinds = [k for k in kinds if k[0] != "conference"]
        for event_kind, a, b in kinds:
            when = date_near(s_start, s_end, s_start + a)
            ev_key = (event_kind, when)
            # An undated mention of a kind already seen ("出席签约仪式") is the same event;
            # so is a dated one of a kind seen only undated (the headline).
            same = [
                ev
                for ev in events
                if ev.kind == event_kind and (ev.date == when or ev.date is None or when is None)
            ]
            if same:
                ev = same[0]
                ev.date = ev.date or when
                ev.place = ev.place or place
                ev.participants += [p for p in participants if p not in ev.participants]
                continue
            seen_events.add(ev_key)
            conf = 0.6 + (0.15 if when else 0) + (0.1 if participants else 0)
            events.append(
                Event(
                    event_kind, when, place, participants, round(conf, 2), s_start + a, s_start + b
                )
            )
        if _SIGNING.search(sentence) or (_SETTLING.search(sentence) and _FIGURE.search(sentence)):
            agreement = _agreement(sentence, s_start, spans, when or last_full_date(s_start))
            if agreement is not None:
                agreements.append(agreement)

    # Amounts in the sentence after a signing ("总投资额超20亿元", "出资1000万元") join it.
    for ag in agreements:
        if ag.amount_cny is None:
            nxt = text[ag.end : ag.end + 80].lstrip("。;！？!?\n")
            stop = _CLAUSE_END.search(nxt)
            nxt = nxt[: stop.start() if stop else len(nxt)]
            money = parse_money(nxt) if _INVESTS.search(nxt) else None
            if money and money[1] == "CNY":
                ag.amount_cny = as_plain(money[0])
    agreements = signings.merge(agreements)
    for ag in agreements:
        for party in ag.parties:
            if ag.roles.get(party) in ("lead", "follower") and party in orgs:
                orgs[party].type = "investor"

    figures: list[Figure] = []
    seen_figures: set[tuple[int | float, str, str]] = set()
    for m in _FIGURE.finditer(text):
        if m.start() > 0 and (text[m.start() - 1].isdigit() or text[m.start() - 1] in "第"):
            continue
        raw_num = m["num"]
        value = parse_number(raw_num)
        if value is None or value == 0:
            continue
        unit = m["unit"]
        if unit in ("亿元", "万元", "千万元", "元"):
            money = parse_money(m.group(0))
            if money is None:
                continue
            value, unit = money[0], "元"
        elif unit == "万平方米":
            value, unit = value * Decimal(10_000), "平方米"
        if raw_num.startswith("一"):
            if unit in ("个", "家", "项", "位", "所", "对"):
                continue
        about = _about(text, m.end(), m.start())
        if unit in ("个", "家", "项", "位", "所", "对") and not about:
            continue
        figure_key = (as_plain(value), unit, about)
        if figure_key in seen_figures:
            continue  # the same figure said twice (headline and body)
        seen_figures.add(figure_key)
        figures.append(Figure(m.group(0), as_plain(value), unit, about, 0.7, m.start(), m.end()))

    relations = _relations(text, orgs, spans, agreements, gazetteer)
    return Extraction(
        list(orgs.values()), list(people.values()), events, agreements, figures, relations
    )


_SETTLES = re.compile(r"落户|入驻|迁入")


def _relations(
    text: str,
    orgs: dict[str, Organisation],
    spans: list[tuple[int, int, str]],
    agreements: list[Agreement],
    gazetteer: Gazetteer,
) -> list[Relation]:
    out: dict[tuple[str, str, str], Relation] = {}

    def add(source: str, kind: str, target: str, conf: float, start: int, end: int) -> None:
        if source != target and (source, kind, target) not in out:
            out[(source, kind, target)] = Relation(source, kind, target, conf, start, end)

    # 上海交通大学医学院附属瑞金医院 is an affiliated hospital of 上海交通大学医学院.
    for org in orgs.values():
        if "附属" not in org.name:
            continue
        parent_name = org.name.split("附属", 1)[0]
        parent = orgs.get(parent_name)
        entry = gazetteer.lookup(parent_name)
        target = parent.name if parent else (entry.name if entry else None)
        if target:
            first = min(org.mentions, key=lambda m: m.start)
            add(org.name, "affiliated_hospital_of", target, 0.8, first.start, first.end)
    # Organisations that settle in a park: "…入驻上海械谷", "落户医学园区".
    for m in _SETTLES.finditer(text):
        a, b = _clause_bounds(text, m.start())
        in_clause = [(s, e, n) for s, e, n in spans if s >= a and e <= b]
        parks = [(s, e, n) for s, e, n in in_clause if orgs[n].type == "park"]
        for s, e, park in parks:
            for s2, e2, name in in_clause:
                if name != park and orgs[name].type in ("company", "institute", "platform"):
                    add(name, "located_in", park, 0.55, min(s, s2), max(e, e2))
    # Two parties signing: partners.
    for ag in agreements:
        if len(ag.parties) == 2:
            add(ag.parties[0], "partner_of", ag.parties[1], 0.6, ag.start, ag.end)
    return list(out.values())


def _about(text: str, pos: int, before: int) -> str:
    m = re.match(r"[\u4e00-\u9fffA-Za-z]{1,12}", text[pos:])
    if not m:
        b = re.search(r"[\u4e00-\u9fffA-Za-z]{1,8}$", text[max(0, before - 8) : before])
        if not b:
            return ""
        word = b.group(0)
        for stop in ("已申请", "申请", "获得", "取得", "达", "超", "逾", "共", "约", "占比", "为"):
            cut = word.rfind(stop)
            if cut >= 0:
                after, before_stop = word[cut + len(stop) :], word[:cut]
                word = after if after else before_stop
        return word
    word = m.group(0).lstrip("的")
    for stop in (
        "的",
        "和",
        "与",
        "及",
        "等",
        "、",
        "落户",
        "签",
        "参与",
        "发布",
        "共同",
        "达成",
        "进入",
    ):
        cut = word.find(stop)
        if cut > 0:
            word = word[:cut]
    return word


def _title_and_org(
    text: str, title_start: int, title: str, spans: list[tuple[int, int, str]]
) -> tuple[str, str | None]:
    """Return the full title (with department) and the organisation just before it."""
    i = title_start
    while i > 0 and i > title_start - 12 and text[i - 1] not in _LEFT_STOP:
        if any(e == i for _, e, _ in spans):
            break
        i -= 1
    prefix = text[i:title_start]
    org = None
    for _s, e, name in reversed(spans):
        if e == i or (e <= title_start and e >= i and not prefix):
            org = name
            break
    if org is None:
        for _s, e, name in reversed(spans):
            if (
                e <= title_start
                and title_start - e <= 12
                and not any(c in _LEFT_STOP for c in text[e:title_start])
            ):
                org = name
                prefix = text[e:title_start]
                break
        else:
            prefix = "" if org is None else prefix
    if org is None:
        for _s, e, name in reversed(spans):
            gap = text[e:title_start]
            if (
                0 < title_start - e <= 30
                and re.match(_TITLE_RE, gap)
                and not re.search(r"[,。;:]", gap)
            ):
                org = name
                break
    full = (prefix + title) if prefix and not _SUFFIX_RE.search(prefix) else title
    return full, org


def _corefer(
    orgs: dict[str, Organisation], spans: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """Fold an unlinked name found inside a longer one (华山医院 in 复旦大学附属华山医院)
    into the longer organisation as an alias, and point its mentions there."""
    into: dict[str, str] = {}
    names = sorted(orgs, key=len, reverse=True)
    for short in names:
        org = orgs[short]
        if org.entry_key is not None or len(short) < 3:
            continue
        longer = [n for n in names if len(n) > len(short) and short in n and n not in into]
        if len(longer) == 1:
            into[short] = longer[0]
    for short, long in into.items():
        target = orgs[long]
        gone = orgs.pop(short)
        if short not in target.aliases:
            target.aliases.append(short)
        target.mentions += gone.mentions
    return [(a, b, into.get(n, n)) for a, b, n in spans]


_SETTLING = re.compile(r"入驻|落户")
_INVESTS = re.compile(r"投资|投入|出资|资金")
_COUNT_AFTER = re.compile(rf"项目(?P<num>{NUMBER})\s?个")


def _agreement(
    sentence: str, offset: int, spans: list[tuple[int, int, str]], when: str | None
) -> Agreement | None:
    """Return the agreement a signing sentence states, or None (an intent without parties)."""
    money = parse_money(sentence)
    amount = as_plain(money[0]) if money and money[1] == "CNY" else None
    count = None
    cm = _COUNT.search(sentence) or _COUNT_AFTER.search(sentence)
    if cm:
        value = parse_number(cm["num"])
        count = int(value) if value is not None else None
    roles = signings.round_roles(sentence, offset, spans)
    parties = _parties(sentence, offset, spans)
    if roles:
        parties = list(dict.fromkeys([*roles, *parties]))
    if not parties and "意向" in sentence:
        return None  # an amount of intent stays a figure
    if not (parties or count or amount):
        return None
    conf = 0.55 + (0.15 if len(parties) >= 2 else 0) + (0.1 if amount or count else 0)
    kind = "investment" if roles else signings.agreement_kind(sentence)
    end = offset + len(sentence)
    return Agreement(parties, kind, when, amount, count, round(conf, 2), offset, end, roles)


def _agreement_kind(sentence: str) -> str:
    if "临床研究基地" in sentence or "临床基地" in sentence:
        return "clinical_base"
    if "投资" in sentence or "资本" in sentence or "融资" in sentence:
        return "investment"
    if "技术转让" in sentence or "成果转化" in sentence:
        return "technology_transfer"
    if "许可" in sentence:
        return "licence"
    if "研发平台" in sentence or "联合研发" in sentence or "共同研发" in sentence:
        return "joint_rd"
    if "入驻" in sentence or "落户" in sentence:
        return "park_settlement"
    if "联盟" in sentence and "加入" in sentence:
        return "alliance_membership"
    return "strategic"


def _parties(sentence: str, offset: int, spans: list[tuple[int, int, str]]) -> list[str]:
    end = offset + len(sentence)
    sign = _SIGNING.search(sentence)
    limit = offset + (sign.start() if sign else len(sentence))
    names = [n for s, e, n in spans if s >= offset and e <= limit]
    # "在X总部举行/在X举行": the place is not a party unless named elsewhere in the clause.
    place = _PLACE_RE_EVENT.search(sentence)
    if place:
        p_start, p_end = offset + place.start(1), offset + place.end(1)
        inside = {n for s, e, n in spans if s >= p_start and e <= p_end}
        outside = {
            n for s, e, n in spans if (s < p_start or e > p_end) and s >= offset and e <= end
        }
        names = [n for n in names if n not in inside or n in outside]
    return list(dict.fromkeys(names))
