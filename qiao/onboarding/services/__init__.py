"""Write operations of joining: applications, sign-up, requests to join an organisation."""

from qiao.onboarding.services.applications import (
    APPLICATION_FIELDS,
    approve_application,
    decline_application,
    submit_application,
)
from qiao.onboarding.services.join_requests import (
    approve_join_request,
    decline_join_request,
    request_to_join,
)
from qiao.onboarding.services.signup import SIGNUP_MAX_AGE, sign_up, verify_sign_up

__all__ = [
    "APPLICATION_FIELDS",
    "SIGNUP_MAX_AGE",
    "approve_application",
    "approve_join_request",
    "decline_application",
    "decline_join_request",
    "request_to_join",
    "sign_up",
    "submit_application",
    "verify_sign_up",
]
