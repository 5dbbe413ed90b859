"""Agreements as one event: kind, financing-round roles, and merging repeated mentions.

Pure module (no Django import). ``extract`` finds the signing sentences; this module says

* :func:`agreement_kind` — the pipeline's ``Agreement.Kind`` code for a sentence (a joint lab
  is ``joint_rd``; a memorandum is kept by what it is about, else ``strategic``);
* :func:`round_roles` — in a financing sentence, the recipient (the organisation before
  完成/宣布/获得 …融资), the lead (before 领投) and the followers (before 跟投/参投), all
  of them parties, the investors typed as investors by the caller;
* :func:`merge` — one agreement per signing: the headline, the body sentence and a later
  "出资…" sentence that talk of the same signing become one, with every party and the
  date, amount and count any of them gave.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Protocol

_KINDS = (
    (
        "clinical_base",
        re.compile(r"临床研究基地|临床基地|临床研究中心|临床评价中心|临床试验基地|临床研究合作"),
    ),
    ("licence", re.compile(r"许可")),
    ("technology_transfer", re.compile(r"技术转让|成果转化协议")),
    (
        "joint_rd",
        re.compile(r"联合实验室|联合研发|共同研发|研发平台|共建[^,。]{0,12}(?:研究院|实验室)"),
    ),
    (
        "investment",
        re.compile(r"融资|领投|跟投|参投|基金[^,。]{0,10}投资|投资了|首批投资|首期已投资"),
    ),
    ("park_settlement", re.compile(r"入驻|落户|投资协议")),
    ("alliance_membership", re.compile(r"加入[^,。]{0,10}联盟")),
    ("investment", re.compile(r"投资|资本")),
)
_RECIPIENT_VERB = re.compile(r"(?:宣布)?(?:完成|获得?|斩获)[^,。;]{0,16}融资")
_LEAD = re.compile(r"领投")
_FOLLOW = re.compile(r"跟投|参投|继续加注|联合投资")


def agreement_kind(sentence: str) -> str:
    """Return the agreement kind a signing sentence describes."""
    for kind, pattern in _KINDS:
        if pattern.search(sentence):
            return kind
    return "strategic"


def round_roles(
    sentence: str, offset: int, spans: Sequence[tuple[int, int, str]]
) -> dict[str, str]:
    """Return {party: recipient | lead | follower} for a financing sentence, else {}."""
    if not (_LEAD.search(sentence) or _RECIPIENT_VERB.search(sentence)):
        return {}
    roles: dict[str, str] = {}
    inside = [
        (s - offset, e - offset, n)
        for s, e, n in spans
        if s >= offset and e <= offset + len(sentence)
    ]
    recipient = _RECIPIENT_VERB.search(sentence)
    if recipient:
        before = [n for s, e, n in inside if e <= recipient.start()]
        if before:
            roles[before[-1]] = "recipient"
    markers = [(m.start(), "lead") for m in _LEAD.finditer(sentence)]
    markers += [(m.start(), "follower") for m in _FOLLOW.finditer(sentence)]
    markers.sort()
    previous = 0
    for at, role in markers:
        for s, e, n in inside:
            if previous <= s and e <= at and n not in roles:
                roles[n] = role
        previous = at
    return roles


class _Agreement(Protocol):
    parties: list[str]
    kind: str
    date: str | None
    amount_cny: int | float | None
    count: int | None
    roles: dict[str, str]
    confidence: float
    start: int
    end: int


def _compatible(a: _Agreement, b: _Agreement) -> bool:
    for x, y in ((a.date, b.date), (a.amount_cny, b.amount_cny), (a.count, b.count)):
        if x is not None and y is not None and x != y:
            return False
    pa, pb = set(a.parties), set(b.parties)
    if not (pa and pb):
        return False
    return pa <= pb or pb <= pa or (a.kind == b.kind and bool(pa & pb))


def merge(agreements: list[Any]) -> list[Any]:
    """Return the agreements with mentions of the same signing merged into the first."""
    out: list[Any] = []
    for ag in agreements:
        same = next((o for o in out if _compatible(o, ag)), None)
        if same is None:
            out.append(ag)
            continue
        same.parties += [p for p in ag.parties if p not in same.parties]
        same.date = same.date or ag.date
        same.amount_cny = same.amount_cny if same.amount_cny is not None else ag.amount_cny
        same.count = same.count if same.count is not None else ag.count
        if same.kind == "strategic":
            same.kind = ag.kind
        for party, role in ag.roles.items():
            same.roles.setdefault(party, role)
        same.confidence = max(same.confidence, ag.confidence)
        same.start, same.end = min(same.start, ag.start), max(same.end, ag.end)
    return out
