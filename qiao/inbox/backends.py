"""The authentication backend, also loading the user's unread count for the header badge."""

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from qiao.directory.backends import MembershipBackend
from qiao.inbox.models import Notification


class InboxMembershipBackend(MembershipBackend):
    """Every signed-in page shows the unread badge; load its count with the user, not after."""

    def annotations(self) -> dict:
        unread = (
            Notification.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True)
            .values("recipient")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return {"_qiao_unread": Coalesce(Subquery(unread, output_field=IntegerField()), 0)}
