"""Add a large synthetic cluster (up to millions of organisations) for benchmarks."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Max

from qiao.devtools.synthetic import DrawnOrganisation, draw_kind, draw_organisation
from qiao.directory.models import Capability, Organisation, OrganisationRelation, RelationKind
from qiao.directory.services import set_search_fields
from qiao.taxonomy.models import Term, Vocabulary

# Shares of the generated organisations that get a capability or a tie to a park or alliance.
CAPABILITY_SHARE = 0.3
LOCATED_IN_SHARE = 0.4
MEMBER_OF_SHARE = 0.2
_TENANT_KINDS = frozenset({"company", "cro", "cdmo", "testing_lab", "institute", "platform"})


@dataclass
class BatchRows:
    organisations: list[Organisation] = field(default_factory=list)
    terms: list[list[Term]] = field(default_factory=list)
    capabilities: list[list[Capability]] = field(default_factory=list)


class ClusterGenerator:
    """Build and insert synthetic organisations batch by batch, bypassing the services.

    The rows are what ``create_organisation`` and ``add_part`` would have written: the
    search fields are computed by the same function, over the same texts (no audit entries
    and no look-alike name keys: synthetic names are unique by their number).
    Names end in "（G<number>）", so they stay unique as long as numbers are not reused.
    """

    def __init__(self, *, seed: int):
        self.rng = random.Random(seed)
        terms = list(Term.objects.all())
        self.terms = {(t.vocabulary, t.code): t for t in terms}
        self.kinds = {t.code: t for t in terms if t.vocabulary == Vocabulary.ORGANISATION_KIND}
        self.counts = {"organisations": 0, "tags": 0, "capabilities": 0, "relations": 0}

    def add_batch(self, *, first_number: int, size: int) -> None:
        rows = BatchRows()
        for number in range(first_number, first_number + size):
            self._build(number, rows)
        relations = self._relations(rows.organisations)
        ties: dict[int, int] = {}
        for relation in relations:
            for end in (relation.source, relation.target):
                ties[id(end)] = ties.get(id(end), 0) + 1
        for organisation, terms, capabilities in zip(
            rows.organisations, rows.terms, rows.capabilities, strict=True
        ):
            set_search_fields(
                organisation,
                terms=terms,
                part_names=[text for c in capabilities for text in (c.name_zh, c.name_en)],
                relations=ties.get(id(organisation), 0),
            )
        Organisation.objects.bulk_create(rows.organisations)
        Through = Organisation.terms.through
        tags = [
            Through(organisation_id=organisation.pk, term_id=term.pk)
            for organisation, terms in zip(rows.organisations, rows.terms, strict=True)
            for term in terms
        ]
        Through.objects.bulk_create(tags)
        capabilities = []
        for organisation, own in zip(rows.organisations, rows.capabilities, strict=True):
            for capability in own:
                capability.organisation = organisation
                capabilities.append(capability)
        Capability.objects.bulk_create(capabilities)
        for relation in relations:  # their ends have ids now
            relation.source_id, relation.target_id = relation.source.pk, relation.target.pk
        OrganisationRelation.objects.bulk_create(relations)
        self.counts["organisations"] += len(rows.organisations)
        self.counts["tags"] += len(tags)
        self.counts["capabilities"] += len(capabilities)
        self.counts["relations"] += len(relations)

    def _build(self, number: int, rows: BatchRows) -> None:
        drawn = draw_organisation(self.rng, kind=draw_kind(self.rng), tag=f"G{number:07d}")
        organisation = Organisation(
            kind=self.kinds[drawn.kind],
            name_zh=drawn.name_zh,
            name_en=drawn.name_en,
            short_name_zh=drawn.short_name_zh,
            short_name_en=drawn.short_name_en,
            province=drawn.region.province,
            city=drawn.region.city,
            district=drawn.region.district,
            founded_year=drawn.founded_year,
            description_zh=drawn.description_zh,
            description_en=drawn.description_en,
        )
        terms = self._terms(drawn)
        capabilities = [
            Capability(
                kind=c.kind,
                name_zh=c.name_zh,
                name_en=c.name_en,
                technology_area=self.terms.get((Vocabulary.TECHNOLOGY_AREA, c.technology_area)),
            )
            for c in drawn.capabilities[:1]
            if self.rng.random() < CAPABILITY_SHARE
        ]
        rows.organisations.append(organisation)
        rows.terms.append(terms)
        rows.capabilities.append(capabilities)

    def _terms(self, drawn: DrawnOrganisation) -> list[Term]:
        return [
            self.terms[(vocabulary, code)]
            for vocabulary, codes in (
                (Vocabulary.DEVICE_CATEGORY, drawn.device_categories),
                (Vocabulary.TECHNOLOGY_AREA, drawn.technology_areas),
                (Vocabulary.THERAPEUTIC_AREA, drawn.therapeutic_areas),
                (Vocabulary.LIFECYCLE_STAGE, drawn.lifecycle_stages),
            )
            for code in codes
        ]

    def _relations(self, organisations: list[Organisation]) -> list[OrganisationRelation]:
        """Place some of the batch's tenants in its parks and some in its alliances."""
        parks = [o for o in organisations if o.kind.code == "park"]
        alliances = [o for o in organisations if o.kind.code == "alliance"]
        relations = []
        for organisation in organisations:
            if organisation.kind.code not in _TENANT_KINDS:
                continue
            for kind, hubs, share in (
                (RelationKind.LOCATED_IN, parks, LOCATED_IN_SHARE),
                (RelationKind.MEMBER_OF, alliances, MEMBER_OF_SHARE),
            ):
                if hubs and self.rng.random() < share:
                    relations.append(
                        OrganisationRelation(
                            source=organisation, target=self.rng.choice(hubs), kind=kind
                        )
                    )
        return relations


