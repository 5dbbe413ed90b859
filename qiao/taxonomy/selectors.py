"""Read queries over taxonomy terms."""

from django.db.models import QuerySet

from qiao.taxonomy.models import Term, Vocabulary


def list_terms(*, vocabulary: str | None = None, include_inactive: bool = False) -> QuerySet[Term]:
    terms = Term.objects.all()
    if vocabulary:
        terms = terms.filter(vocabulary=vocabulary)
    if not include_inactive:
        terms = terms.filter(is_active=True)
    return terms.order_by("vocabulary", "position", "code")


def get_term(*, vocabulary: Vocabulary | str, code: str) -> Term:
    return Term.objects.get(vocabulary=vocabulary, code=code)
