"""Applications to join (入驻申请): submitted by anyone, decided by an operator.

Approving creates the organisation through the directory's ``create_organisation`` and its
first admin (the applicant's account, or a new one) through the accounts and directory
services, in one transaction: a name or credit code taken meanwhile refuses the approval and
nothing is half made. Every step is audited; notices and e-mails go out after the commit.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from qiao.accounts import services as account_services
from qiao.core import policy, uploads, writes
from qiao.directory import services as directory_services
from qiao.directory.models import Membership, Organisation, OrganisationNameKey
from qiao.directory.names import clean_name, name_key
from qiao.directory.validators import clean_credit_code
from qiao.inbox import notices
from qiao.onboarding import (
    emails,
    policies,  # noqa: F401  (registers the rules)
)
from qiao.onboarding import notices as onboarding_notices
from qiao.onboarding.models import Application, Status

APPLICATION_FIELDS = frozenset(
    {
        "name_zh",
        "name_en",
        "short_name_zh",
        "kind",
        "province",
        "city",
        "district",
        "credit_code",
        "contact_name",
        "contact_title",
        "contact_email",
        "contact_phone",
        "message",
    }
)
LICENCE_EXTENSIONS = (".pdf", ".png", ".jpg", ".jpeg")
NAME_FIELDS = ("name_zh", "name_en", "short_name_zh")


def _check_duplicates(data: Mapping[str, Any]) -> None:
    """Refuse an application for an organisation already on Qiao or already waiting."""
    code = data.get("credit_code")
    holder = Organisation.objects.filter(credit_code=code).first() if code else None
    if holder is not None:
        raise ValidationError(
            {
                "credit_code": _(
                    "“%(name)s” is already on Qiao with this code: ask its admin to add you."
                )
                % {"name": holder.name_zh}
            }
        )
    if code and Application.objects.filter(credit_code=code, status=Status.PENDING).exists():
        raise ValidationError(
            {"credit_code": _("An application with this code is already waiting for a decision.")}
        )
    keys = {f: name_key(data.get(f) or "") for f in NAME_FIELDS}
    keys = {f: k for f, k in keys.items() if k}
    taken = (
        OrganisationNameKey.objects.filter(key__in=keys.values(), is_full_name=True)
        .select_related("organisation")
        .first()
    )
    if taken is not None:
        field = next(f for f, k in keys.items() if k == taken.key)
        raise ValidationError(
            {
                field: _("“%(name)s” is already on Qiao: ask its admin to add you.")
                % {"name": taken.organisation.name_zh}
            }
        )
    pending = Application.objects.filter(status=Status.PENDING).only(*NAME_FIELDS)
    for other in pending.iterator():
        other_keys = {name_key(getattr(other, f)) for f in NAME_FIELDS} - {""}
        clash = next((f for f, k in keys.items() if k in other_keys), None)
        if clash:
            raise ValidationError(
                {clash: _("An application for this organisation is already waiting.")}
            )


def _cleaned(data: Mapping[str, Any]) -> dict[str, Any]:
    data = dict(data)
    for name in NAME_FIELDS:
        if isinstance(data.get(name), str):
            data[name] = clean_name(data[name])
    data["credit_code"] = clean_credit_code(data.get("credit_code") or "")
    if isinstance(data.get("contact_email"), str):
        data["contact_email"] = data["contact_email"].strip().lower()
    return data


def _licence_fields(licence) -> dict[str, Any]:
    if licence is None:
        return {}
    try:
        content_type = uploads.check_upload(
            licence,
            extensions=LICENCE_EXTENSIONS,
            max_mb=settings.QIAO_MAX_DOCUMENT_MB,
            wrong_type_message=_("Upload the licence as a PDF, PNG or JPEG file."),
        )
    except ValidationError as error:
        raise ValidationError({"licence": error.message_dict["file"]}) from None
    return {"licence": licence, "licence_name": licence.name[:200], "licence_type": content_type}


@transaction.atomic
def submit_application(
    *, by, data: Mapping[str, Any], licence=None, password: str = "", language: str = "zh-hans"
) -> Application:
    """Record an application (``by`` is the signed-in applicant or None) and tell the
    operators after commit. A password, if given, is checked now and stored hashed."""
    data = _cleaned(data)
    _check_duplicates(data)
    fixed: dict[str, Any] = {
        "language": language,
        "applicant": by if getattr(by, "is_authenticated", False) else None,
        **_licence_fields(licence),
    }
    if password:
        User = get_user_model()
        try:
            validate_password(password, User(email=data.get("contact_email", "")))
        except ValidationError as error:
            raise ValidationError({"password1": error.messages}) from None
        fixed["password"] = make_password(password)
    application = writes.create(
        Application, actor=by, data=data, allowed=APPLICATION_FIELDS, fixed=fixed
    )
    notices.send(
        onboarding_notices.APPLICATION_RECEIVED,
        recipients=notices.operators(),
        params={"organisation": notices.name_of(application)},
        url=reverse("onboarding:application_detail", args=[application.pk]),
        about="onboarding.applications",
    )
    return application


def _locked(application: Application, version: int | None) -> Application:
    current = Application.objects.select_for_update().get(pk=application.pk)
    writes.check_version(current, version if version is not None else application.version)
    if current.status != Status.PENDING:
        raise ValidationError(_("This application has already been decided."))
    return current


def _first_admin(application: Application, by):
    """The applicant's account (existing, or new with the password they chose, or none yet:
    then a link to set one is e-mailed). Return (user, set-password link or "")."""
    User = get_user_model()
    user = application.applicant
    if user is None:
        user = User.objects.filter(email__iexact=application.contact_email).first()
    if user is not None:
        return user, ""
    phone = str(application.contact_phone) if application.contact_phone else ""
    if phone and User.objects.filter(phone=phone).exists():
        phone = ""  # the number names another account; the admin can add it later
    user = account_services.create_account(
        by=by,
        email=application.contact_email,
        full_name=application.contact_name,
        phone=phone,
        password_hash=application.password,
        language=application.language,
    )
    if application.password:
        return user, ""
    link = settings.QIAO_BASE_URL + reverse(
        "accounts:password_reset_confirm",
        args=[
            urlsafe_base64_encode(force_bytes(user.pk)),
            default_token_generator.make_token(user),
        ],
    )
    return user, link


def _forget_password(application: Application) -> None:
    # The hash has served its purpose once decided; it is a secret, not a change to audit.
    Application.objects.filter(pk=application.pk).update(password="")
    application.password = ""


def _organisation_data(application: Application) -> dict[str, Any]:
    return {
        "kind": application.kind,
        "name_zh": application.name_zh,
        "name_en": application.name_en,
        "short_name_zh": application.short_name_zh,
        "province": application.province,
        "city": application.city,
        "district": application.district,
        "credit_code": application.credit_code,
    }


@transaction.atomic
def approve_application(*, application: Application, by, version: int | None = None):
    """Create the organisation and its first admin; tell the applicant (inbox and e-mail)."""
    policy.authorize(by, "onboarding.review_application", application)
    application = _locked(application, version)
    organisation = directory_services.create_organisation(
        by=by, data=_organisation_data(application)
    )
    user, link = _first_admin(application, by)
    directory_services.add_member(
        organisation=organisation, user=user, role=Membership.Role.ADMIN, by=by
    )
    writes.update(
        application,
        actor=by,
        data={
            "status": Status.APPROVED,
            "decided_by": by,
            "decided_at": timezone.now(),
            "organisation": organisation,
        },
        allowed={"status", "decided_by", "decided_at", "organisation"},
    )
    _forget_password(application)
    notices.send(
        onboarding_notices.APPLICATION_APPROVED,
        recipients=[user],
        params={"organisation": notices.name_of(organisation)},
        url=reverse("directory:organisation_detail", args=[organisation.pk]),
        about=application,
        exclude=[by],
    )
    emails.send_decision_after_commit(application_id=application.pk, set_password_url=link)
    return organisation


@transaction.atomic
def decline_application(
    *, application: Application, by, reason: str, version: int | None = None
) -> Application:
    """Decline with a reason the applicant reads (inbox, if they have an account, and e-mail)."""
    policy.authorize(by, "onboarding.review_application", application)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Tell the applicant why.")})
    application = _locked(application, version)
    writes.update(
        application,
        actor=by,
        data={
            "status": Status.DECLINED,
            "decided_by": by,
            "decided_at": timezone.now(),
            "reason": reason,
        },
        allowed={"status", "decided_by", "decided_at", "reason"},
        note=reason,
    )
    _forget_password(application)
    account = application.applicant or (
        get_user_model().objects.filter(email__iexact=application.contact_email).first()
    )
    if account is not None:
        notices.send(
            onboarding_notices.APPLICATION_DECLINED,
            recipients=[account],
            params={"organisation": notices.name_of(application), "reason": reason},
            url=reverse("onboarding:apply"),
            about=application,
            exclude=[by],
        )
    emails.send_decision_after_commit(application_id=application.pk, set_password_url="")
    return application
