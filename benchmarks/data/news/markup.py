"""Read the inline annotation of the written articles into plain text and gold.

Markup (only in ``articles_*.py``; the rendered ``.txt`` files carry plain text):

* ``[NAME|type]``   an organisation, by its canonical name, with its type;
* ``[SURFACE>NAME]`` a short or other form of the organisation NAME (an alias in the gold);
  ``[SURFACE>NAME|type]`` when the article never writes NAME in full;
* ``[SURFACE]``     a later mention by the canonical name or an alias already given;
* ``{NAME|title|ORG}`` a person with title and organisation (canonical name, may be empty);
  ``{NAME}`` a later mention.

Everything else (journalists, editors, media outlets, generic words) is plain text and so
is not gold: the extractor should not propose it.

The other fields are given beside the text, compactly:

* ``ev``:  ``"kind@YYYY-MM-DD"`` (or ``"kind@"`` for no date);
* ``ag``:  ``(kind, date, [parties], amount in yuan, count)`` or with a sixth element, the
  roles ``{party: "lead" | "follower" | "recipient" | "investor"}``;
* ``fig``: ``(text, value, unit, about)``.
"""

from __future__ import annotations

import re
from typing import Any

_TOKEN = re.compile(r"\[([^\[\]]+)\]|\{([^{}]+)\}")


def parse(article: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """Return (plain text, gold in the ``extract_news --format json`` shape)."""
    orgs: dict[str, dict[str, Any]] = {}
    alias_of: dict[str, str] = {}
    people: dict[str, dict[str, Any]] = {}
    pending: list[tuple[str, str]] = []  # (surface, canonical) declared before the full name
    out: list[str] = []
    pos = 0
    source = article["text"]
    for m in _TOKEN.finditer(source):
        out.append(source[pos : m.start()])
        pos = m.end()
        if m.group(1) is not None:
            body = m.group(1)
            if ">" in body:
                surface, name = body.split(">")
                if "|" in name:  # the canonical name never written in the article
                    name, typ = name.split("|")
                    orgs.setdefault(name, {"name": name, "type": typ, "aliases": []})
                pending.append((surface, name))
                alias_of[surface] = name
                out.append(surface)
            elif "|" in body:
                name, typ = body.split("|")
                orgs.setdefault(name, {"name": name, "type": typ, "aliases": []})
                alias_of[name] = name
                out.append(name)
            else:
                if body not in alias_of:
                    raise ValueError(f"{article['stem']}: unknown mention [{body}]")
                out.append(body)
        else:
            parts = m.group(2).split("|")
            name = parts[0]
            if len(parts) == 3:
                title, org = parts[1], parts[2] or None
                people[name] = {"name": name, "title": title, "organisation": org}
            elif name not in people:
                raise ValueError(f"{article['stem']}: unknown person {{{name}}}")
            out.append(name)
    out.append(source[pos:])
    for surface, name in pending:
        if name not in orgs:
            raise ValueError(f"{article['stem']}: alias of unknown organisation {name}")
        if surface not in orgs[name]["aliases"]:
            orgs[name]["aliases"].append(surface)
    for person in people.values():
        if person["organisation"] and person["organisation"] not in orgs:
            raise ValueError(f"{article['stem']}: {person['name']} at unknown organisation")
    gold = {
        "organisations": list(orgs.values()),
        "people": list(people.values()),
        "events": [_event(e) for e in article.get("ev", [])],
        "agreements": [_agreement(a, orgs, article["stem"]) for a in article.get("ag", [])],
        "figures": [
            {"text": t, "value": v, "unit": u, "about": about}
            for t, v, u, about in article.get("fig", [])
        ],
    }
    return "".join(out), gold


def _event(spec: str) -> dict[str, Any]:
    kind, _, when = spec.partition("@")
    return {"kind": kind, "date": when or None, "place": None, "participants": []}


def _agreement(spec: tuple, orgs: dict[str, Any], stem: str) -> dict[str, Any]:
    kind, when, parties, amount, count, *rest = spec
    for party in parties:
        if party not in orgs:
            raise ValueError(f"{stem}: party {party} is not an annotated organisation")
    out = {
        "parties": list(parties),
        "kind": kind,
        "date": when,
        "amount_cny": amount,
        "count": count,
    }
    if rest:
        out["roles"] = rest[0]
    return out
