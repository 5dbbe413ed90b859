from django.http import HttpRequest
from ninja import Router

from qiao.taxonomy import selectors
from qiao.taxonomy.models import Vocabulary
from qiao.taxonomy.schemas import TermOut

router = Router(tags=["taxonomy"])


@router.get("/terms/", response=list[TermOut], url_name="list_terms")
def list_terms(request: HttpRequest, vocabulary: Vocabulary | None = None):
    """Return the active terms, optionally of one vocabulary."""
    return selectors.list_terms(vocabulary=vocabulary)
