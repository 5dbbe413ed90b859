"""The operator's expert pool: search, an expert's page, the appointment letter."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation

from qiao.experts import selectors
from qiao.experts.models import Expert


def expert_list(request):
    query = request.GET.get("q", "")[:200]
    status = request.GET.get("status", "")
    status = status if status in Expert.Status.values else ""
    experts = selectors.search_experts(viewer=request.user, query=query, status=status)
    return render(
        request,
        "experts/expert_list.html",
        {"experts": experts[:200], "q": query, "status": status, "statuses": Expert.Status.choices},
    )


def expert_detail(request, pk):
    expert = selectors.access_expert(viewer=request.user, expert_id=pk)
    assignments = expert.assignments.select_related("application__call").order_by("-id")
    return render(
        request,
        "experts/expert_detail.html",
        {
            "expert": expert,
            "declarations": expert.declarations.select_related("organisation", "person"),
            "assignments": assignments,
            "opinions": expert.opinions.select_related("need"),
        },
    )


def _letter_context(expert: Expert) -> dict:
    affiliation = expert.person.affiliations.select_related("organisation").first()
    return {"expert": expert, "affiliation": affiliation}


def appointment_letter(request, pk):
    """The letter of appointment (聘书), in Chinese, as a printable page."""
    expert = selectors.access_expert(viewer=request.user, expert_id=pk)
    with translation.override("zh-hans"):
        return render(request, "experts/letter.html", _letter_context(expert))


def appointment_letter_pdf(request, pk):
    """The same letter as a PDF (WeasyPrint, Noto CJK fonts from Debian)."""
    from weasyprint import HTML

    expert = selectors.access_expert(viewer=request.user, expert_id=pk)
    with translation.override("zh-hans"):
        html = render_to_string("experts/letter.html", {**_letter_context(expert), "pdf": True})
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="letter-{expert.pk}.pdf"'
    return response
