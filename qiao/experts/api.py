"""Think-tank API: the operator searches the expert pool (others get 404, as on the page)."""

from datetime import date

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate
from ninja.security import django_auth

from qiao.core.pagination import BoundedPageNumberPagination
from qiao.experts import selectors

router = Router(tags=["experts"])


class ExpertOut(Schema):
    id: int
    name_zh: str
    name_en: str
    title: str
    fields_zh: str
    fields_en: str
    body: str
    term_start: date
    term_end: date
    status: str
    capacity: int

    @staticmethod
    def resolve_name_zh(obj) -> str:
        return obj.person.name_zh

    @staticmethod
    def resolve_name_en(obj) -> str:
        return obj.person.name_en


@router.get("/", response=list[ExpertOut], auth=django_auth, url_name="list_experts")
@paginate(BoundedPageNumberPagination, page_size=50)
def list_experts(request: HttpRequest, q: str = "", status: str = ""):
    """Search the pool by name, field or organisation (operators only)."""
    return selectors.search_experts(viewer=request.user, query=q[:200], status=status[:12])
