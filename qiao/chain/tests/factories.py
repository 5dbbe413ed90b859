from qiao.chain.models import ChainNode
from qiao.chain.vocabulary import seed_nodes
from qiao.directory.models import Credential
from qiao.market.tests.factories import ListingFactory
from qiao.matching.models import Match
from qiao.taxonomy.models import Term


def node(code: str) -> ChainNode:
    # A transactional test's flush empties the seeded tree; put it back when missing.
    return seed_nodes(ChainNode, Term)[code]


def certify(organisation, category_code: str = "12") -> Credential:
    category = Term.objects.get(vocabulary="device_category", code=category_code)
    return Credential.objects.create(
        organisation=organisation, kind="registration", title="植入式心脏起搏器",
        device_class="III", category=category,
    )  # fmt: skip


def need_matched_to(organisation_outside, category_code: str = "12", **fields):
    """A published need tagged with the category whose only current match is outside."""
    category = Term.objects.get(vocabulary="device_category", code=category_code)
    need = ListingFactory(need=True, terms=[category], **fields)
    Match.objects.create(
        listing=need, counterpart_organisation=organisation_outside, score=0.9, rank=1,
        is_current=True,
    )  # fmt: skip
    return need
