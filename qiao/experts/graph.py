"""Qiao's graph as the conflict rules read it: rows → ``qiao.experts.conflicts`` values.

Reads directory relations, agreements (every pair of parties), introductions, projects
(owner, service providers, trial sites) and experts' affiliations and declarations. Only
operators see what these explain (assignment and exclusions are the operator's work), so
confidential agreements count too: a conflict is real whether or not the public sees it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from itertools import combinations

from django.conf import settings
from django.utils import timezone

from qiao.directory.models import Organisation, OrganisationRelation
from qiao.experts import conflicts as rules
from qiao.experts.models import Expert
from qiao.pipeline.models import Agreement, Introduction, Project

__all__ = ["conflict_years", "expert_facts", "graph_for", "org_names"]


def conflict_years() -> int:
    """Return N of "collaboration within N years" (setting ``QIAO_CONFLICT_YEARS``)."""
    return int(getattr(settings, "QIAO_CONFLICT_YEARS", 3))


def expert_facts(expert: Expert) -> rules.Expert:
    """Return the pure facts of an expert (prefetch affiliations and declarations)."""
    orgs: dict[str, datetime.date | None] = {
        str(a.organisation_id): None for a in expert.person.affiliations.all()
    }
    declarations = tuple(
        rules.Declaration(
            d.kind,
            org_id=str(d.organisation_id or ""),
            person_id=str(d.person_id or ""),
            note=d.note,
        )
        for d in expert.declarations.all()
    )
    return rules.Expert(str(expert.pk), str(expert.person_id), orgs, declarations)


def _relations(org_ids: set[int], since: datetime.date) -> Iterable[rules.Link]:
    rows = OrganisationRelation.objects.filter(source_id__in=org_ids) | (
        OrganisationRelation.objects.filter(target_id__in=org_ids)
    )
    for r in rows:
        yield rules.Link("relation", str(r.source_id), str(r.target_id), r.ended_on, r.kind)


def _agreements(org_ids: set[int], since: datetime.date) -> Iterable[rules.Link]:
    agreements = (
        Agreement.objects.filter(signed_on__gte=since, parties__organisation_id__in=org_ids)
        .distinct()
        .prefetch_related("parties")
    )
    for agreement in agreements:
        parties = sorted({p.organisation_id for p in agreement.parties.all()})
        for a, b in combinations(parties, 2):
            yield rules.Link("agreement", str(a), str(b), agreement.signed_on, agreement.title_zh)


def _introductions(org_ids: set[int], since: datetime.date) -> Iterable[rules.Link]:
    start = timezone.make_aware(datetime.datetime.combine(since, datetime.time()))
    rows = Introduction.objects.filter(updated_at__gte=start).filter(
        requesting_organisation_id__in=org_ids
    ) | Introduction.objects.filter(updated_at__gte=start, receiving_organisation_id__in=org_ids)
    for intro in rows.select_related("requesting_organisation", "receiving_organisation"):
        a, b = intro.requesting_organisation, intro.receiving_organisation
        detail = f"{a.name_zh} — {b.name_zh}"
        yield rules.Link("introduction", str(a.pk), str(b.pk), intro.updated_at.date(), detail)


def _projects(org_ids: set[int], since: datetime.date) -> Iterable[rules.Link]:
    start = timezone.make_aware(datetime.datetime.combine(since, datetime.time()))
    projects = Project.objects.filter(updated_at__gte=start).prefetch_related(
        "providers", "milestones"
    )
    for project in projects:
        members = {project.organisation_id}
        members |= {p.organisation_id for p in project.providers.all()}
        members |= {m.site_id for m in project.milestones.all() if m.site_id}
        if not members & org_ids:
            continue
        for a, b in combinations(sorted(members), 2):
            yield rules.Link("project", str(a), str(b), project.updated_at.date(), project.name_zh)


def graph_for(org_ids: Iterable[int], *, today: datetime.date) -> rules.Graph:
    """Return the links that touch any of ``org_ids`` and may still count (see the rules)."""
    ids = set(org_ids)
    since = rules.window_start(today, conflict_years())
    links: list[rules.Link] = []
    for source in (_relations, _agreements, _introductions, _projects):
        links.extend(source(ids, since))
    return rules.Graph.of(links)


def org_names(org_ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    """Return {id: (Chinese name, English name)} for explanations."""
    ids = [int(i) for i in org_ids if i.isdigit()]
    rows = Organisation.objects.filter(pk__in=ids).values_list("pk", "name_zh", "name_en")
    return {str(pk): (zh, en) for pk, zh, en in rows}
