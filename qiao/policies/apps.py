from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoliciesConfig(AppConfig):
    name = "qiao.policies"
    verbose_name = _("Support policies")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from qiao.core import effects
        from qiao.policies import (
            policies,  # noqa: F401  (registers the rules)
            recompute,
        )
        from qiao.policies.tasks import enqueue_policy_recompute

        effects.subscribe("organisation_changed", recompute.on_organisation_changed)
        effects.subscribe("project_changed", recompute.on_project_changed)
        effects.subscribe("service_request_changed", recompute.on_service_request_changed)
        effects.subscribe("membership_changed", recompute.on_membership_changed)
        # A policy change touches every firm: the worker does it, the request returns at once.
        effects.subscribe("policy_changed", enqueue_policy_recompute)

        from qiao.core import sections
        from qiao.policies.financing import need_policies_section
        from qiao.policies.profile import policies_section

        sections.register(
            sections.ORGANISATION_PAGE,
            "policies",
            template="policies/partials/profile_policies.html",
            order=60,
            build=policies_section,
        )
        sections.register(
            sections.LISTING_PAGE,
            "funding_policies",
            template="policies/partials/need_policies.html",
            order=30,
            build=need_policies_section,
        )
