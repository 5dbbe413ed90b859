"""Events and agreements in a cleaned article, sentence by sentence.

Pure module (no Django import). Trigger words give an event's kind (签约仪式, 论坛, 揭牌 …);
its date, place and participants come from the sentence. Signing sentences give agreements
(``signings`` says their kind and financing roles and merges repeated mentions).
"""

from __future__ import annotations

import re
from datetime import date

from qiao.intel import signings
from qiao.intel.amounts import NUMBER, as_plain, parse_money, parse_number
from qiao.intel.dates import find_dates
from qiao.intel.extract.figures import _FIGURE
from qiao.intel.extract.model import Agreement, Event, Organisation

__all__ = ["EVENT_KINDS", "find_events_and_agreements"]

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
_CLAUSE_END = re.compile(r"[。;！？!?\n]")


def find_events_and_agreements(
    text: str,
    orgs: dict[str, Organisation],
    spans: list[tuple[int, int, str]],
    published: date | None,
) -> tuple[list[Event], list[Agreement]]:
    """Return the events and agreements of ``text``; investors in a round become investors.

    One pass over the sentences, kept whole: a mention joins an earlier event of its kind,
    and an undated signing takes the article's last full date before it.
    """

    def orgs_in(a: int, b: int) -> list[str]:
        return list(dict.fromkeys(n for s, e, n in spans if s >= a and e <= b))

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
    return events, agreements


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
