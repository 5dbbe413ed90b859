"""Inbox notices of the pipeline: introductions asked for and moving, agreements signed and changed."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from qiao.inbox import notices
from qiao.inbox.models import Notification

INTRODUCTION_REQUESTED = notices.define(
    "pipeline.introduction_requested",
    kind=Notification.Kind.INTRODUCTION,
    text=_("%(a)s asks to be introduced to %(b)s"),
)
INTRODUCTION_STATUS = notices.define(
    "pipeline.introduction_status",
    kind=Notification.Kind.INTRODUCTION,
    text=_("Introduction of %(a)s and %(b)s: %(status)s"),
)
INTRODUCTION_MESSAGE = notices.define(
    "pipeline.introduction_message",
    kind=Notification.Kind.INTRODUCTION,
    text=_("New message in the introduction of %(a)s and %(b)s"),
)
AGREEMENT_SIGNED = notices.define(
    "pipeline.agreement_signed",
    kind=Notification.Kind.AGREEMENT,
    text=_("Agreement signed: “%(agreement)s”"),
)
CHANGE_WAITS = notices.define(
    "pipeline.agreement_change_waits",
    kind=Notification.Kind.AGREEMENT,
    text=_("A change to “%(agreement)s” waits for your organisation's consent"),
)
CHANGE_APPLIED = notices.define(
    "pipeline.agreement_change_applied",
    kind=Notification.Kind.AGREEMENT,
    text=_("The change to “%(agreement)s” was applied"),
)
CHANGE_REFUSED = notices.define(
    "pipeline.agreement_change_refused",
    kind=Notification.Kind.AGREEMENT,
    text=_("The change to “%(agreement)s” was refused"),
)
CHANGE_WITHDRAWN = notices.define(
    "pipeline.agreement_change_withdrawn",
    kind=Notification.Kind.AGREEMENT,
    text=_("The change to “%(agreement)s” was withdrawn"),
)


def label_in_both(choice_holder, method: str) -> dict[str, str]:
    """A choice's label in both languages, e.g. an introduction's status."""
    labels = {}
    for language in ("zh-hans", "en"):
        with translation.override(language):
            labels[language] = str(getattr(choice_holder, method)())
    return labels


def pair(introduction) -> dict:
    return {
        "a": notices.name_of(introduction.requesting_organisation),
        "b": notices.name_of(introduction.receiving_organisation),
    }


def introduction_url(introduction) -> str:
    return reverse("pipeline:introduction_detail", args=[introduction.pk])


def agreement_url(agreement_id: int) -> str:
    return reverse("pipeline:agreement_detail", args=[agreement_id])
