"""The worker's live index: every change that feeds matching reaches it, by any path, and
no change is skipped when transactions commit out of order (the IndexChange outbox)."""

import datetime
import threading

import pytest
from django.db import connection, connections, transaction
from django.test import Client

from qiao.directory import services as directory_services
from qiao.directory.models import Membership
from qiao.directory.tests.factories import OrganisationFactory, make_member
from qiao.market import services as market_services
from qiao.market.models import Kind, Listing
from qiao.market.tests.factories import make_listing
from qiao.matching import candidates, index, scoring
from qiao.matching.models import IndexChange, Match
from qiao.matching.services import run_matching_for_listing

pytestmark = pytest.mark.django_db

CAPABILITY = "微流控芯片代工"


@pytest.fixture(autouse=True)
def _fresh_index():
    index.reset_index()
    yield
    index.reset_index()


@pytest.fixture
def lab(db):
    return OrganisationFactory(name_zh="某某科技", name_en="Someco", province="上海市")


@pytest.fixture
def lab_admin(lab):
    return make_member(lab, role=Membership.Role.ADMIN)


@pytest.fixture
def need(other_organisation):
    return make_listing(
        organisation=other_organisation,
        kind=Kind.CLINICAL,
        title_zh="寻找微流控芯片代工合作",
        summary_zh="需要微流控芯片代工，NMPA class III registration",
        province="广东省",
    )


