"""Pipeline pages: introductions (list, detail with status, next action and messages), the
broker's work queue, and making or requesting an introduction from a match."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from qiao.core.audit import list_audit_entries
from qiao.directory.models import Organisation
from qiao.directory.roles import roles_of
from qiao.market.selectors import list_visible_listings
from qiao.matching.selectors import access_match
from qiao.pipeline import selectors, services
from qiao.pipeline.forms import (
    AgreementForm,
    DocumentForm,
    FundingForm,
    MilestoneForm,
    ProjectEditForm,
    ProjectForm,
    ProviderForm,
    StageForm,
)
from qiao.pipeline.models import Agreement, Introduction, Project
from qiao.taxonomy.models import Term, Vocabulary


class NextActionForm(forms.Form):
    next_action = forms.CharField(label=gettext_lazy("Next action"), max_length=200, required=False)
    due = forms.DateField(
        label=gettext_lazy("Due"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class MessageForm(forms.Form):
    body = forms.CharField(label=gettext_lazy("Message"), widget=forms.Textarea(attrs={"rows": 3}))


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


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
        messages.error(request, _errors(error))
        return redirect("market:listing_detail", match.listing_id)
    return redirect("pipeline:introduction_detail", introduction.pk)


@login_required
def introduction_list(request):
    introductions = selectors.list_visible_introductions(viewer=request.user)
    return render(
        request, "pipeline/introduction_list.html", {"introductions": introductions[:200]}
    )


@login_required
def introduction_detail(request, pk):
    introduction = selectors.access_introduction(viewer=request.user, introduction_id=pk)
    roles = roles_of(request.user)
    targets = [
        (status, Introduction.Status(status).label)
        for status, sources in services.TRANSITIONS.items()
        if introduction.status in sources
        and (
            status not in services.RECEIVER_ONLY
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
        "next_action_form": NextActionForm(
            initial={"next_action": introduction.next_action, "due": introduction.next_action_due}
        ),
        "message_form": MessageForm(),
        "thread": introduction.messages.select_related("author"),
        "events": introduction.events.select_related("actor") if roles.is_operator else None,
        "is_operator": roles.is_operator,
    }
    return render(request, "pipeline/introduction_detail.html", context)


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
        )
    except ValidationError as error:
        messages.error(request, _errors(error))
    except PermissionDenied:
        messages.error(request, _("Only the receiving organisation answers a proposal."))
    return redirect("pipeline:introduction_detail", introduction.pk)


@login_required
@require_POST
def introduction_next_action(request, pk):
    introduction = selectors.access_introduction(viewer=request.user, introduction_id=pk)
    form = NextActionForm(request.POST)
    if form.is_valid():
        services.set_next_action(
            introduction=introduction,
            next_action=form.cleaned_data["next_action"],
            due=form.cleaned_data["due"],
            set_by=request.user,
        )
        messages.success(request, _("Saved."))
    else:
        messages.error(request, _("Enter a valid date."))
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
        messages.error(request, _errors(error))
    return redirect("pipeline:introduction_detail", introduction.pk)


@login_required
@require_POST
def introduction_take(request, pk):
    if not roles_of(request.user).is_operator:
        raise Http404
    introduction = selectors.access_introduction(viewer=request.user, introduction_id=pk)
    services.take_introduction(introduction=introduction, broker=request.user)
    return redirect("pipeline:introduction_detail", introduction.pk)


@login_required
def broker_queue(request):
    if not roles_of(request.user).is_operator:
        raise Http404
    queue = selectors.get_broker_queue(broker=request.user)
    return render(request, "pipeline/broker_queue.html", {"queue": queue})


@login_required
def agreement_list(request):
    agreements = selectors.list_visible_agreements(viewer=request.user).prefetch_related(
        "parties__organisation"
    )
    return render(request, "pipeline/agreement_list.html", {"agreements": agreements[:200]})


def agreement_detail(request, pk):
    agreement = selectors.access_agreement(viewer=request.user, agreement_id=pk)
    roles = roles_of(request.user)
    party_ids = {p.organisation_id for p in agreement.parties.all()}
    return render(
        request,
        "pipeline/agreement_detail.html",
        {
            "agreement": agreement,
            "documents": agreement.documents.all(),
            "may_add": roles.is_operator or bool(roles.member_of & party_ids),
            "document_form": DocumentForm(),
            "audit_entries": list_audit_entries(agreement) if roles.is_operator else None,
        },
    )


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
            form.add_error(None, _errors(error))
        except PermissionDenied:
            form.add_error(None, _("Record only agreements your organisation is party to."))
        else:
            messages.success(request, _("Agreement recorded."))
            return redirect("pipeline:agreement_detail", agreement.pk)
    return render(
        request, "pipeline/agreement_form.html", {"form": form, "introduction": introduction}
    )


@login_required
def agreement_edit(request, pk):
    agreement = selectors.access_agreement(viewer=request.user, agreement_id=pk)
    roles = roles_of(request.user)
    if not (
        roles.is_operator or roles.member_of & {p.organisation_id for p in agreement.parties.all()}
    ):
        raise Http404
    form = AgreementForm(
        request.POST or None,
        instance=agreement,
        initial={"categories": agreement.categories.all()},
    )
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in AgreementForm.Meta.fields}
        try:
            services.update_agreement(
                agreement=Agreement.objects.get(pk=agreement.pk),
                updated_by=request.user,
                parties=form.parties(),
                categories=form.cleaned_data["categories"],
                **fields,
            )
        except ValidationError as error:
            form.add_error(None, _errors(error))
        except PermissionDenied:
            form.add_error(None, _("Stay among the parties of an agreement you correct."))
        else:
            messages.success(request, _("Agreement saved."))
            return redirect("pipeline:agreement_detail", agreement.pk)
    return render(request, "pipeline/agreement_form.html", {"form": form, "agreement": agreement})


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
        messages.error(request, _errors(error))
    except PermissionDenied:
        messages.error(request, _("Only the parties attach documents."))
    return redirect("pipeline:agreement_detail", agreement.pk)


def agreement_document(request, pk, document_pk):
    """Serve a document through the agreement's access check (never from /media/)."""
    agreement = selectors.access_agreement(viewer=request.user, agreement_id=pk)
    document = get_object_or_404(agreement.documents, pk=document_pk)
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )


