"""The matches panel of a listing, and feedback on a match."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qiao.directory.roles import roles_of
from qiao.matching import selectors, services
from qiao.matching.models import MatchFeedback
from qiao.matching.reasons import describe_all, shown_reasons


@login_required
def listing_matches(request, pk):
    listing, matches = selectors.list_listing_matches(viewer=request.user, listing_id=pk)
    rows = [(match, describe_all(shown_reasons(match))) for match in matches]
    context = {
        "listing": listing,
        "rows": rows,
        "verdicts": MatchFeedback.Verdict.choices,
        "feedback_reasons": MatchFeedback.Reason.choices,
        "is_operator": roles_of(request.user).is_operator,
    }
    template = "matching/partials/matches.html" if request.htmx else "matching/matches.html"
    return render(request, template, context)


@login_required
@require_POST
def match_feedback(request, pk):
    match = selectors.access_match(viewer=request.user, match_id=pk)
    error = None
    try:
        services.record_feedback(
            match=match,
            given_by=request.user,
            verdict=request.POST.get("verdict", ""),
            reason=request.POST.get("reason", ""),
            comment=request.POST.get("comment", "")[:2000],
        )
    except ValidationError as invalid:
        error = " ".join(invalid.messages)
    if request.htmx:
        # Stay on the listing's page: answer with the refreshed panel, the error on top.
        response = listing_matches(request, match.listing_id)
        if error:
            response.content = (
                f'<p class="message message-error" role="alert">{escape(error)}</p>'.encode()
                + response.content
            )
        elif request.POST.get("verdict") == MatchFeedback.Verdict.NOT_RELEVANT:
            removed = _("Marked not relevant: removed from this listing's matches.")
            response.content = (
                f'<p class="message" role="status">{escape(removed)}</p>'.encode()
                + response.content
            )
        return response
    if error:
        messages.error(request, error)
    else:
        messages.success(request, MatchFeedback.Verdict(request.POST["verdict"]).label)
    return redirect("matching:listing_matches", match.listing_id)
