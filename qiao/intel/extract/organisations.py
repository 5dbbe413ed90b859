"""Organisations in a cleaned article: gazetteer names, names by rule, short forms.

Pure module (no Django import). A name ending in a kind suffix (…有限公司, …医院) counts
with a place, a legal form or a distinctive suffix; short forms are derived from full names
(上海伯杰医疗科技股份有限公司 → 伯杰医疗) or declared by the article ("以下简称…").
"""

from __future__ import annotations

import re
from typing import Any

from qiao.intel import shapes
from qiao.intel.extract.model import Gazetteer, Mention, Organisation
from qiao.intel.extract.names import (
    _DECLARED_SHORT,
    _EMBEDDED,
    _GENERIC_STEMS,
    _INDUSTRY_STEMS,
    _INVESTOR_WORDS,
    _LEFT_STOP,
    _LEFT_STOP_WORDS,
    _LEGAL,
    _LEGAL_TAILS,
    _NAME_PHRASES,
    _PLACE_RE,
    _STRONG,
    _SUFFIX_RE,
    _SUFFIX_TYPE,
    _TRADE_WORDS,
    _VAGUE_STEM,
)
from qiao.intel.extract.people import _TITLES

__all__ = ["find_organisations"]


def find_organisations(
    text: str,
    gazetteer: Gazetteer,
    taken: bytearray,
    *,
    tagger: Any = None,
    rules: bool = True,
) -> tuple[dict[str, Organisation], list[tuple[int, int, str]]]:
    """Return the organisations named in ``text`` and their spans, sorted by position.

    ``taken`` marks the characters already accounted for (the bylines); every mention found
    is marked in it too. The passes stay in one function because they share that mask and
    its order matters: gazetteer names first, then names by rule, then short forms.
    """
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
    return orgs, spans


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
