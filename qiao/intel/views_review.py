"""The review page: each proposal as a form, decisions, missed organisations, look-ups.

Members read an article and its proposals; only operators decide (anyone else: 404).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from qiao.directory.models import Organisation
from qiao.directory.roles import roles_of
from qiao.directory.schemas import OrganisationFilter
from qiao.directory.selectors import search_organisations
from qiao.intel import resolve, selectors, services
from qiao.intel.forms import AddOrganisationForm, form_for
from qiao.intel.models import Article, Proposal

LOOKUP_SIZE = 10
# What each button asks of the service when an agreement is already in the directory.
ON_DUPLICATE = {"accept": "ask", "merge": "merge", "keep": "keep"}


@login_required
def article_review(request, pk: int):
    article = get_object_or_404(Article, pk=pk)
    proposals = list(
        article.proposals.select_related("organisation").order_by("kind", "span_start", "id")
    )
    is_operator = roles_of(request.user).is_operator
    if is_operator:
        names = resolve.organisation_choices(article)
        for p in proposals:
            if p.status == Proposal.Status.PENDING:
                p.form = form_for(p, organisation_names=names)
    context = {
        "article": article,
        "proposals": proposals,
        "segments": selectors.highlighted_segments(article, proposals),
        "is_operator": is_operator,
        "add_form": AddOrganisationForm(prefix="add") if is_operator else None,
        "audit_entries": selectors.list_article_history(article) if is_operator else None,
    }
    return render(request, "intel/article_review.html", context)


def _decide(request, proposal: Proposal, action: str):
    """Carry out the reviewer's action; return (form to show again or None, duplicate)."""
    if action == "reject":
        services.reject_proposal(proposal=proposal, reviewer=request.user)
        return None, None
    if action not in ON_DUPLICATE:
        raise ValidationError(_("Unknown action."))
    names = resolve.organisation_choices(proposal.article)
    form = form_for(proposal, request.POST, organisation_names=names)
    if not form.is_valid():
        return form, None
    try:
        services.accept_proposal(
            proposal=proposal,
            reviewer=request.user,
            payload=form.edit(),
            on_duplicate=ON_DUPLICATE[action],
        )
    except services.DuplicateAgreement as exc:
        return form, exc.agreement
    except ValidationError as exc:
        form.add_service_errors(exc)
        return form, None
    return None, None


@login_required
@require_POST
def proposal_decide(request, pk: int):
    selectors.require_operator(request.user)
    proposal = get_object_or_404(Proposal.objects.select_related("article"), pk=pk)
    error = ""
    try:
        form, duplicate = _decide(request, proposal, request.POST.get("action", ""))
    except ValidationError as exc:
        form, duplicate, error = None, None, " ".join(exc.messages)
    if form is not None and not form.is_valid() and not error:
        error = " ".join(str(m) for messages in form.errors.values() for m in messages)
    proposal.refresh_from_db()
    if form is None and proposal.status == Proposal.Status.PENDING:
        form = form_for(proposal, organisation_names=resolve.organisation_choices(proposal.article))
    proposal.form = form if proposal.status == Proposal.Status.PENDING else None
    if request.htmx:
        context = {"proposal": proposal, "error": error, "duplicate": duplicate}
        return render(request, "intel/partials/proposal.html", {**context, "is_operator": True})
    if error or duplicate:
        messages.error(request, error or _("This agreement is already in the directory."))
    return redirect("intel:article_review", proposal.article_id)


@login_required
@require_POST
def organisation_add(request, pk: int):
    """Add an organisation the extraction missed, from the text the reviewer selected."""
    selectors.require_operator(request.user)
    article = get_object_or_404(Article, pk=pk)
    form = AddOrganisationForm(request.POST, prefix="add")
    if form.is_valid():
        data = form.cleaned_data
        try:
            proposal = services.add_organisation_from_text(
                article=article,
                reviewer=request.user,
                name=data["name"],
                type=data["type"],
                start=data["start"],
                end=data["end"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("%(name)s is added to the article and the directory.")
                % {"name": proposal.organisation.name_zh},
            )
    else:
        messages.error(request, " ".join(m for ms in form.errors.values() for m in ms))
    return redirect("intel:article_review", article.pk)


@login_required
@require_GET
def organisation_lookup(request):
    """Directory organisations matching what is typed (any name), as <option>s for htmx."""
    selectors.require_operator(request.user)
    # The look-up inputs send their own field name (p12-parties, p12-source): take the value.
    query = next((v for v in reversed(list(request.GET.values())) if v.strip()), "").strip()
    organisations: list[Organisation] = []
    if query:
        words = " ".join(query.split())[:100]
        direct = Organisation.objects.filter(
            Q(name_zh__icontains=words)
            | Q(short_name_zh__icontains=words)
            | Q(name_en__icontains=words)
            | Q(short_name_en__icontains=words)
            | Q(aliases__icontains=words)
        ).order_by("name_zh")[:LOOKUP_SIZE]
        searched = search_organisations(viewer=request.user, filters=OrganisationFilter(q=words))[
            :LOOKUP_SIZE
        ]
        organisations = list({o.pk: o for o in [*direct, *searched]}.values())[:LOOKUP_SIZE]
    return render(request, "intel/partials/lookup_options.html", {"organisations": organisations})
