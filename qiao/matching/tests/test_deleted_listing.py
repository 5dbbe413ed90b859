"""The worker's index outlives rows: a listing deleted since it was indexed is skipped."""

import pytest

from qiao.market.models import Kind
from qiao.market.tests.factories import make_listing
from qiao.matching import services
from qiao.matching.models import Match


@pytest.mark.django_db(transaction=True)
def test_a_deleted_listing_still_in_the_index_gets_no_match_rows(organisation, other_organisation):
    offer = make_listing(organisation=other_organisation, title_zh="等温扩增病原体检测")
    services.current_index()  # the worker has indexed the offer …
    offer.delete()  # … then it is deleted (deletes leave updated_at alone)
    need = make_listing(
        organisation=organisation, kind=Kind.CLINICAL, title_zh="需要等温扩增病原体检测"
    )

    services.run_matching_for_listing(listing_id=need.pk)

    assert Match.objects.filter(counterpart_listing_id=offer.pk).count() == 0
    assert Match.objects.filter(listing_id=offer.pk).count() == 0