def project_list(request):
    projects = selectors.list_visible_projects(viewer=request.user)
    return render(request, "pipeline/project_list.html", {"projects": projects[:200]})


def project_detail(request, pk):
    project = selectors.access_project(viewer=request.user, project_id=pk)
    roles = roles_of(request.user)
    may_edit = roles.is_operator or project.organisation_id in roles.member_of
    context = {
        "project": project,
        "journey": selectors.get_journey(project),
        "providers": project.providers.select_related("organisation"),
        "may_edit": may_edit,
        "audit_entries": list_audit_entries(project) if roles.is_operator else None,
    }
    if may_edit:
        context.update(
            stage_form=StageForm(),
            milestone_form=MilestoneForm(),
            provider_form=ProviderForm(),
            funding_form=FundingForm(),
        )
    return render(request, "pipeline/project_detail.html", context)


@login_required
def project_create(request):
    roles = roles_of(request.user)
    organisations = (
        Organisation.objects.all()
        if roles.is_operator
        else Organisation.objects.filter(pk__in=roles.member_of)
    ).order_by("name_zh")
    if not (roles.is_operator or roles.member_of):
        raise Http404
    form = ProjectForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in ProjectForm.Meta.fields}
        try:
            project = services.create_project(
                created_by=request.user,
                organisation=form.cleaned_data["organisation"],
                stage=form.cleaned_data["stage"],
                entered_on=form.cleaned_data["entered_on"],
                **fields,
            )
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            return redirect("pipeline:project_detail", project.pk)
    return render(request, "pipeline/project_form.html", {"form": form})


@login_required
def project_edit(request, pk):
    project = selectors.access_project(viewer=request.user, project_id=pk)
    roles = roles_of(request.user)
    if not (roles.is_operator or project.organisation_id in roles.member_of):
        raise Http404
    form = ProjectEditForm(request.POST or None, instance=project)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in ProjectEditForm.Meta.fields}
        try:
            services.update_project(
                project=Project.objects.get(pk=project.pk), updated_by=request.user, **fields
            )
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(request, _("Project saved."))
            return redirect("pipeline:project_detail", project.pk)
    return render(request, "pipeline/project_form.html", {"form": form, "project": project})


def _project_step(request, pk, form_class, save):
    """Validate one of the journey forms and save it through ``save(project, data)``."""
    project = selectors.access_project(viewer=request.user, project_id=pk)
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("pipeline:project_detail", project.pk)
    try:
        save(project, form.cleaned_data)
        messages.success(request, _("Saved."))
    except ValidationError as error:
        messages.error(request, _errors(error))
    except PermissionDenied:
        raise Http404 from None
    return redirect("pipeline:project_detail", project.pk)


@login_required
@require_POST
def project_stage(request, pk):
    return _project_step(
        request,
        pk,
        StageForm,
        lambda project, data: services.change_project_stage(
            project=project,
            stage=data["stage"],
            entered_on=data["entered_on"],
            changed_by=request.user,
        ),
    )


@login_required
@require_POST
def project_milestone(request, pk):
    def save(project, data):
        site = data.pop("site_name")
        services.add_milestone(project=project, added_by=request.user, site=site, **data)

    return _project_step(request, pk, MilestoneForm, save)


@login_required
@require_POST
def project_provider(request, pk):
    return _project_step(
        request,
        pk,
        ProviderForm,
        lambda project, data: services.add_provider(
            project=project,
            organisation=data["organisation_name"],
            service=data["service"],
            added_by=request.user,
        ),
    )


@login_required
@require_POST
def project_funding(request, pk):
    def save(project, data):
        investors = data.pop("investor_names")
        services.add_funding_round(
            project=project, investors=investors, added_by=request.user, **data
        )

    return _project_step(request, pk, FundingForm, save)
