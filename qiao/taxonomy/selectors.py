"""Read queries over taxonomy terms."""

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

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


def get_terms_by_tags(tags: list[str], *, field: str = "tags") -> list[Term]:
    """Return the terms named "vocabulary:code" (e.g. "device_category:22"), in order.

    Raise ValidationError naming every unknown tag, so an API call reports them all at once.
    """
    terms, unknown = [], []
    for tag in tags:
        vocabulary, _sep, code = tag.partition(":")
        term = Term.objects.filter(vocabulary=vocabulary, code=code).first()
        if term is None:
            unknown.append(tag)
        else:
            terms.append(term)
    if unknown:
        raise ValidationError({field: [_("Unknown tag: %(tag)s") % {"tag": t} for t in unknown]})
    return terms