class Command(BaseCommand):
    help = (
        "Add N synthetic organisations with tags, capabilities and relations, in batches, "
        "for benchmarks. Safe to run again: new names continue after the highest id."
    )

    def add_arguments(self, parser):
        parser.add_argument("--orgs", type=int, required=True, help="How many to add.")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument(
            "--batch", type=int, default=5000, help="Rows per transaction (default 5000)."
        )

    def handle(self, *args, orgs: int, seed: int, batch: int, **options):
        if getattr(settings, "PRODUCTION", False):
            raise CommandError("Refusing to add synthetic organisations in production.")
        if orgs < 1 or batch < 1:
            raise CommandError("--orgs and --batch must be positive.")
        generator = ClusterGenerator(seed=seed)
        # Numbers start above the highest id: ids only grow, so no earlier generated name
        # (whose number is at most its own id) can come back.
        first = (Organisation.objects.aggregate(last=Max("id"))["last"] or 0) + 1
        started = time.perf_counter()
        for offset in range(0, orgs, batch):
            size = min(batch, orgs - offset)
            with transaction.atomic():
                generator.add_batch(first_number=first + offset, size=size)
            elapsed = time.perf_counter() - started
            done = offset + size
            self.stdout.write(
                f"{done:,}/{orgs:,} organisations, {elapsed:.1f} s, {done / elapsed:,.0f}/s"
            )
        # Bulk loads leave the planner's statistics empty until autovacuum gets round to it;
        # without them PostgreSQL scans every row to evaluate a search (seen: 1.5 s vs 7 ms).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        elapsed = time.perf_counter() - started
        counts = generator.counts
        self.stdout.write(
            f"generated {counts['organisations']:,} organisations, {counts['tags']:,} tags, "
            f"{counts['capabilities']:,} capabilities and {counts['relations']:,} relations "
            f"in {elapsed:.1f} s ({counts['organisations'] / elapsed:,.0f} organisations/s)"
        )
