"""A reviewer's assignments: declare a conflict or none, then score each criterion."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from qiao.calls import selectors, services
from qiao.pipeline.views.introductions import errors_of


@login_required
def my_reviews(request):
    assignments = selectors.my_assignments(viewer=request.user)
    return render(request, "calls/my_reviews.html", {"assignments": assignments})


def _scores(request, criteria) -> dict[int, tuple[int, str]]:
    scores = {}
    for criterion in criteria:
        raw = request.POST.get(f"score_{criterion.pk}", "")
        if raw.strip().isdigit():
            scores[criterion.pk] = (int(raw), request.POST.get(f"comment_{criterion.pk}", ""))
    return scores


@login_required
def review(request, pk):
    assignment = selectors.access_assignment(viewer=request.user, assignment_id=pk)
    application = assignment.application
    criteria = list(application.call.criteria.all())
    errors = {}
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "no_conflict":
                services.declare_no_conflict(assignment=assignment, by=request.user)
            elif action == "conflict":
                services.declare_conflict(assignment=assignment, by=request.user,
                                          note=request.POST.get("note", ""))  # fmt: skip
                messages.success(request, _("Thank you: you will not review this application."))
                return redirect("calls:my_reviews")
            elif action == "scores":
                services.submit_scores(assignment=assignment, by=request.user,
                                       scores=_scores(request, criteria))  # fmt: skip
                messages.success(request, _("Your review is submitted."))
                return redirect("calls:my_reviews")
            return redirect("calls:review", assignment.pk)
        except ValidationError as error:
            errors = (
                error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
            )
            messages.error(request, errors_of(error))
        except PermissionDenied:
            raise Http404 from None
    return render(
        request,
        "calls/review.html",
        {
            "assignment": assignment,
            "application": application,
            "may_read": selectors.reviewer_may_read(assignment),
            "criteria": criteria,
            "errors": errors,
        },
        status=400 if errors else 200,
    )
