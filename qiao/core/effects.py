"""Effects after commit: an explicit registry of topics and their handlers, no signals.

A service that changes something others depend on calls ``emit("organisation_changed",
organisation_id=…)``; every handler subscribed to that topic runs after the transaction
commits (once per emission), so a rolled-back change triggers
nothing. Apps subscribe in their ``AppConfig.ready()``; a lower app never imports a higher
one, it only names the topic.

Topics in use (``TOPICS``) are listed so a typo fails loudly instead of going unheard.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from django.db import transaction

Handler = Callable[..., None]

TOPICS = frozenset(
    {
        "organisation_changed",  # organisation_id: its row, tags, capabilities, credentials
        "person_changed",  # person_id
        "listing_changed",  # listing_id
        "agreement_changed",  # agreement_id
        "project_changed",  # project_id
        "introduction_changed",  # introduction_id
        "event_changed",  # event_id
        "equipment_changed",  # equipment_id
        "article_changed",  # article_id
        "policy_changed",  # policy_id
        "service_request_changed",  # service_request_id
        "expert_changed",  # expert_id
        "call_changed",  # call_id
        "application_changed",  # application_id
        "membership_changed",  # alliance membership_id
        "figures_changed",  # submission_id: an accepted statistics form's figures
        "lead_changed",  # lead_id (招商)
        "chain_changed",  # node_id: a chain node or a placement on it
    }
)

_handlers: dict[str, list[Handler]] = {}
# Outbox writers: run at once, inside the emitting transaction, so the row they write
# commits or rolls back with the change itself (the matching index reads such rows).
_recorders: dict[str, list[Handler]] = {}


def subscribe(topic: str, handler: Handler) -> Handler:
    """Run ``handler(**payload)`` after commit whenever ``topic`` is emitted."""
    _check(topic)
    handlers = _handlers.setdefault(topic, [])
    if handler not in handlers:
        handlers.append(handler)
    return handler


def record_with(topic: str, recorder: Handler) -> Handler:
    """Run ``recorder(**payload)`` inside the emitting transaction whenever ``topic`` is
    emitted: only for writing an outbox row, never for anything that leaves the process."""
    _check(topic)
    recorders = _recorders.setdefault(topic, [])
    if recorder not in recorders:
        recorders.append(recorder)
    return recorder


def subscribe_all(handler: Handler) -> Handler:
    """Run ``handler(topic=…, **payload)`` after commit for every topic (caches)."""
    for topic in TOPICS:
        subscribe(topic, partial(_with_topic, handler, topic))
    return handler


def _with_topic(handler: Handler, topic: str, **payload) -> None:
    handler(topic=topic, **payload)


def emit(topic: str, **payload) -> None:
    """Queue the topic's handlers to run after the current transaction commits.

    Handlers must be idempotent: a service may emit the same topic more than once in one
    transaction (an import emits once per row), and each emission runs them once more.
    """
    _check(topic)
    for recorder in list(_recorders.get(topic, ())):
        recorder(**payload)
    for handler in list(_handlers.get(topic, ())):
        transaction.on_commit(partial(handler, **payload))


def _check(topic: str) -> None:
    if topic not in TOPICS:
        raise ValueError(f"Unknown effect topic {topic!r}; add it to qiao.core.effects.TOPICS.")
