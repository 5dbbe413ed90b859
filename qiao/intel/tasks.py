"""Background work of news intelligence, run by `manage.py db_worker` (django-tasks)."""

from django_tasks import task


@task()
def fetch_article(fetch_id: int) -> str:
    """Fetch and ingest one queued URL; thin wrapper around the service."""
    from qiao.intel.fetch import run_article_fetch

    job = run_article_fetch(fetch_id=fetch_id)
    return job.status if job else "skipped"
