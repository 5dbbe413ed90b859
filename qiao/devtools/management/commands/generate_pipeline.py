"""Add synthetic pipeline volume (listings, matches, introductions, agreements, projects) to a
generated cluster, for the insights benchmark: 1,000,000 matches and 50,000 agreements."""

from __future__ import annotations

import datetime
import itertools
import math
import random
import time
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Min, OuterRef, Subquery
from django.utils import timezone

from qiao.directory.models import Organisation
from qiao.market.models import NEED_KINDS, OFFER_KINDS, Listing, Side
from qiao.matching.models import Match
from qiao.pipeline.models import (
    Agreement,
    AgreementParty,
    Introduction,
    IntroductionEvent,
    Project,
    ProjectStage,
)
from qiao.pipeline.services.agreements import refresh_agreement_groups
from qiao.taxonomy.models import Term, Vocabulary

MARK = "（合成）"  # ends every generated title, so a second run can tell what is there
START = datetime.datetime(2021, 1, 1, tzinfo=datetime.UTC)
DAYS = 6 * 365
Status = Introduction.Status
# How far introductions got (shares add up to 1).
STATUS_SHARES = [
    (Status.PROPOSED, 0.18),
    (Status.ACCEPTED, 0.15),
    (Status.DECLINED, 0.15),
    (Status.MEETING_HELD, 0.14),
    (Status.NDA_SIGNED, 0.08),
    (Status.NEGOTIATING, 0.1),
    (Status.AGREEMENT_SIGNED, 0.1),
    (Status.DROPPED, 0.1),
]


