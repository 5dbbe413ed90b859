"""Meeting-request quotas and registrations approved at once, granted outside the events app
(e.g. an alliance tier), by registry.

Events may not import the apps above them (``qiao/tests/test_app_dependencies.py``), so an
app that grants more requests registers a function here in its ``AppConfig.ready()``. A
function answers ``(event organiser id, sender organisation id) -> requests per event`` or
``None``; a grant only ever raises the participant type's quota, never lowers it.
"""

from __future__ import annotations

from collections.abc import Callable

Quota = Callable[[int, int], int | None]

_quotas: list[Quota] = []


def register_request_quota(quota: Quota) -> Quota:
    if quota not in _quotas:
        _quotas.append(quota)
    return quota


def request_quota(*, organiser_id: int, organisation_id: int, base: int) -> int:
    granted = [q for fn in _quotas if (q := fn(organiser_id, organisation_id)) is not None]
    return max([base, *granted])


# Registrations approved at once, without the organiser: ``(event organiser id, registering
# organisation id) -> bool`` (e.g. an alliance tier with priority registration).
AutoApproval = Callable[[int, int], bool]

_auto_approvals: list[AutoApproval] = []


def register_auto_approval(rule: AutoApproval) -> AutoApproval:
    if rule not in _auto_approvals:
        _auto_approvals.append(rule)
    return rule


def approved_at_once(*, organiser_id: int, organisation_id: int) -> bool:
    return any(rule(organiser_id, organisation_id) for rule in _auto_approvals)
