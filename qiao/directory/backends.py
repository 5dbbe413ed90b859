"""Authentication backend that loads a signed-in user and their roles in one query."""

import phonenumbers
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from qiao.directory.models import Membership
from qiao.directory.roles import Roles


class MembershipBackend(ModelBackend):
    """Django's ModelBackend, but ``get_user`` joins the user's memberships.

    Every page asks what the viewer may do; loading the memberships with the user (a LEFT
    JOIN) instead of in a second query keeps pages within their query budget.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        """Sign in by e-mail address or by the account's mobile phone number."""
        if username and "@" not in username:
            phone = phone_of(username)
            if phone:
                email = (
                    get_user_model()
                    ._default_manager.filter(phone=phone)
                    .values_list("email", flat=True)
                    .first()
                )
                # Unknown numbers go on as typed: ModelBackend then spends the same time on
                # a password hash as for a known account, so numbers can't be probed.
                username = email or username
        return super().authenticate(request, username=username, password=password, **kwargs)

    def annotations(self) -> dict:
        """Return extra per-user values to load in the same query (for apps above)."""
        return {}

    def get_user(self, user_id):
        User = get_user_model()
        fields = [f.attname for f in User._meta.concrete_fields]
        extra = self.annotations()
        rows = list(
            User._default_manager.filter(pk=user_id)
            .annotate(**extra)
            .values_list(*fields, *extra, "memberships__organisation_id", "memberships__role")
        )
        if not rows:
            return None
        user = User.from_db(None, fields, rows[0][: len(fields)])
        for offset, name in enumerate(extra):
            setattr(user, name, rows[0][len(fields) + offset])
        if not self.user_can_authenticate(user):
            return None
        memberships = [(row[-2], row[-1]) for row in rows if row[-2] is not None]
        user._qiao_roles = Roles(
            is_authenticated=True,
            is_operator=bool(user.is_operator or user.is_superuser),
            admin_of=frozenset(o for o, role in memberships if role == Membership.Role.ADMIN),
            member_of=frozenset(o for o, _role in memberships),
        )
        return user


def phone_of(text: str) -> str:
    """Return ``text`` as an E.164 number (Chinese unless it starts with +), or ""."""
    try:
        number = phonenumbers.parse(text.strip(), "CN")
    except phonenumbers.NumberParseException:
        return ""
    if not phonenumbers.is_valid_number(number):
        return ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
