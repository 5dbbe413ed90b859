from django.utils.functional import SimpleLazyObject

from qiao.inbox.selectors import count_unread


def inbox(request):
    """Offer the unread count to every template (loaded with the user where possible)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    preloaded = getattr(user, "_qiao_unread", None)
    if preloaded is not None:
        return {"unread_notifications": preloaded}
    return {"unread_notifications": SimpleLazyObject(lambda: count_unread(recipient=user))}
