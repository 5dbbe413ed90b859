"""Dashboard figures are computed once per scope and kept for a few minutes.

A dashboard aggregates the whole cluster (a million matches, tens of thousands of
agreements); figures that are a minute old serve an operator as well as fresh ones, and
reading them back costs two small queries instead of a second of aggregation. Entries are
keyed by what the figures depend on:

- the viewer's scope: "cluster" for operators, the set of a member's organisations
  (members of the same organisations see the same figures);
- the language (labels are translated when computed) and the filters;
- a version number that every effect any app emits after a commit bumps (``bump_version``,
  subscribed to every topic in ``apps.py``: ``organisation_changed``, ``listing_changed``,
  ``agreement_changed``…), so a change made through Qiao's services shows at once, and a
  rolled-back one bumps nothing.

Writes that emit no effect (the matching worker stores matches in bulk) show within
``QIAO_INSIGHTS_CACHE_SECONDS`` (5 minutes by default; 0 turns caching off).

The version number lives in the default cache, a database table every app server and
worker shares, so a change made on one server is seen by all; the figures themselves live in
each process's memory (the "insights" cache), so a cached dashboard costs one query (the
version) on top of the session's, and a first view one more than computing it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache, caches
from django.utils import translation

from qiao.directory.roles import roles_of

T = TypeVar("T")
VERSION_KEY = "insights:version"


def scope_key(viewer) -> str:
    roles = roles_of(viewer)
    if roles.is_operator:
        return "cluster"
    return "orgs-" + "-".join(str(pk) for pk in sorted(roles.member_of))


def bump_version(**payload) -> None:
    """Effect handler (every topic, after commit): older cached figures stop being read."""
    _bump()


def _bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not set yet, or evicted
        cache.set(VERSION_KEY, 2, timeout=None)


def cached(name: str, viewer, params: dict, compute: Callable[[], T]) -> T:
    seconds = settings.QIAO_INSIGHTS_CACHE_SECONDS
    if seconds <= 0:
        return compute()
    version = cache.get_or_set(VERSION_KEY, 1, timeout=None)
    digest = hashlib.sha256(json.dumps(params, sort_keys=True, default=str).encode()).hexdigest()[
        :16
    ]
    key = f"insights:{version}:{name}:{scope_key(viewer)}:{translation.get_language()}:{digest}"
    figures = caches["insights"]
    value = figures.get(key)
    if value is None:
        value = compute()
        figures.set(key, value, timeout=seconds)
    return value
