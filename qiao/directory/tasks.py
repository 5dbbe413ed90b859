"""Background work of the directory, run by `manage.py db_worker` (django-tasks)."""

from django_tasks import task


@task()
def run_import(job_id: int) -> str:
    """Import an uploaded workbook; thin wrapper around ``imports.run_import``."""
    from qiao.directory import imports

    return imports.run_import(job_id)
