"""Load the demo cluster and the demo sign-ins; running it again adds only what is missing."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from qiao.devtools.demo_cluster import (
    DEMO_PASSWORD,
    SIGN_INS,
    Cluster,
    OrganisationSpec,
    build_demo_cluster,
)
from qiao.devtools.demo_events import load_demo_event
from qiao.devtools.demo_lab import INSTRUMENTS, VOUCHER
from qiao.devtools.demo_market import LISTINGS
from qiao.devtools.demo_park import load_park_demo
from qiao.devtools.demo_pipeline import AGREEMENTS, PROJECTS
from qiao.directory import services
from qiao.directory.models import (
    Affiliation,
    Capability,
    Credential,
    Department,
    KeyFigure,
    Membership,
    Organisation,
    OrganisationRelation,
)
from qiao.lab import services as lab_services
from qiao.lab.models import Equipment, Voucher
from qiao.market import services as market_services
from qiao.market.forms import side_of
from qiao.market.models import Listing
from qiao.pipeline import services as pipeline_services
from qiao.pipeline.models import Agreement, Project
from qiao.taxonomy.loading import load_shipped_terms
from qiao.taxonomy.models import Term, Vocabulary


class Command(BaseCommand):
    help = (
        "Load the demo cluster (organisations named in the seed news reports plus synthetic "
        "members) and demo sign-ins. Organisations already there (same Chinese name) are "
        "reused. --print-sign-ins only lists the sign-ins."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--print-sign-ins", action="store_true", help="List the demo sign-ins and stop."
        )

    def handle(self, *args, print_sign_ins=False, **options):
        if print_sign_ins:
            self.stdout.write("Demo sign-ins (e-mail / password / role):")
            for sign_in in SIGN_INS:
                self.stdout.write(f"  {sign_in.email} / {DEMO_PASSWORD} / {sign_in.role_label}")
            return
        if getattr(settings, "PRODUCTION", False):
            raise CommandError("Refusing to load demo data and known passwords in production.")
        counts = load_demo_cluster(cluster=build_demo_cluster())
        self.stdout.write(
            "demo cluster: {organisations} organisations created ({reused} already there), "
            "{relations} relations, {people} people, {sign_ins} sign-ins, "
            "{listings} needs and offers, {agreements} agreements, {projects} projects, "
            "{instruments} lab instruments, {events} events created".format(**counts)
        )
        if counts["listings"]:
            self.stdout.write(f"matched {match_all_listings()} open listings")
        park = load_park_demo()
        self.stdout.write(
            "park demo: {policies} policies, {service_requests} service requests, "
            "{campaigns} statistics campaigns, {leads} investment leads, {experts} experts, "
            "{calls} calls, {alliance_memberships} alliance memberships created".format(**park)
        )


@transaction.atomic
def load_demo_cluster(*, cluster: Cluster) -> Counter:
    """Create the cluster's missing rows; return how many of each were created."""
    load_shipped_terms(Term)
    terms = {(t.vocabulary, t.code): t for t in Term.objects.all()}
    counts: Counter = Counter()
    organisations, created = _load_organisations(cluster, terms=terms, counts=counts)
    _load_parts(cluster, organisations=organisations, created=created, terms=terms)
    counts["relations"] = _load_relations(cluster, organisations=organisations)
    counts["people"] = _load_people(cluster, organisations=organisations)
    counts["sign_ins"] = _load_sign_ins(organisations=organisations)
    counts["listings"] = _load_listings(organisations=organisations, terms=terms)
    counts["agreements"] = _load_agreements(organisations=organisations)
    counts["projects"] = _load_projects(organisations=organisations, terms=terms)
    counts["instruments"] = _load_lab(organisations=organisations)
    counts["events"] = load_demo_event(organisations=organisations)
    return counts


def _load_lab(*, organisations: dict[str, Organisation]) -> int:
    """List the demo instruments (bookable, offered in the market) and the demo voucher, once."""
    operator = get_user_model().objects.filter(is_operator=True).order_by("pk").first()
    created = 0
    for spec in INSTRUMENTS:
        owner = organisations[spec.owner]
        if Equipment.objects.filter(organisation=owner, name_zh=spec.name_zh).exists():
            continue
        own, member, external = (Decimal(rate) for rate in spec.rates)
        lab_services.create_equipment(
            created_by=operator, organisation=owner, status=Equipment.Status.AVAILABLE,
            name_zh=spec.name_zh, name_en=spec.name_en, category=spec.category,
            make_model=spec.make_model, location=spec.location,
            description_zh=spec.description_zh, description_en=spec.description_en,
            specifications=spec.specifications, rate_own=own, rate_member=member,
            rate_external=external, **spec.fields,
        )  # fmt: skip
        created += 1
    voucher = dict(VOUCHER)
    if not Voucher.objects.filter(number=voucher["number"]).exists():
        lab_services.grant_voucher(
            organisation=organisations[voucher.pop("organisation")], granted_by=operator, **voucher
        )
    return created


