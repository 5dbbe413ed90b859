from qiao.alliances.api import router as alliances_router
from qiao.calls.api import router as calls_router
from qiao.core.api_errors import register_error_handlers
from qiao.core.openapi import QiaoAPI
from qiao.directory.api import router as directory_router
from qiao.events.api import router as events_router
from qiao.experts.api import router as experts_router
from qiao.inbox.api import router as inbox_router
from qiao.insights.api import router as insights_router
from qiao.intel.api import router as intel_router
from qiao.lab.api import router as lab_router
from qiao.market.api import router as market_router
from qiao.matching.api import router as matching_router
from qiao.pipeline.api import router as pipeline_router
from qiao.policies.api import router as policies_router
from qiao.reporting.api import router as reporting_router
from qiao.servicedesk.api import router as servicedesk_router
from qiao.taxonomy.api import router as taxonomy_router

api = QiaoAPI(
    title="Qiao API",
    version="1",
    description=(
        "Qiao (桥): the cluster directory, needs and offers, explained matches, the inbox. "
        "Sign in with the session (writes need the CSRF token) or a personal access token: "
        "`Authorization: Bearer qiao_…`, made on the account's API tokens page."
    ),
    urls_namespace="api",
)
register_error_handlers(api)

api.add_router("/taxonomy/", taxonomy_router)
api.add_router("/directory/", directory_router)
api.add_router("/inbox/", inbox_router)
api.add_router("/market/", market_router)
api.add_router("/matching/", matching_router)
api.add_router("/pipeline/", pipeline_router)
api.add_router("/lab/", lab_router)
api.add_router("/events/", events_router)
api.add_router("/news/", intel_router)
api.add_router("/policies/", policies_router)
api.add_router("/servicedesk/", servicedesk_router)
api.add_router("/reporting/", reporting_router)
api.add_router("/insights/", insights_router)
api.add_router("/experts/", experts_router)
api.add_router("/calls/", calls_router)
api.add_router("/alliances/", alliances_router)