class PipelineGenerator:
    def __init__(self, *, seed: int, batch: int, out):
        self.rng = random.Random(seed)
        self.batch = batch
        self.out = out
        self.org_ids = list(Organisation.objects.order_by("pk").values_list("pk", flat=True))
        if len(self.org_ids) < 100:
            raise CommandError("Generate a cluster first (generate_cluster --orgs N).")
        # Heavy-tailed activity: a few organisations (parks, big hospitals) take part in many
        # agreements, as in a real cluster; weights follow 1/rank^0.8 over a shuffled order.
        order = self.org_ids[:]
        self.rng.shuffle(order)
        self.popular = order
        self.popular_weights = list(
            itertools.accumulate(1 / (rank + 1) ** 0.8 for rank in range(len(order)))
        )
        terms = Term.objects.filter(
            vocabulary__in=[Vocabulary.DEVICE_CATEGORY, Vocabulary.LIFECYCLE_STAGE]
        )
        self.categories = [t.pk for t in terms if t.vocabulary == Vocabulary.DEVICE_CATEGORY]
        self.stages = [
            t.pk
            for t in sorted(terms, key=lambda t: t.position)
            if t.vocabulary == Vocabulary.LIFECYCLE_STAGE
        ]

    def _popular_org(self) -> int:
        return self.rng.choices(self.popular, cum_weights=self.popular_weights)[0]

    def _moment(self) -> datetime.datetime:
        return START + datetime.timedelta(seconds=self.rng.randrange(DAYS * 86400))

    def _save(self, model, rows, label):
        started = time.perf_counter()
        for offset in range(0, len(rows), self.batch):
            with transaction.atomic():
                model.objects.bulk_create(rows[offset : offset + self.batch])
        self.out(f"{len(rows):,} {label} in {time.perf_counter() - started:.1f} s")

    def listings(self, count: int) -> tuple[list[Listing], list[Listing]]:
        rows = []
        for n in range(count):
            side = Side.NEED if n % 2 == 0 else Side.OFFER
            kinds = NEED_KINDS if side == Side.NEED else OFFER_KINDS
            published = self._moment()
            rows.append(
                Listing(
                    side=side,
                    kind=self.rng.choice(kinds),
                    organisation_id=self.rng.choice(self.org_ids),
                    title_zh=f"{'需求' if side == Side.NEED else '成果'}{n}{MARK}",
                    status=Listing.Status.PUBLISHED,
                    published_at=published,
                )
            )
        self._save(Listing, rows, "listings")
        saved = list(Listing.objects.filter(title_zh__endswith=MARK).order_by("pk"))
        needs = [x for x in saved if x.side == Side.NEED]
        offers = [x for x in saved if x.side == Side.OFFER]
        return needs, offers

    def matches(self, needs, offers, count: int) -> list[Match]:
        per_listing = max(1, math.ceil(count / (len(needs) + len(offers))))
        rows = []
        for listings, counterparts in ((needs, offers), (offers, needs)):
            for listing in listings:
                for rank, other in enumerate(self.rng.sample(counterparts, per_listing), 1):
                    rows.append(
                        Match(
                            listing_id=listing.pk,
                            counterpart_listing_id=other.pk,
                            score=round(1 - rank / (per_listing + 1), 3),
                            rank=rank,
                        )
                    )
                    if len(rows) >= count:
                        break
                if len(rows) >= count:
                    break
        self._save(Match, rows, "matches")
        return rows

    def introductions(self, needs, offers, count: int) -> None:
        User = get_user_model()
        brokers = [
            User.objects.get_or_create(
                email=f"broker{n}@bench.qiao.example",
                defaults={"is_operator": True, "full_name": f"对接专员{n}"},
            )[0]
            for n in range(20)
        ]
        requester = User.objects.get_or_create(email="requester@bench.qiao.example")[0]
        statuses, shares = zip(*STATUS_SHARES, strict=True)
        offer_org = {o.pk: o.organisation_id for o in offers}
        rows, pairs = [], []
        now = timezone.now()
        for _ in range(count):
            need = self.rng.choice(needs)
            offer_id = self.rng.choice(offers).pk
            created = max(need.published_at, START) + datetime.timedelta(
                hours=self.rng.expovariate(1 / 400)
            )
            created = min(created, now)
            status = self.rng.choices(statuses, weights=shares)[0]
            requested = self.rng.random() < 0.3
            taken = not requested or self.rng.random() < 0.9
            changed = created + datetime.timedelta(hours=self.rng.expovariate(1 / 500))
            rows.append(
                Introduction(
                    requesting_organisation_id=need.organisation_id,
                    receiving_organisation_id=offer_org[offer_id],
                    broker=self.rng.choice(brokers) if taken else None,
                    requested_by=requester if requested else None,
                    status=status if taken else Status.PROPOSED,
                    status_changed_at=changed if status != Status.PROPOSED else None,
                    next_action="跟进" if self.rng.random() < 0.5 else "",
                    next_action_due=(changed + datetime.timedelta(days=14)).date(),
                )
            )
            pairs.append((need.pk, offer_id, created, requested, taken, changed))
        self._save(Introduction, rows, "introductions")
        saved = [row.pk for row in rows]  # bulk_create returns the ids on both databases
        # created_at is auto_now_add: set it afterwards, in one statement per batch.
        Through = Introduction.listings.through
        links, events = [], []
        for pk, row, (need_id, offer_id, created, requested, taken, changed) in zip(
            saved, rows, pairs, strict=True
        ):
            links += [
                Through(introduction_id=pk, listing_id=need_id),
                Through(introduction_id=pk, listing_id=offer_id),
            ]
            events.append(
                IntroductionEvent(
                    introduction_id=pk, at=created, field="status", new_value=Status.PROPOSED
                )
            )
            if requested and taken:
                events.append(
                    IntroductionEvent(
                        introduction_id=pk,
                        at=created + datetime.timedelta(hours=self.rng.expovariate(1 / 30)),
                        field="broker",
                        new_value=str(row.broker_id),
                    )
                )
            if row.status != Status.PROPOSED:
                events.append(
                    IntroductionEvent(
                        introduction_id=pk,
                        at=changed,
                        field="status",
                        old_value=Status.PROPOSED,
                        new_value=row.status,
                    )
                )
        self._save(Through, links, "introduction listings")
        self._save(IntroductionEvent, events, "introduction events")
        started = time.perf_counter()
        with connection.cursor() as cursor:
            table = connection.ops.quote_name(Introduction._meta.db_table)
            events_table = connection.ops.quote_name(IntroductionEvent._meta.db_table)
            cursor.execute(
                f"UPDATE {table} SET created_at = (SELECT MIN(e.at) FROM {events_table} e "  # noqa: S608
                f"WHERE e.introduction_id = {table}.id) WHERE id >= %s",
                [saved[0]],
            )
        first = (
            Through.objects.filter(listing=OuterRef("pk"))
            .values("listing")
            .annotate(first=Min("introduction__created_at"))
            .values("first")
        )
        Listing.objects.filter(title_zh__endswith=MARK, introductions__isnull=False).update(
            first_introduced_at=Subquery(first)
        )
        self.out(f"introduction dates in {time.perf_counter() - started:.1f} s")

    def agreements(self, count: int) -> None:
        kinds = list(Agreement.Kind.values)
        rows, party_sets = [], []
        for n in range(count):
            parties = {self._popular_org()}
            while len(parties) < self.rng.choice((2, 2, 2, 3)):
                parties.add(
                    self._popular_org()
                    if self.rng.random() < 0.5
                    else self.rng.choice(self.org_ids)
                )
            has_amount = self.rng.random() < 0.6
            rows.append(
                Agreement(
                    kind=self.rng.choice(kinds),
                    title_zh=f"合作协议{n}{MARK}",
                    signed_on=self._moment().date(),
                    amount=Decimal(round(math.exp(self.rng.gauss(15, 2)), 2))
                    if has_amount
                    else None,
                    currency="CNY" if self.rng.random() < 0.95 else "USD",
                    is_confidential=self.rng.random() < 0.1,
                )
            )
            party_sets.append(parties)
        self._save(Agreement, rows, "agreements")
        saved = [row.pk for row in rows]
        roles = ("party", "host", "investor", "provider", "client")
        parties = [
            AgreementParty(agreement_id=pk, organisation_id=org, role=self.rng.choice(roles))
            for pk, orgs in zip(saved, party_sets, strict=True)
            for org in orgs
        ]
        self._save(AgreementParty, parties, "agreement parties")
        started = time.perf_counter()
        for offset in range(0, len(saved), self.batch):
            with transaction.atomic():
                refresh_agreement_groups(saved[offset : offset + self.batch])
        self.out(f"agreement groups in {time.perf_counter() - started:.1f} s")
        Through = Agreement.categories.through
        tags = [
            Through(agreement_id=pk, term_id=term)
            for pk in saved
            for term in self.rng.sample(self.categories, self.rng.choice((0, 1, 1, 2)))
        ]
        self._save(Through, tags, "agreement categories")

    def projects(self, count: int) -> None:
        rows, histories = [], []
        for n in range(count):
            steps = self.rng.randint(1, len(self.stages))
            start = self._moment().date()
            history, day = [], start
            for stage in self.stages[:steps]:
                history.append((stage, day))
                day += datetime.timedelta(days=int(self.rng.expovariate(1 / 200)) + 1)
            rows.append(
                Project(
                    organisation_id=self._popular_org(),
                    name_zh=f"项目{n}{MARK}",
                    stage_id=history[-1][0],
                    category_id=self.rng.choice(self.categories),
                    is_confidential=self.rng.random() < 0.2,
                )
            )
            histories.append(history)
        self._save(Project, rows, "projects")
        saved = [row.pk for row in rows]
        stages = [
            ProjectStage(project_id=pk, stage_id=stage, entered_on=day)
            for pk, history in zip(saved, histories, strict=True)
            for stage, day in history
        ]
        self._save(ProjectStage, stages, "project stages")