def _load_agreements(*, organisations: dict[str, Organisation]) -> int:
    """Record the signings the seed reports describe, once."""
    operator = get_user_model().objects.filter(is_operator=True).order_by("pk").first()
    created = 0
    for spec in AGREEMENTS:
        if Agreement.objects.filter(title_zh=spec.title_zh).exists():
            continue
        pipeline_services.create_agreement(
            created_by=operator,
            parties=[(organisations[key], role) for key, role in spec.parties],
            kind=spec.kind,
            title_zh=spec.title_zh,
            title_en=spec.title_en,
            signed_on=spec.signed_on,
            place=spec.place,
            amount=spec.amount,
            project_count=spec.project_count,
            description=spec.description,
            categories=Term.objects.filter(
                vocabulary=Vocabulary.DEVICE_CATEGORY, code__in=spec.categories
            ),
        )
        created += 1
    return created


def _load_projects(*, organisations: dict[str, Organisation], terms: dict) -> int:
    """Create the demo project and walk it through its journey, once."""
    operator = get_user_model().objects.filter(is_operator=True).order_by("pk").first()
    created = 0
    for spec in PROJECTS:
        if Project.objects.filter(name_zh=spec.name_zh).exists():
            continue
        (first_stage, first_day), *later = spec.stages
        project = pipeline_services.create_project(
            created_by=operator,
            organisation=organisations[spec.owner],
            stage=terms[(Vocabulary.LIFECYCLE_STAGE, first_stage)],
            entered_on=first_day,
            name_zh=spec.name_zh,
            name_en=spec.name_en,
            category=terms[(Vocabulary.DEVICE_CATEGORY, spec.category)],
        )
        for stage, day in later:
            pipeline_services.change_project_stage(
                project=project,
                stage=terms[(Vocabulary.LIFECYCLE_STAGE, stage)],
                entered_on=day,
                changed_by=operator,
            )
        for kind, day, site, certificate in spec.milestones:
            pipeline_services.add_milestone(
                project=project,
                added_by=operator,
                kind=kind,
                reached_on=day,
                site=organisations[site] if site else None,
                certificate_number=certificate,
            )
        created += 1
    return created


def _load_listings(*, organisations: dict[str, Organisation], terms: dict) -> int:
    """Create the demo needs and offers that are missing, published by the demo operator."""
    operator = get_user_model().objects.filter(is_operator=True).order_by("pk").first()
    created = 0
    for spec in LISTINGS:
        organisation = organisations[spec.owner]
        if Listing.objects.filter(organisation=organisation, title_zh=spec.title_zh).exists():
            continue
        listing = market_services.create_listing(
            created_by=operator,
            organisation=organisation,
            side=side_of(spec.kind),
            kind=spec.kind,
            terms=[terms[tuple(tag.split(":", 1))] for tag in spec.tags],
            title_zh=spec.title_zh,
            title_en=spec.title_en,
            summary_zh=spec.summary_zh,
            summary_en=spec.summary_en,
            description=spec.description,
            stage=terms[(Vocabulary.LIFECYCLE_STAGE, spec.stage)] if spec.stage else None,
            province=organisation.province,
            city=organisation.city,
            visibility=spec.visibility,
            nda_terms=spec.nda_terms,
            **spec.fields,
        )
        market_services.change_listing_status(
            listing=listing, status=Listing.Status.PUBLISHED, changed_by=operator
        )
        created += 1
    return created


def match_all_listings() -> int:
    """Match every open listing now, so the demo's matches panels are filled at once."""
    from qiao.matching import services as matching_services

    matching_services.reset_index()
    listing_ids = Listing.objects.filter(status__in=Listing.OPEN_STATUSES).values_list(
        "pk", flat=True
    )
    for listing_id in listing_ids:
        matching_services.run_matching_for_listing(listing_id=listing_id)
    return len(listing_ids)


def _organisation_fields(spec: OrganisationSpec, terms: dict) -> dict:
    province, city, district = spec.region
    return {
        "kind": terms[(Vocabulary.ORGANISATION_KIND, spec.kind)],
        "name_zh": spec.name_zh,
        "name_en": spec.name_en,
        "short_name_zh": spec.short_name_zh,
        "short_name_en": spec.short_name_en,
        "aliases": "\n".join(spec.aliases),
        "province": province,
        "city": city,
        "district": district,
        "founded_year": spec.founded_year,
        "description_zh": spec.description_zh,
        "description_en": spec.description_en,
        "visibility": spec.visibility,
    }


def _load_organisations(
    cluster: Cluster, *, terms: dict, counts: Counter
) -> tuple[dict[str, Organisation], set[str]]:
    """Return every spec's row by key, and the keys of the rows created now."""
    existing = Organisation.objects.in_bulk(
        [spec.name_zh for spec in cluster.organisations], field_name="name_zh"
    )
    organisations, created = {}, set()
    for spec in cluster.organisations:
        organisation = existing.get(spec.name_zh)
        if organisation is None:
            data = {**_organisation_fields(spec, terms), "terms": [terms[t] for t in spec.tags]}
            organisation = services.create_organisation(by=None, data=data)
            created.add(spec.key)
        organisations[spec.key] = organisation
    counts["organisations"] = len(created)
    counts["reused"] = len(organisations) - len(created)
    return organisations, created


