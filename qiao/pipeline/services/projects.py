"""Write operations on projects and their journey."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qiao.core import audit
from qiao.directory.roles import roles_of
from qiao.pipeline.models import Milestone, Project, ProjectFunding, ProjectProvider, ProjectStage


def _check_owner(user, organisation_id: int) -> None:
    roles = roles_of(user)
    if not (roles.is_operator or organisation_id in roles.member_of):
        raise PermissionDenied


def _added(project: Project, actor, what: str, thing) -> None:
    audit.record_change(
        instance=project,
        actor=actor,
        action=audit.AuditEntry.Action.ADDED,
        changes={what: ("", thing)},
    )


@transaction.atomic
def create_project(*, created_by, organisation, stage, entered_on: date, **fields) -> Project:
    """Create a project at a stage; the stage opens its journey."""
    _check_owner(created_by, organisation.pk)
    project = Project(organisation=organisation, stage=stage, created_by=created_by, **fields)
    project.full_clean()
    project.save()
    ProjectStage.objects.create(
        project=project, stage=stage, entered_on=entered_on, recorded_by=created_by
    )
    audit.record_change(instance=project, actor=created_by, action=audit.AuditEntry.Action.CREATED)
    return project


PROJECT_EDITABLE_FIELDS = ["name_zh", "name_en", "description", "category", "is_confidential"]


@transaction.atomic
def update_project(*, project: Project, updated_by, **fields) -> Project:
    """Correct a project's name, description, category or confidentiality (the stage moves
    through ``change_project_stage``, so its history stays whole)."""
    _check_owner(updated_by, project.organisation_id)
    unknown = set(fields) - set(PROJECT_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    before = audit.snapshot(project, fields)
    for name, value in fields.items():
        setattr(project, name, value)
    project.full_clean()
    project.save()
    audit.record_change(
        instance=project,
        actor=updated_by,
        action=audit.AuditEntry.Action.CHANGED,
        changes=audit.diff(before, project),
    )
    return project


@transaction.atomic
def change_project_stage(*, project: Project, stage, entered_on: date, changed_by) -> Project:
    """Move the project to another lifecycle stage on a date (kept in its history)."""
    _check_owner(changed_by, project.organisation_id)
    if stage.pk == project.stage_id:
        raise ValidationError({"stage": _("The project is already at this stage.")})
    last = project.stage_history.order_by("-entered_on", "-id").first()
    if last is not None and entered_on < last.entered_on:
        raise ValidationError(
            {
                "entered_on": _("The date is before the previous stage began (%(date)s).")
                % {"date": last.entered_on}
            }
        )
    audit.record_change(
        instance=project,
        actor=changed_by,
        action=audit.AuditEntry.Action.CHANGED,
        changes={"stage": (project.stage, f"{stage} ({entered_on})")},
    )
    project.stage = stage
    project.save(update_fields=["stage", "updated_at"])
    ProjectStage.objects.create(
        project=project, stage=stage, entered_on=entered_on, recorded_by=changed_by
    )
    return project


@transaction.atomic
def add_milestone(*, project: Project, added_by, **fields) -> Milestone:
    """Record a milestone; a registration certificate needs its number."""
    _check_owner(added_by, project.organisation_id)
    milestone = Milestone(project=project, **fields)
    if milestone.kind == Milestone.Kind.REGISTRATION and not milestone.certificate_number.strip():
        raise ValidationError(
            {"certificate_number": _("Give the registration certificate number.")}
        )
    milestone.full_clean()
    milestone.save()
    _added(project, added_by, "milestone", milestone)
    return milestone


@transaction.atomic
def add_provider(*, project: Project, organisation, service: str, added_by) -> ProjectProvider:
    _check_owner(added_by, project.organisation_id)
    provider, created = ProjectProvider.objects.get_or_create(
        project=project, organisation=organisation, service=service
    )
    if created:
        _added(project, added_by, "provider", provider)
    return provider


@transaction.atomic
def add_funding_round(*, project: Project, investors, added_by, **fields) -> ProjectFunding:
    _check_owner(added_by, project.organisation_id)
    funding = ProjectFunding(project=project, **fields)
    funding.full_clean()
    funding.save()
    funding.investors.set(investors)
    _added(project, added_by, "funding", funding)
    return funding