class Command(BaseCommand):
    help = (
        "Add synthetic listings, matches, introductions, agreements and projects to a "
        "generated cluster, for benchmarks. Does nothing if they are already there."
    )

    def add_arguments(self, parser):
        parser.add_argument("--listings", type=int, default=20_000)
        parser.add_argument("--matches", type=int, default=1_000_000)
        parser.add_argument("--introductions", type=int, default=100_000)
        parser.add_argument("--agreements", type=int, default=50_000)
        parser.add_argument("--projects", type=int, default=10_000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--batch", type=int, default=10_000)

    def handle(self, *args, **options):
        if getattr(settings, "PRODUCTION", False):
            raise CommandError("Refusing to add synthetic rows in production.")
        if Listing.objects.filter(title_zh__endswith=MARK).exists():
            self.stdout.write("synthetic pipeline already there")
            return
        started = time.perf_counter()
        generator = PipelineGenerator(
            seed=options["seed"], batch=options["batch"], out=self.stdout.write
        )
        needs, offers = generator.listings(options["listings"])
        generator.matches(needs, offers, options["matches"])
        generator.introductions(needs, offers, options["introductions"])
        generator.agreements(options["agreements"])
        generator.projects(options["projects"])
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(f"synthetic pipeline generated in {time.perf_counter() - started:.0f} s")
