"""The organisation profile as the hub: sections other apps add to it.

The directory sits below the apps that know an organisation's needs and offers, agreements,
projects, events and instruments, so it can't import them. Each of those apps registers a
section in its ``AppConfig.ready()``: a function that, given the viewer and the
organisation, returns the context of its template, read through that app's own
permission-checked selectors (``None``: nothing to show this viewer). The profile page
renders the sections in their order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from qiao.directory.models import Organisation


@dataclass(frozen=True)
class Section:
    key: str
    template: str
    order: int
    build: Callable[..., dict[str, Any] | None]


@dataclass(frozen=True)
class RenderedSection:
    key: str
    template: str
    context: dict[str, Any]


_SECTIONS: dict[str, Section] = {}


def register_section(
    key: str, *, template: str, order: int, build: Callable[..., dict[str, Any] | None]
) -> None:
    """Add (or replace, by key) a section of the organisation profile.

    ``build(viewer=…, organisation=…)`` returns the template's context or ``None``.
    """
    _SECTIONS[key] = Section(key, template, order, build)


def build_sections(*, viewer, organisation: Organisation) -> list[RenderedSection]:
    """The sections this viewer sees on the organisation's profile, in order."""
    rendered = []
    for section in sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key)):
        context = section.build(viewer=viewer, organisation=organisation)
        if context is not None:
            rendered.append(RenderedSection(section.key, section.template, context))
    return rendered