def api(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def ranked(need: Listing, organisation) -> dict[str, tuple[str, ...]] | None:
    """The reasons (code → terms) of ``organisation`` in the worker's answer, or None."""
    query = candidates.engine_listing(need, full=True)
    for match in index.current_index().rank(query, k=50):
        if match.id == candidates.organisation_key(organisation.pk):
            return {reason.code: reason.terms for reason in match.reasons}
    return None


def add_capability(user, organisation):
    response = api(user).post(
        f"/api/directory/organisations/{organisation.pk}/capabilities/",
        {"kind": "platform", "name_zh": CAPABILITY},
        content_type="application/json",
    )
    assert response.status_code == 201


def test_a_capability_added_through_the_api_reaches_the_index_and_the_matches(need, lab, lab_admin):
    # BUG on main: the API saved the capability and moved no updated_at, so the worker's
    # index never learned of it.
    assert ranked(need, lab) is None
    add_capability(lab_admin, lab)
    reasons = ranked(need, lab)
    assert reasons is not None
    assert CAPABILITY in reasons["capability"]
    run_matching_for_listing(listing_id=need.pk)
    assert Match.objects.filter(listing=need, counterpart_organisation=lab).count() == 1


def test_a_credential_added_through_the_api_reaches_the_index(need, lab, lab_admin):
    add_capability(lab_admin, lab)
    assert "credential" not in ranked(need, lab)
    response = api(lab_admin).post(
        f"/api/directory/organisations/{lab.pk}/credentials/",
        {"kind": "registration", "title": "三类注册证", "device_class": "III"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert "NMPA class III" in ranked(need, lab)["credential"]


def test_a_region_change_through_the_api_reaches_the_index(need, lab, lab_admin):
    add_capability(lab_admin, lab)
    assert "region" not in ranked(need, lab)
    response = api(lab_admin).patch(
        f"/api/directory/organisations/{lab.pk}",
        {"province": "广东省"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert ranked(need, lab)["region"] == ("广东省",)


def test_a_kind_change_through_the_api_reaches_the_index(need, lab, lab_admin, operator):
    add_capability(lab_admin, lab)
    assert ranked(need, lab)["kind_fit"][0] == "clinical>company"
    response = api(operator).patch(
        f"/api/directory/organisations/{lab.pk}",
        {"kind": "hospital"},
        content_type="application/json",
    )
    assert response.status_code == 200
    # A hospital does not answer a clinical need: the worker drops it from the answer.
    assert ranked(need, lab) is None


def test_an_owner_kind_change_refreshes_the_owners_listings_too(need, operator):
    offer = make_listing(
        organisation=OrganisationFactory(),
        kind=Kind.TECHNOLOGY,
        title_zh="微流控芯片代工平台",
        summary_zh="提供微流控芯片代工",
    )
    index.current_index()
    key = candidates.listing_key(offer.pk)
    hospital = offer.organisation
    api(operator).patch(
        f"/api/directory/organisations/{hospital.pk}",
        {"kind": "university"},
        content_type="application/json",
    )
    query = candidates.engine_listing(need, full=True)
    match = next(m for m in index.current_index().rank(query, k=50) if m.id == key)
    kind_fit = next(r for r in match.reasons if r.code == "kind_fit")
    assert "owner:university" in kind_fit.terms


def test_listing_changes_reach_the_index_without_a_rebuild(need, operator, member, organisation):
    index.current_index()
    offer = make_listing(organisation=organisation, title_zh="微流控芯片代工服务")
    key = candidates.listing_key(offer.pk)
    query = candidates.engine_listing(need, full=True)
    assert key in [m.id for m in index.current_index().rank(query, k=50)]
    market_services.change_listing_status(
        listing=offer, status=Listing.Status.CLOSED, changed_by=member
    )
    assert key not in [m.id for m in index.current_index().rank(query, k=50)]


def test_the_outbox_row_rolls_back_with_the_change(lab, operator):
    before = IndexChange.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        market_services.create_listing(
            created_by=operator, organisation=lab, side="offer", kind=Kind.PRODUCT, title_zh="x"
        )
        directory_services.update_organisation(
            organisation=lab, by=None, data={"name_en": "Renamed"}
        )
        raise RuntimeError
    assert IndexChange.objects.count() == before


# Out of order commits, made deterministic: the ids are written out of commit order.


def new_gaps(state: index.IndexState, top: int) -> list[int]:
    # Ids below ``top`` missing at build time (rows of rolled-back transactions, e.g. other
    # tests' on PostgreSQL, whose sequences don't roll back) are gaps too, for a while.
    return sorted(i for i in state.gaps if i > top)


def _state_after_build() -> index.IndexState:
    state = index.IndexState()
    index.current_index(state)
    return state


def test_a_row_committed_after_a_higher_id_is_still_applied(need, other_organisation):
    state = _state_after_build()
    first = make_listing(organisation=other_organisation, title_zh="微流控芯片代工甲")
    second = make_listing(organisation=other_organisation, title_zh="微流控芯片代工乙")
    # Both listings exist, but their outbox rows stand for two transactions: the one that
    # started first got the lower id and commits last.
    IndexChange.objects.filter(object_id__in=[first.pk, second.pk]).delete()
    top = state.seen_id
    IndexChange.objects.create(id=top + 2, kind="listing", object_id=second.pk)
    assert index.apply_changes(state) == [top + 2]
    assert candidates.listing_key(second.pk) in state.index
    assert candidates.listing_key(first.pk) not in state.index
    assert new_gaps(state, top) == [top + 1]

    IndexChange.objects.create(id=top + 1, kind="listing", object_id=first.pk)
    assert index.apply_changes(state) == [top + 1]
    assert candidates.listing_key(first.pk) in state.index
    assert new_gaps(state, top) == []
    assert state.seen_id == top + 2


def test_a_gap_that_never_fills_is_dropped_after_the_timeout(other_organisation):
    state = _state_after_build()
    offer = make_listing(organisation=other_organisation, title_zh="甲")
    IndexChange.objects.filter(object_id=offer.pk).delete()
    top = state.seen_id
    IndexChange.objects.create(id=top + 3, kind="listing", object_id=offer.pk)
    now = datetime.datetime.now(datetime.UTC)
    index.apply_changes(state, now)
    assert new_gaps(state, top) == [top + 1, top + 2]
    index.apply_changes(state, now + index.GAP_TIMEOUT / 2)
    assert new_gaps(state, top) == [top + 1, top + 2]
    index.apply_changes(state, now + index.GAP_TIMEOUT * 2)
    assert state.gaps == {}


def test_a_row_in_flight_at_build_time_is_a_gap_and_applied_later(other_organisation):
    offer = make_listing(organisation=other_organisation, title_zh="微流控芯片代工丙")
    rows = IndexChange.objects.filter(object_id=offer.pk)
    low = rows.order_by("id").first().id
    rows.delete()
    IndexChange.objects.create(id=low + 50, kind="organisation", object_id=other_organisation.pk)
    # The listing's row (id ``low``) is not committed when the worker builds its index …
    state = index.IndexState()
    Listing.objects.filter(pk=offer.pk).update(status=Listing.Status.DRAFT)
    index.current_index(state)
    assert low in state.gaps
    assert candidates.listing_key(offer.pk) not in state.index
    # … and commits afterwards: the next refresh reads it.
    Listing.objects.filter(pk=offer.pk).update(status=Listing.Status.PUBLISHED)
    IndexChange.objects.create(id=low, kind="listing", object_id=offer.pk)
    assert low in index.apply_changes(state)
    assert candidates.listing_key(offer.pk) in state.index


def test_old_rows_are_pruned_but_never_the_newest(other_organisation):
    state = _state_after_build()
    make_listing(organisation=other_organisation, title_zh="甲")
    newest = IndexChange.objects.order_by("-id").first().id
    later = datetime.datetime.now(datetime.UTC) + index.RETENTION * 2
    index.apply_changes(state, later)
    assert list(IndexChange.objects.values_list("id", flat=True)) == [newest]


@pytest.mark.django_db(transaction=True)
def test_two_real_transactions_committing_out_of_order_are_both_applied(operator):
    """On PostgreSQL: the transaction that started first (lower id) commits last."""
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers, so commits can't interleave; PostgreSQL runs this")
    owner = OrganisationFactory()
    early = make_listing(organisation=owner, title_zh="微流控芯片代工早")
    late = make_listing(organisation=owner, title_zh="微流控芯片代工晚")
    state = _state_after_build()
    inserted, worker_read = threading.Event(), threading.Event()

    def first():
        with transaction.atomic():
            market_services.update_listing(listing=early, updated_by=operator, title_en="Early")
            inserted.set()
            worker_read.wait(10)  # commits only after the worker has read the later row
        connections.close_all()

    thread = threading.Thread(target=first)
    thread.start()
    inserted.wait(10)
    market_services.update_listing(listing=late, updated_by=operator, title_en="Late")
    applied_first = index.apply_changes(state)
    worker_read.set()
    thread.join()
    applied_later = index.apply_changes(state)

    early_row = IndexChange.objects.filter(object_id=early.pk).order_by("-id").first().id
    late_row = IndexChange.objects.filter(object_id=late.pk).order_by("-id").first().id
    assert early_row < late_row
    assert late_row in applied_first
    assert early_row not in applied_first
    assert early_row in applied_later
    # The entry holds what the early transaction wrote (its English title).
    query = scoring.Listing(id="q", side="need", kind="technology", title="Early 微流控芯片代工")
    found = {m.id: m for m in state.index.rank(query, k=50)}
    reasons = found[candidates.listing_key(early.pk)].reasons
    terms = next(r.terms for r in reasons if r.code == "terms")
    assert "early" in terms
