"""Directory imports in the background: store the upload, queue it, run it, report.

The request that receives a workbook only checks it cheaply (size, type, zip bomb:
``excel.check_upload``), stores it and queues ``tasks.run_import`` after commit, so a
2,000-row import never meets the web server's timeout. The task runs ``excel.import_workbook``
with its all-or-nothing guarantee (one transaction; a failed row leaves nothing saved, every
problem listed by sheet, row and column), records one audit entry with the counts, and
deletes the stored file once finished. The job's status is what the import page polls.
"""

from __future__ import annotations

import dataclasses
import logging

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from qiao.directory import excel
from qiao.directory.models import ImportJob
from qiao.directory.roles import roles_of

logger = logging.getLogger(__name__)


def start_import(*, upload, started_by) -> ImportJob:
    """Check and store the workbook and queue its import (operators); raise WorkbookError."""
    if not roles_of(started_by).is_operator:
        raise PermissionDenied
    excel.check_upload(upload)
    with transaction.atomic():
        job = ImportJob(
            original_name=(upload.name or "")[:200],
            content_type=excel.CONTENT_TYPE,
            size=upload.size,
            uploaded_by=started_by,
            language=translation.get_language() or "zh-hans",
        )
        job.file.save("workbook.xlsx", upload, save=False)
        job.save()
        job_id = job.pk
        transaction.on_commit(lambda: enqueue_import(job_id))
    return job


def enqueue_import(job_id: int) -> None:
    from qiao.directory.tasks import run_import

    run_import.enqueue(job_id=job_id)


def _set(job_id: int, **fields) -> None:
    ImportJob.objects.filter(pk=job_id).update(updated_at=timezone.now(), **fields)


def run_import(job_id: int) -> str:
    """Import the stored workbook of the job; return its final status."""
    job = ImportJob.objects.select_related("uploaded_by").get(pk=job_id)
    if job.is_finished:
        return job.status
    with translation.override(job.language):
        try:
            with job.file.open("rb") as upload:
                result = excel.import_workbook(
                    upload=upload,
                    actor=job.uploaded_by,
                    on_stage=lambda stage, rows: _set(job_id, status=stage, rows=rows),
                )
        except excel.WorkbookError as error:
            _finish(job, ImportJob.Status.FAILED, workbook_error=str(error)[:300])
            return ImportJob.Status.FAILED
        except Exception:
            # Nothing was saved (the import's transaction rolled back); say so, then let the
            # worker log the error.
            message = _("The import stopped on an unexpected error; nothing was saved.")
            _finish(job, ImportJob.Status.FAILED, workbook_error=message)
            raise
    if result.errors:
        errors = [dataclasses.asdict(e) for e in result.errors]
        _finish(job, ImportJob.Status.FAILED, errors=errors)
        return ImportJob.Status.FAILED
    _finish(job, ImportJob.Status.SUCCEEDED, summary=vars(result.summary))
    logger.info("directory.import.finished", extra={"job_id": job_id, **vars(result.summary)})
    return ImportJob.Status.SUCCEEDED


def _finish(job: ImportJob, status: str, **fields) -> None:
    # The workbook holds contact details: it is kept only until the import has run.
    job.file.delete(save=False)
    _set(job.pk, status=status, finished_at=timezone.now(), file="", **fields)
