"""Project pages: list, detail with its journey, create, correct, and the journey's steps."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qiao.core import policy
from qiao.core.audit import list_audit_entries
from qiao.core.errors import Conflict
from qiao.core.forms import show_conflict
from qiao.directory.models import Organisation
from qiao.directory.roles import roles_of
from qiao.pipeline import selectors, services
from qiao.pipeline.forms import (
    FundingForm,
    MilestoneForm,
    ProjectEditForm,
    ProjectForm,
    ProviderForm,
    StageForm,
)
from qiao.pipeline.views.introductions import errors_of


def project_list(request):
    projects = selectors.list_visible_projects(viewer=request.user)
    return render(request, "pipeline/project_list.html", {"projects": projects[:200]})


def project_detail(request, pk):
    project = selectors.access_project(viewer=request.user, project_id=pk)
    may_edit = policy.allows(request.user, "pipeline.change_project", project)
    context = {
        "project": project,
        "journey": selectors.get_journey(project, viewer=request.user),
        "providers": selectors.list_providers(project, viewer=request.user),
        "origins": selectors.get_origins(project, viewer=request.user),
        "may_edit": may_edit,
        "audit_entries": list_audit_entries(project) if may_edit else None,
    }
    if may_edit:
        context.update(
            stage_form=StageForm(),
            milestone_form=MilestoneForm(),
            provider_form=ProviderForm(),
            funding_form=FundingForm(),
        )
    return render(request, "pipeline/project_detail.html", context)


def _origins_asked(request) -> dict:
    """``?need=3`` (or introduction, agreement): the page a project is started from."""
    return {
        name: request.GET[name]
        for name in ("need", "introduction", "agreement")
        if request.GET.get(name, "").isdigit()
    }


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
    form = ProjectForm(
        request.POST or None,
        organisations=organisations,
        viewer=request.user,
        initial=_origins_asked(request),
    )
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
            form.add_error(None, errors_of(error))
        else:
            return redirect("pipeline:project_detail", project.pk)
    return render(request, "pipeline/project_form.html", {"form": form})


@login_required
def project_edit(request, pk):
    project = selectors.access_project(viewer=request.user, project_id=pk)
    if not policy.allows(request.user, "pipeline.change_project", project):
        raise Http404
    form = ProjectEditForm(request.POST or None, instance=project, viewer=request.user)
    status = 200
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in ProjectEditForm.Meta.fields}
        try:
            services.update_project(
                project=selectors.access_project(viewer=request.user, project_id=pk),
                updated_by=request.user,
                version=form.cleaned_data["version"],
                **fields,
            )
        except Conflict as conflict:
            show_conflict(form, conflict)
            status = 409
        except ValidationError as error:
            form.add_error(None, errors_of(error))
        else:
            messages.success(request, _("Project saved."))
            return redirect("pipeline:project_detail", project.pk)
    return render(
        request, "pipeline/project_form.html", {"form": form, "project": project}, status=status
    )


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
        messages.error(request, errors_of(error))
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
