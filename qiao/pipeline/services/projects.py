"""Write operations on projects and their journey.

A project belongs to its organisation: its members and operators edit it (one policy rule,
``pipeline.change_project``). Every write is audited through ``qiao.core.writes`` and emits
``project_changed`` after commit.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qiao.core import effects, policy, writes
from qiao.pipeline import policies  # noqa: F401  (registers the rules)
from qiao.pipeline.models import Milestone, Project, ProjectFunding, ProjectProvider, ProjectStage
from qiao.pipeline.models.projects import not_in_future
from qiao.pipeline.services.origins import ORIGIN_FIELDS, check_origins

PROJECT_EDITABLE_FIELDS = [
    "name_zh",
    "name_en",
    "description",
    "category",
    "is_confidential",
    *ORIGIN_FIELDS,
]
MILESTONE_FIELDS = {"kind", "reached_on", "site", "certificate_number", "note"}
FUNDING_FIELDS = {"round", "amount", "currency", "closed_on", "investors"}


def _changed(project: Project) -> None:
    effects.emit("project_changed", project_id=project.pk)


def _check_day(day: date, field: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: not_in_future()})


@transaction.atomic
def create_project(*, created_by, organisation, stage, entered_on: date, **fields) -> Project:
    """Create a project at a stage; the stage opens its journey."""
    policy.authorize(created_by, "pipeline.create_project", organisation)
    _check_day(entered_on, "entered_on")
    check_origins(fields, organisation=organisation, by=created_by)
    project = writes.create(
        Project,
        actor=created_by,
        data=fields,
        allowed=PROJECT_EDITABLE_FIELDS,
        fixed={"organisation": organisation, "stage": stage, "created_by": created_by},
    )
    ProjectStage.objects.create(
        project=project, stage=stage, entered_on=entered_on, recorded_by=created_by
    )
    _changed(project)
    return project


@transaction.atomic
def update_project(
    *, project: Project, updated_by, version: int | None = None, **fields
) -> Project:
    """Correct a project's name, description, category or confidentiality (the stage moves
    through ``change_project_stage``, so its history stays whole)."""
    policy.authorize(updated_by, "pipeline.change_project", project)
    check_origins(fields, organisation=project.organisation, by=updated_by, project=project)
    if writes.update(
        project, actor=updated_by, data=fields, allowed=PROJECT_EDITABLE_FIELDS, version=version
    ):
        _changed(project)
    return project


@transaction.atomic
def change_project_stage(*, project: Project, stage, entered_on: date, changed_by) -> Project:
    """Move the project to another lifecycle stage on a date (kept in its history)."""
    policy.authorize(changed_by, "pipeline.change_project", project)
    _check_day(entered_on, "entered_on")
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
    writes.update(project, actor=changed_by, data={"stage": stage}, allowed={"stage"})
    ProjectStage.objects.create(
        project=project, stage=stage, entered_on=entered_on, recorded_by=changed_by
    )
    _changed(project)
    return project


@transaction.atomic
def add_milestone(*, project: Project, added_by, **fields) -> Milestone:
    """Record a milestone; a registration certificate needs its number."""
    policy.authorize(added_by, "pipeline.change_project", project)
    if (
        fields.get("kind") == Milestone.Kind.REGISTRATION
        and not (fields.get("certificate_number") or "").strip()
    ):
        raise ValidationError(
            {"certificate_number": _("Give the registration certificate number.")}
        )
    milestone = writes.create(
        Milestone, actor=added_by, data=fields, allowed=MILESTONE_FIELDS, fixed={"project": project}
    )
    writes.record_added(project, actor=added_by, part=milestone, field="milestones")
    _changed(project)
    return milestone


@transaction.atomic
def add_provider(*, project: Project, organisation, service: str, added_by) -> ProjectProvider:
    policy.authorize(added_by, "pipeline.change_project", project)
    provider = ProjectProvider.objects.filter(
        project=project, organisation=organisation, service=service
    ).first()
    if provider is not None:
        return provider
    provider = writes.create(
        ProjectProvider,
        actor=added_by,
        data={"organisation": organisation, "service": service},
        allowed={"organisation", "service"},
        fixed={"project": project},
    )
    writes.record_added(project, actor=added_by, part=provider, field="providers")
    _changed(project)
    return provider


@transaction.atomic
def add_funding_round(*, project: Project, investors, added_by, **fields) -> ProjectFunding:
    policy.authorize(added_by, "pipeline.change_project", project)
    funding = writes.create(
        ProjectFunding,
        actor=added_by,
        data={**fields, "investors": list(investors)},
        allowed=FUNDING_FIELDS,
        fixed={"project": project},
    )
    writes.record_added(project, actor=added_by, part=funding, field="funding_rounds")
    _changed(project)
    return funding
