"""Sections a higher app adds to a lower app's page (the organisation profile as the hub).

The directory sits below the apps that know an organisation's needs and offers, agreements,
projects, events and instruments, and the market below the pipeline that knows which
projects answer a need; neither may import them. So the higher app registers a section for
the page in its ``AppConfig.ready()``: a function that, given the viewer and the page's
object, returns the context of its template, read through that app's own
permission-checked selectors (``None``: nothing to show this viewer). The page renders the
sections in their order (``{% include section.template with section=section %}``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# Pages that take sections, and the object each passes to ``build``.
ORGANISATION_PAGE = "directory.organisation"  # build(viewer=…, obj=Organisation)
LISTING_PAGE = "market.listing"  # build(viewer=…, obj=Listing)

Build = Callable[..., "dict[str, Any] | None"]


@dataclass(frozen=True)
class Section:
    key: str
    template: str
    order: int
    build: Build


@dataclass(frozen=True)
class RenderedSection:
    key: str
    template: str
    context: dict[str, Any]


_PAGES: dict[str, dict[str, Section]] = {}


def register(page: str, key: str, *, template: str, order: int, build: Build) -> None:
    """Add (or replace, by key) a section of ``page``; ``build(viewer=…, obj=…)``."""
    _PAGES.setdefault(page, {})[key] = Section(key, template, order, build)


def render_sections(page: str, *, viewer, obj) -> list[RenderedSection]:
    """The sections of ``page`` this viewer sees for ``obj``, in order."""
    rendered = []
    sections = _PAGES.get(page, {}).values()
    for section in sorted(sections, key=lambda s: (s.order, s.key)):
        context = section.build(viewer=viewer, obj=obj)
        if context is not None:
            rendered.append(RenderedSection(section.key, section.template, context))
    return rendered
