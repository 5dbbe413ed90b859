"""Introduction pages: list, detail with status, next action and messages, the broker's work
queue, and making or requesting an introduction from a match."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qiao.core.audit import list_audit_entries
from qiao.core.errors import Conflict
from qiao.core.forms import show_conflict
from qiao.directory.roles import roles_of
from qiao.market.selectors import list_visible_listings
from qiao.matching.selectors import access_match
from qiao.pipeline import selectors, services
from qiao.pipeline.forms import MessageForm, NextActionForm
from qiao.pipeline.models import Introduction


def errors_of(error: ValidationError) -> str:
    return " ".join(error.messages)


def _version(request) -> int | None:
    text = request.POST.get("version", "")
    return int(text) if text.isdigit() and text.isascii() else None


@login_required
@require_POST
def introduce_from_match(request, match_pk):
    match = access_match(viewer=request.user, match_id=match_pk)
    try:
        if roles_of(request.user).is_operator:
            introduction = services.propose_introduction_from_match(
                match=match, broker=request.user
            )
            messages.success(request, _("Introduction proposed."))
        else:
            introduction = services.request_introduction(match=match, requested_by=request.user)
            messages.success(request, _("Introduction requested: an operator will take it up."))
    except ValidationError as error:
        messages.error(request, errors_of(error))
        return redirect("market:listing_detail", match.listing_id)
    return redirect("pipeline:introduction_detail", introduction.pk)


@login_required
def introduction_list(request):
    show = request.GET.get("show", "")
    show = show if show in selectors.INTRODUCTION_FILTERS else ""
    introductions = selectors.filter_introductions(
        selectors.list_visible_introductions(viewer=request.user), viewer=request.user, show=show
    )
    titles = {
        "requested": _("Requests waiting for a broker"),
        "overdue": _("Overdue introductions"),
        "to_answer": _("Introductions waiting for your answer"),
    }
    return render(
        request,
        "pipeline/introduction_list.html",
        {"introductions": introductions[:200], "show": show, "show_title": titles.get(show, "")},
    )


def _detail(request, introduction, *, next_action_form=None, status=200):
    roles = roles_of(request.user)
    # An event's organiser follows the introductions it produced (selectors), read-only: the
    # parties' thread and the steps are theirs.
    is_party = roles.is_operator or bool(
        roles.member_of
        & {introduction.requesting_organisation_id, introduction.receiving_organisation_id}
    )
    targets = [
        (status_, Introduction.Status(status_).label)
        for status_, sources in services.TRANSITIONS.items()
        if is_party
        and introduction.status in sources
        and (
            status_ not in services.RECEIVER_ONLY
            or roles.is_operator
            or introduction.receiving_organisation_id in roles.member_of
        )
    ]
    context = {
        "introduction": introduction,
        # Only the listings this viewer may see: one side's may be shared selectively.
        "listings": list_visible_listings(viewer=request.user).filter(introductions=introduction),
        "targets": targets,
        "needs_reason": services.NEEDS_REASON,
        "next_action_form": next_action_form
        or NextActionForm(
            initial={
                "next_action": introduction.next_action,
                "due": introduction.next_action_due,
                "version": introduction.version,
            }
        ),
        "message_form": MessageForm(),
        "thread": introduction.messages.select_related("author") if is_party else [],
        "is_party": is_party,
        # Everyone who sees the introduction (its parties, operators) sees its history.
        "audit_entries": list_audit_entries(introduction),
        "is_operator": roles.is_operator,
        "projects": selectors.list_projects_from(viewer=request.user, introduction=introduction),
        "start_project": "introduction",
    }
    return render(request, "pipeline/introduction_detail.html", context, status=status)


@login_required
def introduction_detail(request, pk):
    introduction = selectors.access_introduction(viewer=request.user, introduction_id=pk)
    return _detail(request, introduction)


@login_required
@require_POST
def introduction_status(request, pk):
    introduction = selectors.access_introduction(viewer=request.user, introduction_id=pk)
    try:
        services.change_introduction_status(
            introduction=introduction,
            status=request.POST.get("status", ""),
            changed_by=request.user,
            reason=request.POST.get("reason", ""),
            version=_version(request),
        )
    except ValidationError as error:
        messages.error(request, errors_of(error))
    except PermissionDenied:
        messages.error(request, _("Only the receiving organisation answers a proposal."))
    return redirect("pipeline:introduction_detail", introduction.pk)


@login_required
@require_POST
def introduction_next_action(request, pk):
    introduction = selectors.access_introduction(viewer=request.user, introduction_id=pk)
    form = NextActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter a valid date."))
        return redirect("pipeline:introduction_detail", introduction.pk)
    try:
        services.set_next_action(
            introduction=introduction,
            next_action=form.cleaned_data["next_action"],
            due=form.cleaned_data["due"],
            set_by=request.user,
            version=form.cleaned_data["version"],
        )
    except Conflict as conflict:
        show_conflict(form, conflict)
        fresh = selectors.access_introduction(viewer=request.user, introduction_id=pk)
        return _detail(request, fresh, next_action_form=form, status=409)
    messages.success(request, _("Saved."))
    return redirect("pipeline:introduction_detail", introduction.pk)


@login_required
@require_POST
def introduction_message(request, pk):
    introduction = selectors.access_introduction(viewer=request.user, introduction_id=pk)
    try:
        services.post_message(
            introduction=introduction, author=request.user, body=request.POST.get("body", "")
        )
    except ValidationError as error:
        messages.error(request, errors_of(error))
    return redirect("pipeline:introduction_detail", introduction.pk)


@login_required
@require_POST
def introduction_take(request, pk):
    if not roles_of(request.user).is_operator:
        raise Http404
    introduction = selectors.access_introduction(viewer=request.user, introduction_id=pk)
    services.take_introduction(
        introduction=introduction, broker=request.user, version=_version(request)
    )
    return redirect("pipeline:introduction_detail", introduction.pk)


@login_required
def broker_queue(request):
    if not roles_of(request.user).is_operator:
        raise Http404
    queue = selectors.get_broker_queue(broker=request.user)
    return render(request, "pipeline/broker_queue.html", {"queue": queue})
