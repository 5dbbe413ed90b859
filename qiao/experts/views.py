"""The operator's expert pool: search, an expert's page and its edit form, the letter."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from qiao.core.errors import Conflict
from qiao.core.forms import show_conflict
from qiao.experts import selectors, services
from qiao.experts.forms import ExpertForm
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


@login_required
def expert_edit(request, pk):
    """The operator changes an expert's fields, appointment, status or availability."""
    expert = selectors.access_expert(viewer=request.user, expert_id=pk)
    # The form works on its own copy: a ModelForm writes the posted values into its instance
    # while validating, and the service must see the stored ones to know what changed.
    shown = selectors.access_expert(viewer=request.user, expert_id=pk)
    form = ExpertForm(request.POST or None, instance=shown)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.update_expert(
                expert=expert, by=request.user, version=form.cleaned_data.get("version"), **data
            )
        except Conflict as conflict:
            show_conflict(form, conflict)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The expert was saved."))
            return redirect("experts:detail", expert.pk)
    return render(request, "experts/expert_form.html", {"form": form, "expert": expert})


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
