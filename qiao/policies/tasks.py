"""Background work of support policies, run by `manage.py db_worker` (django-tasks)."""

from django_tasks import task


@task()
def recompute_policy(policy_id: int, published: bool = False) -> int:
    """Recompute one policy for every firm; thin wrapper around ``recompute``."""
    from qiao.policies import recompute

    return recompute.on_policy_changed(policy_id, published=published)


def enqueue_policy_recompute(*, policy_id: int, published: bool = False, **_payload) -> None:
    """Queue the recompute (subscribed to ``policy_changed``, after commit): at 10,000 firms
    it takes seconds, which the operator's request should not wait for."""
    recompute_policy.enqueue(policy_id=policy_id, published=published)
