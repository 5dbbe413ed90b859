from ninja import NinjaAPI

from qiao.core.api_errors import register_error_handlers
from qiao.directory.api import router as directory_router
from qiao.taxonomy.api import router as taxonomy_router

api = NinjaAPI(
    title="Qiao API",
    version="1",
    description="The cluster directory of Qiao (桥). Session sign-in; writes need the CSRF token.",
    urls_namespace="api",
)
register_error_handlers(api)

api.add_router("/taxonomy/", taxonomy_router)
api.add_router("/directory/", directory_router)
