"""Read queries over the directory. Nothing here writes.

Anonymous visitors see public organisations; signed-in users (operator staff and members
of the cluster's organisations) see every organisation. Contact details of people are for
signed-in users only. ``access_*`` selectors answer 404 for both "missing" and "not
allowed", so ids can't be probed.
"""

from __future__ import annotations

from django.core.cache import caches
from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from qiao.core.search import filter_by_search
from qiao.directory.models import (
    Affiliation,
    Capability,
    Credential,
    InvestorFocus,
    Invitation,
    KeyFigure,
    Organisation,
    OrganisationRelation,
    Person,
)
from qiao.directory.roles import roles_of
from qiao.directory.search import (  # noqa: F401  (the directory's reads, in one place)
    OrganisationFilter,
    Sort,
    consistent_region,
    count_organisations_by_facet,
    list_visible_organisations,
    run_search,
    search_organisations,
    sees_every_organisation,
    sort_of,
)
from qiao.taxonomy.models import Term, Vocabulary


def list_facet_terms() -> dict[str, list[Term]]:
    """Return the active terms of every vocabulary the directory filters on, in one query."""
    grouped: dict[str, list[Term]] = {v: [] for v in Vocabulary.values}
    for term in Term.objects.filter(is_active=True).order_by("vocabulary", "position", "code"):
        grouped[term.vocabulary].append(term)
    return grouped


def list_kind_terms() -> list[Term]:
    """Return the active organisation kinds, in order (kept a few minutes in the process:
    the directory page asks on every search)."""

    def kinds() -> list[Term]:
        return list(
            Term.objects.filter(is_active=True, vocabulary=Vocabulary.ORGANISATION_KIND).order_by(
                "position", "code"
            )
        )

    return caches["search"].get_or_set("directory:kind_terms", kinds, timeout=300)


def access_organisation(*, viewer, organisation_id: int) -> Organisation:
    """Return the organisation if the viewer may see it, else raise Http404."""
    return get_object_or_404(
        list_visible_organisations(viewer=viewer).select_related("kind"), pk=organisation_id
    )


def get_investor_focus(*, organisation: Organisation) -> InvestorFocus | None:
    """The organisation's investor focus with its stages, if it states one."""
    return (
        InvestorFocus.objects.filter(organisation=organisation).prefetch_related("stages").first()
    )


def access_organisation_profile(*, viewer, organisation_id: int) -> Organisation:
    """Return the organisation with everything its profile shows, in a fixed few queries."""
    visible = list_visible_organisations(viewer=viewer)
    related = OrganisationRelation.objects.select_related("source__kind", "target__kind")
    organisation = get_object_or_404(
        visible.select_related("kind").prefetch_related(
            "terms",
            "departments",
            Prefetch("capabilities", queryset=_capabilities()),
            Prefetch("credentials", queryset=_credentials()),
            # news_source: the article a figure came from (``intel.KeyFigureSource``).
            Prefetch(
                "key_figures", queryset=KeyFigure.objects.select_related("news_source__article")
            ),
            Prefetch(
                "affiliations",
                queryset=Affiliation.objects.select_related("person").order_by(
                    "-person__is_think_tank_expert", "person__name_zh"
                ),
            ),
        ),
        pk=organisation_id,
    )
    relations = list(related.filter(Q(source=organisation) | Q(target=organisation)))
    if not roles_of(viewer).is_authenticated:
        relations = [
            r
            for r in relations
            if _other(r, organisation).visibility == Organisation.Visibility.PUBLIC
        ]
    organisation.all_relations = relations
    return organisation


def _other(relation: OrganisationRelation, organisation: Organisation) -> Organisation:
    return relation.target if relation.source_id == organisation.pk else relation.source


def _capabilities():
    return Capability.objects.select_related("technology_area")


def _credentials():
    return Credential.objects.select_related("category")


def list_editable_organisations(*, viewer) -> QuerySet[Organisation]:
    """Return the organisations the viewer may edit: all for operators, else those they run."""
    roles = roles_of(viewer)
    if roles.is_operator:
        return Organisation.objects.all()
    return Organisation.objects.filter(pk__in=roles.admin_of)


def access_editable_organisation(*, viewer, organisation_id: int) -> Organisation:
    """Return the organisation if the viewer may edit it, else raise Http404."""
    return get_object_or_404(
        list_editable_organisations(viewer=viewer).select_related("kind"), pk=organisation_id
    )


def list_visible_people(*, viewer) -> QuerySet[Person]:
    """Return people with at least one visible organisation, or none (anonymous sees fewer)."""
    people = Person.objects.all()
    if not roles_of(viewer).is_authenticated:
        people = people.filter(
            affiliations__organisation__visibility=Organisation.Visibility.PUBLIC
        ).distinct()
    return people


def search_people(
    *, viewer, q: str = "", organisation_id: int | None = None, think_tank: bool | None = None
) -> QuerySet[Person]:
    people = list_visible_people(viewer=viewer)
    if organisation_id:
        people = people.filter(affiliations__organisation_id=organisation_id)
    if think_tank is not None:
        people = people.filter(is_think_tank_expert=think_tank)
    if q.strip():
        people = filter_by_search(people, q)
    return people.prefetch_related(
        Prefetch("affiliations", queryset=Affiliation.objects.select_related("organisation"))
    ).order_by("name_zh", "id")


def access_person(*, viewer, person_id: int) -> Person:
    return get_object_or_404(
        list_visible_people(viewer=viewer).prefetch_related(
            Prefetch("affiliations", queryset=Affiliation.objects.select_related("organisation")),
            "expertise_terms",
        ),
        pk=person_id,
    )


def list_editable_people(*, viewer) -> QuerySet[Person]:
    """Return people the viewer may edit: all for operators, else those of orgs they run."""
    roles = roles_of(viewer)
    if roles.is_operator:
        return Person.objects.all()
    return Person.objects.filter(affiliations__organisation_id__in=roles.admin_of).distinct()


def access_editable_person(*, viewer, person_id: int) -> Person:
    return get_object_or_404(list_editable_people(viewer=viewer), pk=person_id)


def get_open_invitation(*, token: str) -> Invitation | None:
    """Return the invitation of this link if it is still open (not accepted, not expired)."""
    return (
        Invitation.objects.select_related("organisation")
        .filter(token=token, accepted_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )
