"""Background work of matching, run by `manage.py db_worker` (django-tasks)."""

from django_tasks import task


@task()
def match_listing(listing_id: int) -> int:
    """Match a published or edited listing; thin wrapper around the service."""
    # Imported here: the engine (numpy, scipy, the glossary) loads in the worker, not in
    # every web process that merely queues work.
    from qiao.matching import services

    return services.run_matching_for_listing(listing_id=listing_id)


def enqueue_matching(*, listing_id: int) -> None:
    """Queue matching of the listing (subscribed to ``listing_changed``, after commit)."""
    match_listing.enqueue(listing_id=listing_id)
