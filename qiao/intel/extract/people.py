"""People in a cleaned article: a name before or after a title, or in apposition.

Pure module (no Django import). Each person gets the full title (with department) and the
organisation named just before it; the credited journalists and editors are never people.
"""

from __future__ import annotations

import re

from qiao.intel.extract.model import Person
from qiao.intel.extract.names import _LEFT_STOP, _SUFFIX_RE

__all__ = ["find_people"]

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


def find_people(
    text: str, spans: list[tuple[int, int, str]], taken: bytearray, staff: set[str]
) -> list[Person]:
    """Return the people named in ``text``, given the organisation spans and the taken mask.

    The credited journalists and editors (``staff``, from the bylines) are never people.
    """
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
    return list(people.values())


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
