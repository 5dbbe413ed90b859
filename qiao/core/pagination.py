"""Pagination for every API list: ninja's page numbers, with the page number bounded."""

from ninja import Field
from ninja.pagination import PageNumberPagination

from qiao.core.limits import MAX_PAGE


class BoundedPageNumberPagination(PageNumberPagination):
    """Ninja's page-number pagination with the page capped at ``MAX_PAGE``: a larger number
    would become an offset the database cannot hold (a 500 on SQLite), so it answers 422."""

    class Input(PageNumberPagination.Input):
        page: int = Field(1, ge=1, le=MAX_PAGE)
