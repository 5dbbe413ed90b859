"""Plain e-mails of joining, in the language of the person they go to.

An applicant may have no account yet, so the decision on an application goes by e-mail in
the language they applied in, beside any in-app notice.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _


def send_decision_after_commit(*, application_id: int, set_password_url: str) -> None:
    transaction.on_commit(
        lambda: send_decision(application_id=application_id, set_password_url=set_password_url)
    )


def send_decision(*, application_id: int, set_password_url: str) -> None:
    from qiao.onboarding.models import Application, Status

    application = Application.objects.select_related("organisation").get(pk=application_id)
    with translation.override(application.language):
        approved = application.status == Status.APPROVED
        subject = (
            _("Welcome to Qiao: %(organisation)s has joined")
            if approved
            else _("Your application to join Qiao: %(organisation)s")
        ) % {"organisation": application.name_zh}
        body = render_to_string(
            "onboarding/emails/decision.txt",
            {
                "application": application,
                "approved": approved,
                "set_password_url": set_password_url,
                "login_url": settings.QIAO_BASE_URL + reverse("accounts:login"),
            },
        )
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [application.contact_email])


def send_sign_up_link(*, email: str, url: str, language: str, existing: bool) -> None:
    """The link that confirms a sign-up, or, for an address that already has an account,
    a note saying so (the page answers the same either way)."""
    with translation.override(language):
        subject = _("Confirm your e-mail address for Qiao")
        body = render_to_string(
            "onboarding/emails/sign_up.txt",
            {
                "url": url,
                "existing": existing,
                "reset_url": settings.QIAO_BASE_URL + reverse("accounts:password_reset"),
                "days": 2,
            },
        )
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email])
