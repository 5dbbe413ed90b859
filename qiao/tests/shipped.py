"""Rows the data migrations ship (taxonomy terms, statistics indicators, chain nodes), put
back when a transactional test's flush has emptied them.

pytest-django runs transactional tests last, but with ``-n`` a worker may be handed an
ordinary test after one: it then finds the tables empty. Each loader only adds what is
missing, so calling this costs three ``EXISTS`` queries when nothing was flushed.
"""


def restore_shipped_rows() -> None:
    from qiao.chain.models import ChainNode
    from qiao.chain.vocabulary import seed_nodes
    from qiao.reporting.catalogue import seed_indicators
    from qiao.reporting.models import Indicator
    from qiao.taxonomy.loading import load_shipped_terms
    from qiao.taxonomy.models import Term

    if not Term.objects.exists():
        load_shipped_terms(Term)
    if not Indicator.objects.exists():
        seed_indicators(Indicator)
    if not ChainNode.objects.exists():
        seed_nodes(ChainNode, Term)
