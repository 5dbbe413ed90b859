"""Agreement pages: list, detail with documents and the change waiting for consent, record,
correct, ask for other parties or confidentiality, answer such a request."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qiao.core import policy
from qiao.core.errors import Conflict
from qiao.core.forms import show_conflict
from qiao.directory.models import Organisation
from qiao.directory.roles import roles_of
from qiao.pipeline import selectors, services
from qiao.pipeline.forms import AgreementChangeForm, AgreementEditForm, AgreementForm, DocumentForm
from qiao.pipeline.models import AgreementChange
from qiao.pipeline.services.agreements import EDITABLE_FIELDS
from qiao.pipeline.views.introductions import errors_of
from qiao.taxonomy.models import Term, Vocabulary


@login_required
def agreement_list(request):
    agreements = selectors.list_visible_agreements(viewer=request.user).prefetch_related(
        "parties__organisation"
    )
    return render(request, "pipeline/agreement_list.html", {"agreements": agreements[:200]})


def agreement_detail(request, pk):
    agreement = selectors.access_agreement(viewer=request.user, agreement_id=pk)
    is_party = selectors.is_party(request.user, agreement)
    may_edit = policy.allows(request.user, "pipeline.change_agreement", agreement)
    change = selectors.get_pending_change(agreement)
    roles = roles_of(request.user)
    context = {
        "agreement": agreement,
        "documents": selectors.list_agreement_documents(viewer=request.user, agreement=agreement),
        "may_add": is_party,
        "may_edit": may_edit,
        "document_form": DocumentForm(),
        "change": change,
        "audit_entries": selectors.list_agreement_audit_entries(agreement) if is_party else None,
        "projects": selectors.list_projects_from(viewer=request.user, agreement=agreement),
        "start_project": "agreement",
    }
    if change is not None:
        context["my_consents"] = [
            c
            for c in change.consents.all()
            if c.decision == c.Decision.PENDING
            and (roles.is_operator or c.organisation_id in roles.admin_of)
        ]
        context["proposed_parties"] = _proposed_parties(change)
        context["may_withdraw"] = policy.allows(
            request.user, "pipeline.withdraw_agreement_change", change
        )
    return render(request, "pipeline/agreement_detail.html", context)


def _proposed_parties(change: AgreementChange):
    if change.parties is None:
        return None
    organisations = Organisation.objects.in_bulk([pk for pk, _role in change.parties])
    return [(organisations.get(pk), role) for pk, role in change.parties]


@login_required
def agreement_create(request):
    roles = roles_of(request.user)
    if not (roles.is_operator or roles.member_of):
        raise Http404
    introduction = None
    if request.GET.get("introduction", "").isdigit():
        introduction = selectors.access_introduction(
            viewer=request.user, introduction_id=int(request.GET["introduction"])
        )
    initial = {}
    if introduction is not None:
        initial = {
            "party_a": introduction.requesting_organisation.name_zh,
            "party_b": introduction.receiving_organisation.name_zh,
        }
        initial["categories"] = Term.objects.filter(
            vocabulary=Vocabulary.DEVICE_CATEGORY, listings__introductions=introduction
        ).distinct()
    form = AgreementForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in AgreementForm.Meta.fields}
        try:
            agreement = services.create_agreement(
                created_by=request.user,
                parties=form.parties(),
                categories=form.cleaned_data["categories"],
                introduction=introduction,
                **fields,
            )
        except ValidationError as error:
            form.add_error(None, errors_of(error))
        except PermissionDenied:
            form.add_error(None, _("Record only agreements your organisation is party to."))
        else:
            messages.success(request, _("Agreement recorded."))
            return redirect("pipeline:agreement_detail", agreement.pk)
    return render(
        request, "pipeline/agreement_form.html", {"form": form, "introduction": introduction}
    )


def _editable(request, pk):
    agreement = selectors.access_agreement(viewer=request.user, agreement_id=pk)
    if not policy.allows(request.user, "pipeline.change_agreement", agreement):
        raise Http404
    return agreement


@login_required
def agreement_edit(request, pk):
    agreement = _editable(request, pk)
    form = AgreementEditForm(
        request.POST or None,
        instance=agreement,
        initial={"categories": agreement.categories.all()},
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.update_agreement(
                agreement=selectors.access_agreement(viewer=request.user, agreement_id=pk),
                updated_by=request.user,
                categories=form.cleaned_data["categories"],
                version=form.cleaned_data["version"],
                **{name: form.cleaned_data[name] for name in EDITABLE_FIELDS},
            )
        except Conflict as conflict:
            show_conflict(form, conflict)
            status = 409
        except ValidationError as error:
            form.add_error(None, errors_of(error))
        else:
            messages.success(request, _("Agreement saved."))
            return redirect("pipeline:agreement_detail", agreement.pk)
    return render(
        request,
        "pipeline/agreement_form.html",
        {"form": form, "agreement": agreement},
        status=status,
    )


@login_required
def agreement_change(request, pk):
    """Ask for other parties or another confidentiality (applied with every party's consent)."""
    agreement = _editable(request, pk)
    form = AgreementChangeForm(request.POST or None, agreement=agreement)
    if request.method == "POST" and form.is_valid():
        try:
            change = services.request_agreement_change(
                agreement=agreement,
                requested_by=request.user,
                parties=form.parties(),
                is_confidential=form.cleaned_data["is_confidential"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, errors_of(error))
        else:
            if change.status == AgreementChange.Status.APPLIED:
                messages.success(request, _("The change was applied."))
            else:
                messages.success(
                    request, _("Change requested: it applies once every party has consented.")
                )
            return redirect("pipeline:agreement_detail", agreement.pk)
    return render(
        request,
        "pipeline/agreement_change_form.html",
        {"form": form, "agreement": agreement},
    )


@login_required
@require_POST
def agreement_change_answer(request, pk, change_pk):
    agreement = selectors.access_agreement(viewer=request.user, agreement_id=pk)
    change = get_object_or_404(agreement.change_requests, pk=change_pk)
    organisation_id = request.POST.get("organisation", "")
    consent = change.consents.filter(
        organisation_id=int(organisation_id) if organisation_id.isdigit() else None
    ).first()
    if consent is None:
        raise Http404
    try:
        services.answer_agreement_change(
            change=change,
            organisation=consent.organisation,
            answered_by=request.user,
            approve=request.POST.get("answer") == "approve",
            reason=request.POST.get("reason", ""),
        )
    except ValidationError as error:
        messages.error(request, errors_of(error))
    except PermissionDenied:
        raise Http404 from None
    else:
        messages.success(request, _("Your answer was recorded."))
    return redirect("pipeline:agreement_detail", agreement.pk)


@login_required
@require_POST
def agreement_change_withdraw(request, pk, change_pk):
    agreement = selectors.access_agreement(viewer=request.user, agreement_id=pk)
    change = get_object_or_404(agreement.change_requests, pk=change_pk)
    try:
        services.withdraw_agreement_change(change=change, withdrawn_by=request.user)
    except ValidationError as error:
        messages.error(request, errors_of(error))
    except PermissionDenied:
        raise Http404 from None
    return redirect("pipeline:agreement_detail", agreement.pk)


@login_required
@require_POST
def agreement_document_add(request, pk):
    agreement = selectors.access_agreement(viewer=request.user, agreement_id=pk)
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file to upload."))
        return redirect("pipeline:agreement_detail", agreement.pk)
    try:
        services.add_agreement_document(
            agreement=agreement, upload=form.cleaned_data["file"], uploaded_by=request.user
        )
        messages.success(request, _("Document attached."))
    except ValidationError as error:
        messages.error(request, errors_of(error))
    except PermissionDenied:
        messages.error(request, _("Only the parties attach documents."))
    return redirect("pipeline:agreement_detail", agreement.pk)


def agreement_document(request, pk, document_pk):
    """Serve a document to the agreement's parties and operators (never from /media/)."""
    document = selectors.access_agreement_document(
        viewer=request.user, agreement_id=pk, document_id=document_pk
    )
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
