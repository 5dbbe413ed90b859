"""Pages for service requests: the list, filing, a request's thread and actions, insights."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qiao.directory.models import Organisation
from qiao.directory.roles import require_operator, roles_of
from qiao.servicedesk import selectors, services
from qiao.servicedesk.excel import requests_workbook
from qiao.servicedesk.forms import (
    AttachmentForm,
    HandOverForm,
    MessageForm,
    RatingForm,
    RequestForm,
)


def access_firm(user, pk: int) -> Organisation:
    """A firm the user may file for: its members (and operators); else 404."""
    roles = roles_of(user)
    if not roles.is_operator and pk not in roles.member_of:
        raise Http404
    return get_object_or_404(Organisation, pk=pk)


@login_required
def request_list(request):
    roles = roles_of(request.user)
    context = {
        "requests": selectors.list_visible_requests(request.user)[:200],
        "firms": request.user.memberships.select_related("organisation"),
        "is_operator": roles.is_operator,
        "today": timezone.localdate(),
    }
    return render(request, "servicedesk/request_list.html", context)


@login_required
def request_create(request, org):
    organisation = access_firm(request.user, org)
    form = RequestForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        upload = data.pop("attachment", None)
        try:
            filed = services.file_request(by=request.user, organisation=organisation,
                                          attachments=[upload] if upload else [], **data)  # fmt: skip
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your request was filed."))
            return redirect("servicedesk:detail", filed.pk)
    return render(
        request, "servicedesk/request_form.html", {"form": form, "organisation": organisation}
    )


@login_required
def request_detail(request, pk):
    item = selectors.access_request(request.user, pk)
    context = {
        "item": item,
        "thread": item.messages.select_related("author"),
        "message_form": MessageForm(),
        "rating_form": RatingForm(),
        "attachment_form": AttachmentForm(),
        "attachments": item.attachments.all(),
        "hand_over_form": HandOverForm(
            initial={"department": item.department_id, "handler": item.handler_id}
        ),
        "is_operator": roles_of(request.user).is_operator,
        "is_handler": item.handler_id == request.user.pk,
        "today": timezone.localdate(),
    }
    return render(request, "servicedesk/request_detail.html", context)


@login_required
@require_POST
def request_act(request, pk):
    item = selectors.access_request(request.user, pk)
    action = request.POST.get("action", "")
    try:
        if action == "message":
            form = MessageForm(request.POST)
            if form.is_valid():
                services.post_message(by=request.user, request=item, **form.cleaned_data)
        elif action == "accept":
            services.accept_request(by=request.user, request=item)
        elif action == "resolve":
            services.resolve_request(by=request.user, request=item)
        elif action == "rate":
            form = RatingForm(request.POST)
            if form.is_valid():
                services.rate_and_close(by=request.user, request=item, **form.cleaned_data)
        elif action == "attach":
            form = AttachmentForm(request.POST, request.FILES)
            if not form.is_valid():
                raise ValidationError(_("Choose a file to attach."))
            services.add_attachment(by=request.user, request=item, upload=form.cleaned_data["file"])
            messages.success(request, _("The file was attached."))
        elif action == "hand_over":
            form = HandOverForm(request.POST)
            if not form.is_valid():
                raise ValidationError([e for errors in form.errors.values() for e in errors])
            services.hand_over(by=request.user, request=item, **form.cleaned_data)
            messages.success(request, _("The request was handed over."))
        elif action == "need":
            listing = services.turn_into_need(by=request.user, request=item)
            messages.success(request, _("A need was drafted from your request."))
            return redirect("market:listing_detail", listing.pk)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    return redirect("servicedesk:detail", item.pk)


@login_required
def attachment_download(request, pk, attachment_pk):
    """Serve an attachment to those who may read its request (never from /media/)."""
    attachment = selectors.access_attachment(request.user, pk, attachment_pk)
    return FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name,
        content_type=attachment.content_type,
    )  # fmt: skip


@login_required
def request_insights(request):
    require_operator(request.user)
    figures = selectors.insights(selectors.list_visible_requests(request.user))
    return render(request, "servicedesk/insights.html", {"figures": figures})


@login_required
def request_export(request):
    require_operator(request.user)
    workbook = requests_workbook(selectors.list_visible_requests(request.user))
    response = HttpResponse(
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="qiao-service-requests.xlsx"'
    workbook.save(response)
    return response
