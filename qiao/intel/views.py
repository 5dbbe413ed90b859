"""Pages of news intelligence: articles (search), ingest, and the operators' review queue.

Signed-in members read articles; only operators ingest, review and set the threshold.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qiao.core import limits
from qiao.directory.roles import roles_of
from qiao.intel import fetch, selectors, services
from qiao.intel.forms import IngestForm, ThresholdForm
from qiao.intel.gazetteer import build_gazetteer

PAGE_SIZE = 20


def _require_operator(request) -> None:
    selectors.require_operator(request.user)


def _messages_of(error: ValidationError) -> str:
    return " ".join(error.messages)


@login_required
def article_list(request):
    query = request.GET.get("q", "").strip()
    # Only operators review, so only they may narrow the list to what waits for review.
    pending_only = request.GET.get("pending") == "1" and roles_of(request.user).is_operator
    articles = selectors.search_articles(query=query, pending_only=pending_only)
    params = {"q": query} if query else {}
    if pending_only:
        params["pending"] = "1"
    context = {
        "query": query,
        "pending_only": pending_only,
        "page": limits.get_page(Paginator(articles, PAGE_SIZE), request.GET.get("page")),
        "querystring": urlencode(params),
        "is_operator": roles_of(request.user).is_operator,
        "threshold_form": ThresholdForm(initial={"threshold": services.auto_accept_threshold()}),
    }
    return render(request, "intel/article_list.html", context)


@login_required
def article_ingest(request):
    _require_operator(request)
    form = IngestForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["file"]:
            return _ingest_files(request, form, data)
        if data["url"]:
            return _queue_fetch(request, form, data)
        try:
            article, created = services.ingest_article(
                raw=data["text"],
                ingested_by=request.user,
                source=data["source"],
                published_on=data["published_on"],
            )
        except services.UnreadableArticle as exc:
            form.add_error(None, str(exc))
        else:
            if created:
                messages.success(request, _("The article is stored; review what it proposes."))
            else:
                messages.info(request, _("This article was already stored."))
            return redirect("intel:article_review", article.pk)
    return render(request, "intel/article_ingest.html", {"form": form})


def _queue_fetch(request, form, data):
    """Record the URL for the worker to fetch and show the request's progress."""
    try:
        job = fetch.request_article_fetch(
            url=data["url"],
            requested_by=request.user,
            source=data["source"],
            published_on=data["published_on"],
        )
    except ValidationError as exc:
        form.add_error(None, _messages_of(exc))
        return render(request, "intel/article_ingest.html", {"form": form})
    return redirect("intel:fetch_status", job.pk)


@login_required
def fetch_status(request, pk: int):
    """Where a fetch stands; htmx polls the partial until it is done or failed."""
    job = selectors.access_fetch(viewer=request.user, fetch_id=pk)
    if job.status == job.Status.DONE and job.article_id:
        if request.htmx:
            response = render(request, "intel/partials/fetch_status.html", {"job": job})
            response["HX-Redirect"] = reverse("intel:article_review", args=[job.article_id])
            return response
        return redirect("intel:article_review", job.article_id)
    context = {"job": job, "reason": fetch.reason(job.error)}
    if request.htmx:
        return render(request, "intel/partials/fetch_status.html", context)
    return render(request, "intel/fetch_status.html", context)


def _ingest_files(request, form, data):
    """Store each uploaded file; an unreadable one is reported and the rest go on."""
    gazetteer = build_gazetteer()
    stored = []
    for upload in data["file"]:
        try:
            raw = services.decode(upload.read(), name=upload.name)
            article, _created = services.ingest_article(
                raw=raw,
                ingested_by=request.user,
                source=data["source"] or upload.name,
                published_on=data["published_on"],
                gazetteer=gazetteer,
            )
        except services.UnreadableArticle as exc:
            messages.error(request, str(exc))
            continue
        stored.append(article)
    if len(stored) == 1 and len(data["file"]) == 1:
        return redirect("intel:article_review", stored[0].pk)
    if stored:
        messages.success(
            request,
            _("%(count)s articles are stored; review what they propose.") % {"count": len(stored)},
        )
        return redirect("intel:article_list")
    return render(request, "intel/article_ingest.html", {"form": form})


@login_required
@require_POST
def threshold_set(request):
    _require_operator(request)
    form = ThresholdForm(request.POST)
    if form.is_valid():
        services.set_auto_accept_threshold(
            threshold=form.cleaned_data["threshold"], user=request.user
        )
        messages.success(request, _("The automatic acceptance threshold is saved."))
    else:
        messages.error(request, _("The threshold is a confidence between 0 and 1."))
    return redirect("intel:article_list")
