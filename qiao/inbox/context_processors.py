from django.utils.functional import SimpleLazyObject

from qiao.inbox.selectors import count_unread


def inbox(request):
    """Offer the unread count to every template; queried only where a template uses it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: count_unread(recipient=user))}