def _load_parts(
    cluster: Cluster, *, organisations: dict[str, Organisation], created: set[str], terms: dict
) -> None:
    # Parts are added only to organisations created in this run: a reused row keeps what it
    # has, so a second run (or an operator's own edits) is never doubled or overwritten.
    def term(vocabulary: str, code: str) -> Term | None:
        return terms[(vocabulary, code)] if code else None

    parts = [
        Department(
            organisation=organisations[d.organisation], name_zh=d.name_zh, name_en=d.name_en,
            key_specialty_level=d.key_specialty_level, description=d.description,
        )
        for d in cluster.departments if d.organisation in created
    ] + [
        Capability(
            organisation=organisations[c.organisation], kind=c.kind, name_zh=c.name_zh,
            name_en=c.name_en, description=c.description,
            technology_area=term(Vocabulary.TECHNOLOGY_AREA, c.technology_area),
        )
        for c in cluster.capabilities if c.organisation in created
    ] + [
        Credential(
            organisation=organisations[c.organisation], kind=c.kind, title=c.title,
            number=c.number, device_class=c.device_class, status=c.status,
            category=term(Vocabulary.DEVICE_CATEGORY, c.category),
        )
        for c in cluster.credentials if c.organisation in created
    ]  # fmt: skip
    positions: Counter = Counter()
    for k in cluster.key_figures:
        if k.organisation in created:
            parts.append(
                KeyFigure(
                    organisation=organisations[k.organisation], label_zh=k.label_zh,
                    label_en=k.label_en, value=k.value, unit_zh=k.unit_zh, unit_en=k.unit_en,
                    position=positions[k.organisation],
                )
            )  # fmt: skip
            positions[k.organisation] += 1
    for part in parts:
        model = type(part)
        data = {name: getattr(part, name) for name in services.PART_FIELDS[model]}
        services.add_part(organisation=part.organisation, by=None, model=model, data=data)


def _load_relations(cluster: Cluster, *, organisations: dict[str, Organisation]) -> int:
    ids = [organisation.pk for organisation in organisations.values()]
    existing = set(
        OrganisationRelation.objects.filter(source_id__in=ids).values_list(
            "source_id", "target_id", "kind"
        )
    )
    created = 0
    for spec in cluster.relations:
        source, target = organisations[spec.source], organisations[spec.target]
        if (source.pk, target.pk, spec.kind) in existing:
            continue
        services.add_part(
            organisation=source,
            by=None,
            model=OrganisationRelation,
            data={"target": target, "kind": spec.kind, "note": spec.note},
        )
        created += 1
    return created


def _load_people(cluster: Cluster, *, organisations: dict[str, Organisation]) -> int:
    """Create the people not yet at their first organisation under the same Chinese name."""
    ids = [organisation.pk for organisation in organisations.values()]
    existing = set(
        Affiliation.objects.filter(organisation_id__in=ids).values_list(
            "person__name_zh", "organisation_id"
        )
    )
    created = 0
    for spec in cluster.people:
        first = organisations[spec.affiliations[0].organisation]
        if (spec.name_zh, first.pk) in existing:
            continue
        person = {
            "name_zh": spec.name_zh,
            "name_en": spec.name_en,
            "expertise": spec.expertise,
            "is_think_tank_expert": spec.is_think_tank_expert,
        }
        affiliations = [
            {
                "organisation": organisations[a.organisation],
                "title_zh": a.title_zh,
                "title_en": a.title_en,
            }
            for a in spec.affiliations
        ]
        services.create_person(by=None, data=person, affiliations=affiliations)
        created += 1
    return created


def _load_sign_ins(*, organisations: dict[str, Organisation]) -> int:
    """Create the demo accounts that are missing and give them their memberships."""
    User = get_user_model()
    created = 0
    for spec in SIGN_INS:
        user = User.objects.filter(email__iexact=spec.email).first()
        if user is None:
            user = User(email=spec.email, full_name=spec.full_name)
            validate_password(DEMO_PASSWORD, user)
            user = User.objects.create_user(
                spec.email,
                DEMO_PASSWORD,
                full_name=spec.full_name,
                is_operator=spec.is_operator,
                is_staff=spec.is_operator,
                is_superuser=spec.is_operator,
            )
            created += 1
        if spec.organisation:
            # No directory service adds a member directly (only invitations do), so the
            # membership row is written here; get_or_create keeps a second run harmless.
            Membership.objects.get_or_create(
                user=user,
                organisation=organisations[spec.organisation],
                defaults={"role": spec.role},
            )
    return created
