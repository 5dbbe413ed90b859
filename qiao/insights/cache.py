"""Dashboard figures are computed once per scope and kept for a few minutes.

A dashboard aggregates the whole cluster (a million matches, tens of thousands of
agreements); figures that are a minute old serve an operator as well as fresh ones, and
reading them back costs two small queries instead of a second of aggregation. Entries are
keyed by what the figures depend on:

- the viewer's scope: "cluster" for operators, the set of a member's organisations
  (members of the same organisations see the same figures);
- the language (labels are translated when computed) and the filters;
- a version number that every save or delete of a row the insights read bumps
  (``bump_version``, connected in ``apps.py``), so a change made through Qiao shows at once.

Bulk writes (the matching worker stores matches in bulk) send no signals: their figures
show within ``QIAO_INSIGHTS_CACHE_SECONDS`` (5 minutes by default; 0 turns caching off).

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
from django.db import transaction
from django.utils import translation

from qiao.directory.roles import roles_of

T = TypeVar("T")
VERSION_KEY = "insights:version"


def scope_key(viewer) -> str:
    roles = roles_of(viewer)
    if roles.is_operator:
        return "cluster"
    return "orgs-" + "-".join(str(pk) for pk in sorted(roles.member_of))


def bump_version(**kwargs) -> None:
    """Signal receiver: a row the insights read has changed; older entries stop being read.

    Inside a transaction the bump waits for the commit, once however many rows it saves (an
    agreement and its parties are one bump); a rolled-back change bumps nothing.
    """
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        _bump()
        return
    block = set(connection.savepoint_ids)  # how Django tags callbacks of this atomic block
    queued = connection.run_on_commit
    if not any(callback is _bump and sids == block for sids, callback, _robust in queued):
        transaction.on_commit(_bump)


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
