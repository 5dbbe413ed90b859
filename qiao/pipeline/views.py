"""Pipeline pages: make an introduction from a match, and see it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qiao.directory.roles import roles_of
from qiao.market.selectors import list_visible_listings
from qiao.matching.selectors import access_match
from qiao.pipeline import selectors, services


@login_required
@require_POST
def introduce_from_match(request, match_pk):
    if not roles_of(request.user).is_operator:
        raise Http404
    match = access_match(viewer=request.user, match_id=match_pk)
    try:
        introduction = services.propose_introduction_from_match(match=match, broker=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("market:listing_detail", match.listing_id)
    messages.success(request, _("Introduction proposed."))
    return redirect("pipeline:introduction_detail", introduction.pk)


@login_required
def introduction_detail(request, pk):
    introduction = selectors.access_introduction(viewer=request.user, introduction_id=pk)
    return render(
        request,
        "pipeline/introduction_detail.html",
        {
            "introduction": introduction,
            # Only the listings this viewer may see: one side's may be shared selectively.
            "listings": list_visible_listings(viewer=request.user).filter(
                introductions=introduction
            ),
        },
    )
